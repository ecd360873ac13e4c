#!/usr/bin/env python3
"""Writes examples/<pack>/events.jsonl: sample staff, customers and a month
of events for every rule pack, valid for that pack (no event is rejected).

    python3 examples/generate.py            # from the repository root

The output is deterministic: no wall clock, and the only randomness is a
random.Random with a fixed seed per pack.  Run it again after changing it
and commit the .jsonl files with it; tests/cli/examples.sh checks them.
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

CITIES = ["西安", "宝鸡", "咸阳", "渭南", "汉中", "延安", "榆林", "安康", "商洛", "铜川",
          "兰州", "天水", "银川", "西宁", "乌鲁木齐", "哈密"]
TRADES = ["建材", "物流", "钢铁", "化工", "食品", "机械", "煤业", "水泥", "农牧", "商贸"]


def company(i, suffix="有限公司"):
    return CITIES[i % len(CITIES)] + TRADES[(i * 7 + i // len(CITIES)) % len(TRADES)] + suffix


def person(i):
    family = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
    given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"]
    return family[i % len(family)] + given[(i * 5 + i // len(family)) % len(given)]


class Pack:
    """Events of one pack, written sorted by time (stable for equal times)."""

    def __init__(self, name, year=2026, month=3):
        self.name, self.year, self.month = name, year, month
        self.events = []
        self.ids = set()
        self.rng = random.Random(name)

    def at(self, day, hh=9, mm=0, month=None, year=None, ss=0):
        return "%04d-%02d-%02dT%02d:%02d:%02d+08:00" % (
            year or self.year, month or self.month, day, hh, mm, ss)

    def ev(self, eid, etype, at, data):
        assert eid not in self.ids, eid
        self.ids.add(eid)
        self.events.append((at, len(self.events),
                            {"id": eid, "pack": self.name, "type": etype, "at": at, "data": data}))

    def staff(self, sid, role, at, **kw):
        d = {"id": sid, "role": role}
        d.update(kw)
        self.ev("staff:" + sid, "staff.upsert", at, d)

    def customer(self, cid, at, eid=None, **kw):
        d = {"id": cid}
        d.update(kw)
        self.ev(eid or "customer:" + cid, "customer.upsert", at, d)

    def ticks(self, days, hh=8, month=None, year=None):
        for d in days:
            at = self.at(d, hh, 0, month=month, year=year)
            self.ev("tick@" + at, "tick", at, {})

    def write(self):
        os.makedirs(os.path.join(HERE, self.name), exist_ok=True)
        path = os.path.join(HERE, self.name, "events.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for _, _, e in sorted(self.events, key=lambda x: (x[0], x[1])):
                f.write(json.dumps(e, ensure_ascii=False, separators=(",", ":")) + "\n")
        return path, len(self.events)


def yuan(n):
    """Yuan to fen, exactly (n may be a string like "4999999.99")."""
    whole, _, frac = str(n).partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


MARCH = range(2, 32)   # daily ticks, 2026-03-02 .. 2026-03-31

# ---------------------------------------------------------------------------
# siwei: classes A/B/C from the segment, monthly/quarterly/half-yearly
# follow-ups, class-1 demand weekly, complaints paid or free.


def siwei():
    p = Pack("siwei")
    t0 = p.at(2, 8, 0)
    for r in ["west", "east", "north"]:
        p.staff("rm-" + r, "region_manager", t0, region=r, name=person(len(r)))
    p.staff("gm", "sales_gm", t0, name="销售总经理 " + person(3))
    p.staff("ms", "marketing_supervisor", t0, name="营销主管 " + person(4))
    p.staff("ss", "sales_supervisor", t0, name=person(5))
    sales = ["s%02d" % i for i in range(1, 9)]
    for i, s in enumerate(sales):
        p.staff(s, "sales", t0, region=["west", "east", "north"][i % 3], name=person(10 + i))
    segs = (["highway"] * 7 + ["secondary_road"] * 6 + ["large_industrial"] * 5 +
            ["retail"] * 6 + ["municipal"] * 3 + [None] * 3)
    customers = []
    for i, seg in enumerate(segs):
        cid = "c%02d" % (i + 1)
        region = ["west", "east", "north"][i % 3]
        d = {"name": company(i), "region": region, "owner": sales[i % len(sales)]}
        if seg:
            d["segment"] = seg
        if i in (8, 14, 19):       # class-1 demand (计重收费 / 超限检测)
            d["attrs"] = {"demand": "class1", "bid_date": "2026-04-%02d" % (10 + i),
                          "bidders": ["中航衡器", "梅特勒"]}
        if i == 20:                # class-1 without the bid date and bidders (第十三条)
            d["attrs"] = {"demand": "class1"}
        if i in (5, 11, 23):
            d["attrs"] = {"demand": "class2"}
        p.customer(cid, p.at(2, 9, i), **d)
        customers.append((cid, seg, region))
    # 第十三条: the missing details arrive later
    p.customer("c21", p.at(10, 11), eid="customer:c21:bid",
               attrs={"demand": "class1", "bid_date": "2026-04-28", "bidders": ["耀华", "托利多"]})
    # a former customer stays managed (第四条)
    p.customer("c27", p.at(16, 10), eid="customer:c27:former", status="former")
    # 第六条, 第十二条: A follow-ups by the region manager, with what they record
    full = {"product_type": "SCS-100 汽车衡", "usage": "正常", "quality": "良好",
            "service_opinion": "满意", "contact_changes": "无"}
    n = 0
    for cid, seg, region in customers:
        if seg == "highway":
            n += 1
            day = 5 + 3 * n
            fields = dict(full)
            if n == 4:             # incomplete: no contact_changes (第十二条)
                del fields["contact_changes"]
            p.ev("fu:%s:%02d" % (cid, day), "followup.logged", p.at(day, 15),
                 {"customer": cid, "staff": "rm-" + region, "kind": "visit",
                  "form": "重大客户跟踪服务单", "fields": fields})
    # 第九条: class-1 demand weekly — c09 is followed every week, c15 and c20 are not
    for day in (6, 13, 20, 27):
        p.ev("fu:c09:demand:%02d" % day, "followup.logged", p.at(day, 16),
             {"customer": "c09", "staff": "rm-north", "kind": "phone"})
    for cid, day in (("c12", 12), ("c18", 18), ("c25", 25)):
        p.ev("fu:%s:%02d" % (cid, day), "followup.logged", p.at(day, 14),
             {"customer": cid, "staff": "s%02d" % (int(cid[1:]) % 8 or 8), "kind": "phone"})
    # 二.三 complaints: paid or free, routed by kind
    complaints = [("k01", "c02", "quality", False), ("k02", "c05", "function", True),
                  ("k03", "c10", "attitude", False), ("k04", "c13", "dealer", False),
                  ("k05", "c19", "general", True), ("k06", "c01", "quality", True),
                  ("k07", "c22", "general", False)]
    for i, (kid, cid, kind, paid) in enumerate(complaints):
        p.ev("complaint:" + kid, "complaint.received", p.at(4 + 3 * i, 10, 30),
             {"id": kid, "customer": cid, "kind": kind, "channel": ["call", "letter", "visit"][i % 3],
              "paid": paid, "text": "客户来电: 设备" + ["称量不准", "显示故障", "服务态度", "经销商"][i % 4]})
    p.ev("complaint:k08", "complaint.received", p.at(24, 9, 15),
         {"id": "k08", "customer": "c07", "kind": "quality", "paid": False,
          "text": "称重数据争议, 客户称将诉诸媒体", "attrs": {"major": True}})
    p.ev("decision:k02", "approval.decided", p.at(8, 11),
         {"approval": "paid-service:k02", "decision": "approve", "by": "ms"})
    p.ev("decision:k05", "approval.decided", p.at(17, 11),
         {"approval": "paid-service:k05", "decision": "reject", "by": "ms", "note": "保修期内, 改为无偿"})
    p.ev("response:k01", "complaint.responded", p.at(5, 16), {"complaint": "k01", "by": "s02"})
    p.ticks(MARCH)
    return p

# ---------------------------------------------------------------------------
# salesvc: visits filed a day ahead, samples, answering every contact,
# after-sales follow-up of each sale, corrective measures.


def salesvc():
    p = Pack("salesvc")
    t0 = p.at(2, 8)
    p.staff("lead", "company_leadership", t0, name="总经理 " + person(1))
    p.staff("qi", "quality_inspection", t0, name="质检部 " + person(2))
    sales = ["s%02d" % i for i in range(1, 7)]
    for i, s in enumerate(sales):
        p.staff(s, "sales", t0, name=person(20 + i))
    for i in range(30):
        p.customer("c%02d" % (i + 1), p.at(2, 9, i), name=company(i + 3), owner=sales[i % 6])
    # 四(三)1: sales, each with an after-sales follow-up within 30 days
    for i in range(14):
        cid = "c%02d" % (i * 2 + 1)
        day = 3 + i
        p.ev("order:o%02d" % (i + 1), "order.placed", p.at(day, 10),
             {"id": "o%02d" % (i + 1), "customer": cid, "staff": sales[(i * 2) % 6],
              "amount_fen": yuan(12000 + 3500 * i)})
        if i < 6:
            p.ev("fu:%s:aftersales" % cid, "followup.logged", p.at(day + 10, 15),
                 {"customer": cid, "staff": sales[(i * 2) % 6], "kind": "aftersales",
                  "form": "售后服务档案"})
    # 四(一)3: visit requests, one filed on the visit day (refused by the rule)
    visits = [("v1", "c04", 3, 6), ("v2", "c09", 9, 12), ("v3", "c15", 16, 17), ("v4", "c20", 23, 23)]
    for vid, cid, filed, visit in visits:
        p.ev("request:" + vid, "approval.requested", p.at(filed, 10),
             {"id": vid, "kind": "visit", "customer": cid, "subject": "《客户参观申请表》 " + company(int(cid[1:])),
              "requested_by": "s%02d" % (int(cid[1:]) % 6 or 6), "attrs": {"visit_date": "2026-03-%02d" % visit}})
    p.ev("decision:v1", "approval.decided", p.at(4, 9), {"approval": "v1", "decision": "approve", "by": "lead"})
    p.ev("decision:v2", "approval.decided", p.at(10, 9), {"approval": "v2", "decision": "approve", "by": "lead"})
    p.ev("decision:v3", "approval.decided", p.at(16, 17), {"approval": "v3", "decision": "approve", "by": "lead"})
    # 四(一)2: samples, the customer's opinion collected within 14 days
    for i, (sid, cid, day) in enumerate((("sp1", "c06", 5), ("sp2", "c12", 11), ("sp3", "c18", 19))):
        p.ev("request:" + sid, "approval.requested", p.at(day, 14),
             {"id": sid, "kind": "sample", "customer": cid, "subject": "样品申请 " + cid,
              "requested_by": "s%02d" % (i + 1)})
        p.ev("decision:" + sid, "approval.decided", p.at(day + 1, 9),
             {"approval": sid, "decision": "approve", "by": "qi"})
    p.ev("fu:c06:sample", "followup.logged", p.at(15, 16),
         {"customer": "c06", "staff": "s06", "kind": "sample_feedback"})
    # 四(二)3–4, 四(三): calls, letters and visits answered; quality claims
    contacts = [("k01", "c02", "call", "enquiry"), ("k02", "c07", "letter", "quality"),
                ("k03", "c11", "visit", "enquiry"), ("k04", "c14", "call", "quality_claim"),
                ("k05", "c21", "call", "delivery"), ("k06", "c25", "letter", "quality"),
                ("k07", "c28", "call", "enquiry"), ("k08", "c30", "visit", "price")]
    for i, (kid, cid, ch, kind) in enumerate(contacts):
        day = 3 + 3 * i
        p.ev("complaint:" + kid, "complaint.received", p.at(day, 11),
             {"id": kid, "customer": cid, "kind": kind, "channel": ch, "text": "客户" + ch})
        if i % 3 != 2:
            p.ev("response:" + kid, "complaint.responded", p.at(day + 1, 15),
                 {"complaint": kid, "by": "s%02d" % (int(cid[1:]) % 6 or 6), "text": "已答复并告知纠正措施"})
    p.ticks(MARCH)
    return p

# ---------------------------------------------------------------------------
# realty: consultants own the customers they entered first, contracts
# reviewed after signing, viewings approved, fines and rewards.


def realty():
    p = Pack("realty")
    t0 = p.at(2, 8)
    p.staff("dm", "department_manager", t0, name="本部经理 " + person(1))
    p.staff("gm", "general_manager", t0, name="总经理 " + person(2))
    p.staff("fin", "finance", t0, name="财务 " + person(3))
    cons = ["k%02d" % i for i in range(1, 8)]
    for i, k in enumerate(cons):
        attrs = {"target": "%d yuan" % (200000 + 50000 * (i % 3))} if i < 5 else {}
        p.staff(k, "consultant", t0, name="置业顾问 " + person(30 + i), attrs=attrs)
    for i in range(30):
        cid = "c%02d" % (i + 1)
        day = 2 + i % 20
        first = p.at(day - 1 if i % 9 == 4 else day, 10)   # c05, c14, c23: entered a day late
        if i % 9 == 4:
            first = "2026-03-%02dT09:00:00+08:00" % (day - 1)
        p.customer(cid, p.at(day, 11, i), name="客户 " + person(40 + i), owner=cons[i % 7],
                   status="active", attrs={"first_contact": first, "need": ["二手房", "新房", "租赁"][i % 3]})
    # 第一条: a customer nobody can place is allocated by the manager
    p.customer("c30", p.at(22, 10), eid="customer:c30:allocated", owner="k03",
               attrs={"allocated_by": "dm"})
    # 第四条: viewings with and without approval
    for i in range(10):
        vid, cid = "view%02d" % (i + 1), "c%02d" % (i * 3 + 1)
        k = cons[(i * 3) % 7]
        p.ev("request:" + vid, "approval.requested", p.at(4 + 2 * i, 9),
             {"id": vid, "kind": "viewing", "customer": cid, "subject": "带看 " + cid, "requested_by": k})
        p.ev("decision:" + vid, "approval.decided", p.at(4 + 2 * i, 9, 30),
             {"approval": vid, "decision": "approve", "by": "dm"})
        p.ev("viewing:" + vid, "violation.reported", p.at(4 + 2 * i, 15),
             {"id": "report-" + vid, "staff": k, "kind": "viewing", "attrs": {"approval": vid}})
    p.ev("violation:v1", "violation.reported", p.at(12, 17),
         {"id": "v1", "staff": "k06", "kind": "viewing", "attrs": {"note": "私自带客户看房"}})
    # 第三条: signed contracts (orders) handed in for review, one late
    deals = [("o01", "c02", "k02", 6, 260000), ("o02", "c05", "k05", 9, 180000),
             ("o03", "c08", "k01", 13, 320000), ("o04", "c11", "k04", 17, 150000),
             ("o05", "c14", "k07", 20, 90000), ("o06", "c17", "k03", 24, 410000),
             ("o07", "c20", "k06", 27, 230000)]
    for oid, cid, k, day, amount in deals:
        p.ev("order:" + oid, "order.placed", p.at(day, 16),
             {"id": oid, "customer": cid, "staff": k, "amount_fen": yuan(amount)})
        if oid != "o04":
            p.ev("request:" + oid, "approval.requested", p.at(day, 18),
                 {"id": oid, "kind": "contract", "customer": cid, "subject": "认购书/合同 " + oid,
                  "requested_by": k, "amount_fen": yuan(amount)})
            p.ev("decision:" + oid, "approval.decided", p.at(day + 1, 10),
                 {"approval": oid, "decision": "approve", "by": "dm"})
    # 第二条 revisits
    for i in range(12):
        cid = "c%02d" % (i * 2 + 1)
        p.ev("fu:%s" % cid, "followup.logged", p.at(12 + i, 14),
             {"customer": cid, "staff": cons[(i * 2) % 7], "kind": "revisit"})
    # 第一条, 第二条, 第五–六条 conduct
    p.ev("violation:v2", "violation.reported", p.at(11, 10),
         {"id": "v2", "staff": "k04", "kind": "untruthful_listing", "attrs": {"listing": "L-118"}})
    p.ev("violation:v3", "violation.reported", p.at(18, 10),
         {"id": "v3", "staff": "k05", "kind": "malicious_competition"})
    p.ev("violation:v4", "violation.reported", p.at(25, 10),
         {"id": "v4", "staff": "k07", "kind": "leak"})
    p.ev("request:ext1", "approval.requested", p.at(19, 10),
         {"id": "ext1", "kind": "external_contact", "subject": "与同行中介联合代理", "requested_by": "k01"})
    p.ev("decision:ext1", "approval.decided", p.at(20, 10),
         {"approval": "ext1", "decision": "approve", "by": "gm"})
    p.ticks(MARCH)
    return p

# ---------------------------------------------------------------------------
# optics: contract review before signing, authorised signers, price cuts.


def optics():
    p = Pack("optics")
    t0 = p.at(2, 8)
    roles = [("board", "board"), ("gm", "general_manager"), ("ch", "commercial_head"),
             ("rv", "authorised_reviewer"), ("sg1", "authorised_signer"), ("sg2", "authorised_signer"),
             ("qh", "quality_head"), ("ph", "production_head"), ("pu", "purchasing_head")]
    for i, (sid, role) in enumerate(roles):
        p.staff(sid, role, t0, name=person(50 + i))
    sales = ["s%02d" % i for i in range(1, 6)]
    for i, s in enumerate(sales):
        p.staff(s, "sales", t0, name=person(60 + i), department="商务运营部")
    for i in range(28):
        p.customer("c%02d" % (i + 1), p.at(2, 9, i), name=company(i + 5, "光电有限公司"),
                   owner=sales[i % 5])
    # 4.6: reviews — regular, special, important — then the signed contract
    contracts = []
    for i in range(12):
        cid = "c%02d" % (i * 2 + 1)
        kind = "important" if i in (3, 9) else "special" if i % 3 == 1 else "regular"
        attrs = {"important": True} if kind == "important" else {"special": True} if kind == "special" else {}
        rid = "r%02d" % (i + 1)
        day = 3 + 2 * i
        list_price = yuan(50000 + 10000 * i)
        p.ev("request:" + rid, "approval.requested", p.at(day, 10),
             {"id": rid, "kind": "contract", "customer": cid, "subject": "合同评审 " + kind + " " + cid,
              "requested_by": sales[i % 5], "amount_fen": list_price, "attrs": attrs})
        chain = {"regular": ["rv", "sg1"], "special": ["qh", "ph", "pu", "ch", "gm"], "important": ["gm"]}[kind]
        for j, who in enumerate(chain):
            p.ev("decision:%s:%s" % (rid, who), "approval.decided", p.at(day, 14, j),
                 {"approval": rid, "decision": "approve", "by": who})
        contracts.append((rid, cid, day, list_price, i))
    # 4.1.6: one agreed price cut, one without permission
    p.ev("request:d1", "approval.requested", p.at(6, 9),
         {"id": "d1", "kind": "sale_discount", "customer": "c05", "subject": "销售降价 5%", "requested_by": "s03",
          "amount_fen": yuan(3500)})
    p.ev("decision:d1", "approval.decided", p.at(6, 11), {"approval": "d1", "decision": "approve", "by": "ch"})
    for rid, cid, day, list_price, i in contracts:
        attrs = {"review": rid, "signed_by": "gm" if i in (3, 9) else ["sg1", "sg2"][i % 2]}
        amount = list_price
        if rid == "r02":     # c03, sold 5% under list, no approved cut
            amount = list_price * 95 // 100
        if rid == "r03":     # c05, with the approved cut d1
            amount = list_price - yuan(3500)
            attrs["approval"] = "d1"
        p.ev("order:o%s" % rid[1:], "order.placed", p.at(day + 1, 10),
             {"id": "o" + rid[1:], "customer": cid, "staff": sales[i % 5], "amount_fen": amount,
              "list_price_fen": list_price, "attrs": attrs})
    # 4.8: a change the company initiates needs the customer's consent
    p.ev("request:ch1", "approval.requested", p.at(20, 10),
         {"id": "ch1", "kind": "contract_change", "customer": "c01", "subject": "交货期推迟一周",
          "requested_by": "s01", "attrs": {"initiated_by": "company"}})
    for who in ("rv", "sg1", "c01"):
        p.ev("decision:ch1:" + who, "approval.decided", p.at(20, 15),
             dict({"approval": "ch1", "decision": "approve", "by": who},
                  **({"note": "电话同意"} if who == "c01" else {})))
    # 3 权责: an ex-factory price cut needs the board and the GM
    p.ev("request:x1", "approval.requested", p.at(23, 9),
         {"id": "x1", "kind": "ex_factory_price", "subject": "LED 模组出厂价下调 3%", "requested_by": "ch"})
    p.ev("decision:x1:board", "approval.decided", p.at(24, 9), {"approval": "x1", "decision": "approve", "by": "board"})
    # 4.1.10 publishing sales information; 4.1.4 refusing an assignment
    p.ev("request:pub1", "approval.requested", p.at(26, 9),
         {"id": "pub1", "kind": "publish", "subject": "网络发布招商信息", "requested_by": "s04"})
    p.ev("violation:v1", "violation.reported", p.at(27, 9),
         {"id": "v1", "staff": "s05", "kind": "refused_assignment", "attrs": {"area": "西北区"}})
    p.ticks(MARCH)
    return p

# ---------------------------------------------------------------------------
# kangdun: A/B/C/D classes, commission on collected money, travel,
# credit sales and collections, monthly plans.


def kangdun():
    p = Pack("kangdun")
    t0 = p.at(2, 8)
    p.staff("dm1", "department_manager", t0, department="d1", name="一部经理 " + person(70))
    p.staff("dm2", "department_manager", t0, department="d2", name="二部经理 " + person(71))
    p.staff("dh", "department_head", t0, name="部门负责人 " + person(72))
    p.staff("lead", "supervising_leader", t0, name="主管领导 " + person(73))
    p.staff("hr", "hr", t0, name="人力资源 " + person(74))
    p.staff("fin", "finance", t0, name="财务 " + person(75))
    sales = ["s%02d" % i for i in range(1, 9)]
    for i, s in enumerate(sales):
        attrs = {"probation": True} if i in (6, 7) else {}
        p.staff(s, "sales", t0, department="d1" if i < 4 else "d2", name=person(80 + i), attrs=attrs)
    credit = ["good", "good", "problem", None, "bad", "good", None, None]
    customers = []
    for i in range(32):
        cid = "c%02d" % (i + 1)
        attrs = {}
        c = credit[i % 8]
        if c:
            attrs["credit"] = c
        if i % 8 in (0, 1, 2, 5):
            attrs["scale"] = "large"
        p.customer(cid, p.at(2, 9, i), name=company(i + 2, "管业有限公司"), owner=sales[i % 8], attrs=attrs)
        customers.append(cid)
    # 五.2: orders at and above the company price, paid in parts
    n = 0
    for i in range(16):
        cid = customers[i * 2]
        s = sales[(i * 2) % 8]
        n += 1
        oid = "o%02d" % n
        lst = yuan(40000 + 5000 * i)
        amount = lst + (yuan(4000) if i % 4 == 1 else 0)
        attrs = {}
        day = 3 + i
        if i % 5 == 3:       # 七.3 credit sale with a written due date
            attrs = {"credit": True, "pay_by": "2026-03-%02d" % min(day + 7, 28)}
        p.ev("order:" + oid, "order.placed", p.at(day, 10),
             {"id": oid, "customer": cid, "staff": s, "amount_fen": amount, "list_price_fen": lst,
              "attrs": attrs})
        if i % 5 == 3 and i != 13:
            p.ev("payment:%s:1" % oid, "payment.received", p.at(min(day + 6, 28), 15),
                 {"id": oid + "-p1", "customer": cid, "staff": s, "order": oid, "amount_fen": amount,
                  "attrs": {"method": "transfer"}})
        elif i % 5 != 3:
            half = amount // 2
            p.ev("payment:%s:1" % oid, "payment.received", p.at(day, 16),
                 {"id": oid + "-p1", "customer": cid, "staff": s, "order": oid, "amount_fen": half,
                  "attrs": {"method": "cash"}})
            if i % 3 != 2:
                p.ev("payment:%s:2" % oid, "payment.received", p.at(day + 5, 11),
                     {"id": oid + "-p2", "customer": cid, "staff": s, "order": oid, "amount_fen": amount - half,
                      "attrs": {"method": "cheque", "drawer": cid}})
    # 二.7: one order below the company price
    p.ev("order:o17", "order.placed", p.at(20, 10),
         {"id": "o17", "customer": "c06", "staff": "s06", "amount_fen": yuan(38000), "list_price_fen": yuan(40000)})
    # 六: trips, claims, entertainment, gifts
    p.ev("request:t1", "approval.requested", p.at(4, 9),
         {"id": "t1", "kind": "travel", "subject": "出差 乌鲁木齐-哈密 3月9-12日", "requested_by": "s02"})
    p.ev("request:t2", "approval.requested", p.at(5, 9),
         {"id": "t2", "kind": "travel", "subject": "出差 兰州 3月10-14日", "requested_by": "dm1"})
    for t in ("t1", "t2"):
        for who, h in (("dh", 11), ("lead", 15)):
            p.ev("decision:%s:%s" % (t, who), "approval.decided", p.at(int(t[1]) + 4, h),
                 {"approval": t, "decision": "approve", "by": who})
    p.ev("request:tc1", "approval.requested", p.at(16, 10),
         {"id": "tc1", "kind": "travel_claim", "subject": "差旅报销 t1", "requested_by": "s02",
          "attrs": {"trip": "t1", "role": "sales", "xinjiang": True, "transit_days": 2, "stay_days": 2,
                    "lodging": "340 yuan", "trip_end": "2026-03-12", "receipts_complete": True}})
    p.ev("request:tc2", "approval.requested", p.at(23, 10),
         {"id": "tc2", "kind": "travel_claim", "subject": "差旅报销 t2", "requested_by": "dm1",
          "attrs": {"trip": "t2", "role": "manager", "xinjiang": False, "transit_days": 2, "stay_days": 3,
                    "trip_end": "2026-03-14", "receipts_complete": True}})
    p.ev("request:en1", "approval.requested", p.at(18, 12),
         {"id": "en1", "kind": "entertainment", "subject": "接待 " + company(4), "requested_by": "s05",
          "amount_fen": yuan(860)})
    p.ev("request:g1", "approval.requested", p.at(19, 12),
         {"id": "g1", "kind": "gift", "subject": "客户礼品", "requested_by": "s01", "amount_fen": yuan(500)})
    p.ev("decision:g1", "approval.decided", p.at(19, 16), {"approval": "g1", "decision": "approve", "by": "lead"})
    # 三.2: monthly work plans by the 5th
    for i, s in enumerate(sales):
        day = 3 if i < 6 else 6
        rid = "plan:%s:2026-03" % s
        p.ev("request:" + rid, "approval.requested", p.at(day, 9, i),
             {"id": rid, "kind": "monthly_plan", "subject": "3月工作计划 " + s, "requested_by": s})
        p.ev("decision:" + rid, "approval.decided", p.at(day, 17, i),
             {"approval": rid, "decision": "approve", "by": "dm1" if i < 4 else "dm2"})
    # 八.2: a resignation with a month's notice
    p.ev("request:res1", "approval.requested", p.at(25, 9),
         {"id": "res1", "kind": "resignation", "subject": "辞职报告 s04", "requested_by": "s04",
          "attrs": {"staff": "s04", "leave_date": "2026-04-30"}})
    p.ticks(MARCH)
    return p

# ---------------------------------------------------------------------------
# feedco: orders signed by the sales manager and credit check, batches at
# 9:00 and 13:30, contracts within authority, the planning calendar,
# complaints.


def feedco():
    p = Pack("feedco")
    t0 = p.at(2, 7)
    for sid, role in [("sm", "sales_manager"), ("gm", "general_manager"), ("fc", "finance_credit"),
                      ("mh", "marketing_head"), ("sc", "section_chief"), ("do", "dispatch_office"),
                      ("dp", "dispatcher")]:
        p.staff(sid, role, t0, name=person(len(sid) * 7 + ord(sid[0])))
    reps = ["r%02d" % i for i in range(1, 7)]
    for i, r in enumerate(reps):
        p.staff(r, "sales_rep", t0, name="行销代表 " + person(90 + i),
                attrs={"contract_limit_fen": yuan(100000 if i < 3 else 50000)})
    for i in range(30):
        attrs = {"credit": "poor"} if i % 10 == 7 else {}
        p.customer("c%02d" % (i + 1), p.at(2, 8, i), name=company(i + 1, "养殖场"), owner=reps[i % 6],
                   attrs=attrs)
    # 五.2: orders, approvals, batches
    for i in range(20):
        oid = "o%02d" % (i + 1)
        cid = "c%02d" % ((i * 3) % 30 + 1)
        day = 3 + i
        at = p.at(day, 8 + (i % 6), 15 * (i % 4))
        pickup = "2026-03-%02dT10:00:00+08:00" % (day + (0 if i % 7 == 3 else 2))
        attrs = {"pickup": pickup, "tons": 5 + i % 4}
        if i % 4 == 1:
            attrs.update({"payment": "credit", "signed_by": "采购 " + person(i), "sealed": i != 9})
        if i % 5 == 0:
            attrs["rep_on_site"] = True
        p.ev("order:" + oid, "order.placed", at,
             {"id": oid, "customer": cid, "staff": reps[i % 6], "amount_fen": yuan(18000 + 2300 * i),
              "attrs": attrs})
        if i != 19:
            p.ev("decision:%s:sm" % oid, "approval.decided", p.at(day, 9 + (i % 6), 5),
                 {"approval": "order:" + oid, "decision": "approve", "by": "sm"})
            p.ev("decision:%s:fc" % oid, "approval.decided", p.at(day, 10 + (i % 6), 40),
                 dict({"approval": "order:" + oid, "decision": "approve" if i != 12 else "reject",
                       "by": "fc"}, **({"note": "信用额度不足"} if i == 12 else {})))
    # 四.1.G: contracts within and beyond the signer's authorisation
    for i, (rep, amount) in enumerate((("r01", 80000), ("r04", 50000), ("r05", 120000), ("r02", 100000.01))):
        cid = "c%02d" % (i * 5 + 2)
        p.ev("request:k%d" % (i + 1), "approval.requested", p.at(6 + 4 * i, 10),
             {"id": "k%d" % (i + 1), "kind": "contract", "customer": cid, "subject": "年度供货合同 " + cid,
              "requested_by": rep, "amount_fen": yuan(amount)})
    p.ev("decision:k3", "approval.decided", p.at(14, 16), {"approval": "k3", "decision": "approve", "by": "gm"})
    # 三: the planning calendar — plans handed in (one ten-day plan late)
    plans = [("rolling_plan", 24), ("monthly_plan", 18), ("regional_targets", 25),
             ("ten_day_plan", 9), ("ten_day_plan", 21)]
    for i, (kind, day) in enumerate(plans):
        p.ev("plan:%s:%02d" % (kind, day), "approval.requested", p.at(day, 16),
             {"id": "plan-%s-%02d" % (kind, day), "kind": kind, "subject": kind + " 2026-03",
              "requested_by": "sm"})
    # 七.1: complaints — returns and compensation need the form
    complaints = [("q1", "c04", "quality", None), ("q2", "c09", "return", None),
                  ("q3", "c13", "delivery", None), ("q4", "c18", "compensation", None),
                  ("q5", "c22", "service", "serious"), ("q6", "c27", "quality", None)]
    for i, (qid, cid, kind, rep) in enumerate(complaints):
        d = {"id": qid, "customer": cid, "kind": kind, "channel": "call", "text": "饲料投诉 " + kind}
        if rep:
            d["attrs"] = {"reputation": rep}
        p.ev("complaint:" + qid, "complaint.received", p.at(5 + 4 * i, 14), d)
    p.ev("decision:q2", "approval.decided", p.at(10, 10), {"approval": "complaint:q2", "decision": "approve", "by": "sc"})
    p.ev("decision:q4", "approval.decided", p.at(18, 10), {"approval": "complaint:q4", "decision": "approve", "by": "mh"})
    p.ev("response:q1", "complaint.responded", p.at(5, 17), {"complaint": "q1", "by": "r04"})
    p.ticks(MARCH, hh=7)
    return p

# ---------------------------------------------------------------------------
# aftersales: key customers decided once a year on last year's revenue, so
# this sample starts in December 2025 and runs through January 2026.


def aftersales():
    p = Pack("aftersales", year=2025, month=12)
    t0 = p.at(1, 8)
    p.staff("head", "sales_head", t0, name="销售部部长 " + person(100))
    p.staff("cs1", "customer_service", t0, name="顾客服务 " + person(101))
    p.staff("cs2", "customer_service", t0, name="顾客服务 " + person(102))
    p.staff("gm", "general_manager", t0, name="总经理 " + person(103))
    sales = ["s%02d" % i for i in range(1, 6)]
    for i, s in enumerate(sales):
        p.staff(s, "sales", t0, name=person(110 + i))
    # 2025 revenue per customer (yuan): c01-c03 reach 500万, c04 one fen short
    revenue = {1: "5200000", 2: "5000000", 3: "6100000", 4: "4999999.99", 5: "3000000", 6: "800000"}
    for i in range(30):
        cid = "c%02d" % (i + 1)
        attrs = {"strategic": True} if i == 9 else {}
        p.customer(cid, p.at(1, 9, i), name=company(i + 6, "设备有限公司"), owner=sales[i % 5], attrs=attrs)
    for num, total in revenue.items():
        cid = "c%02d" % num
        fen = yuan(total)
        parts = [fen // 3, fen // 3, fen - 2 * (fen // 3)]
        for j, part in enumerate(parts):
            p.ev("order:%s:%d" % (cid, j + 1), "order.placed", p.at(3 + 9 * j + num, 10),
                 {"id": "o-%s-%d" % (cid, j + 1), "customer": cid, "staff": sales[(num - 1) % 5],
                  "amount_fen": part})
    # an order on 1 January 2026 00:00 counts for 2026, not 2025
    p.ev("order:c04:2026", "order.placed", p.at(1, 0, 0, month=1, year=2026),
         {"id": "o-c04-2026", "customer": "c04", "staff": "s04", "amount_fen": yuan(1)})
    p.ticks(range(1, 32, 7))                       # December ticks
    p.ticks(range(1, 32), month=1, year=2026)      # January: daily; the first decides the year
    jan = lambda d, h=10, m=0: p.at(d, h, m, month=1, year=2026)
    # 五.4 surveys returned, two dissatisfied
    for i in range(12):
        cid = "c%02d" % (i + 1)
        sat = i not in (2, 7)
        p.ev("survey:%s" % cid, "followup.logged", jan(5 + i),
             {"customer": cid, "staff": "cs1" if i % 2 else "cs2", "kind": "survey", "form": "顾客满意度调查表",
              "fields": {"satisfied": sat, "score": 90 if sat else 55}})
    p.ev("survey:c03:again", "followup.logged", jan(26),
         {"customer": "c03", "staff": "cs2", "kind": "survey", "fields": {"satisfied": True}})
    # 五.6 visits to key customers; the visit plan, approved by the GM
    for i, cid in enumerate(("c01", "c02", "c10")):
        p.ev("visit:%s" % cid, "followup.logged", jan(8 + 5 * i, 14),
             {"customer": cid, "staff": "head", "kind": "visit", "form": "顾客走访记录表"})
    p.ev("request:vp2026", "approval.requested", jan(20, 9),
         {"id": "vp2026", "kind": "visit_plan", "subject": "2026年走访计划", "requested_by": "head"})
    p.ev("decision:vp2026", "approval.decided", jan(22, 9),
         {"approval": "vp2026", "decision": "approve", "by": "gm"})
    # 五.6.3, 四.3: complaints and suggestions; a third "delivery" complaint
    complaints = [("k1", "c05", "delivery", {}), ("k2", "c11", "suggestion", {}),
                  ("k3", "c14", "delivery", {}), ("k4", "c02", "quality", {"major": True}),
                  ("k5", "c18", "delivery", {"department": "logistics"}), ("k6", "c21", "installation", {})]
    for i, (kid, cid, kind, attrs) in enumerate(complaints):
        d = {"id": kid, "customer": cid, "kind": kind, "channel": "call", "text": "顾客意见 " + kind}
        if attrs:
            d["attrs"] = attrs
        p.ev("complaint:" + kid, "complaint.received", jan(6 + 4 * i, 11), d)
    p.ev("visit:c05", "followup.logged", jan(9, 15),
         {"customer": "c05", "staff": "head", "kind": "visit", "form": "顾客走访记录表"})
    p.ev("visit:c02:gm", "followup.logged", jan(20, 15),
         {"customer": "c02", "staff": "gm", "kind": "visit", "form": "顾客走访记录表"})
    return p

# ---------------------------------------------------------------------------
# property: repair visits (booked time, quotes, fees), archives.


def property_():
    p = Pack("property")
    t0 = p.at(2, 8)
    for sid, role in [("sup", "cs_supervisor"), ("mgr", "cs_manager"), ("dir", "engineering_director")]:
        p.staff(sid, role, t0, name=person(120 + len(sid)))
    eng = ["e%02d" % i for i in range(1, 7)]
    for i, e in enumerate(eng):
        p.staff(e, "engineer", t0, name="维修工 " + person(130 + i))
    for i in range(32):
        building, unit = 1 + i // 8, 101 + (i % 8) * 100
        p.customer("h%02d" % (i + 1), p.at(2, 9, i), name="%d栋%d室 %s" % (building, unit, person(140 + i)),
                   segment="residential" if i % 5 else "shop", attrs={"building": building})
    # 篇七 3.2–3.6: repairs. minutes late after the booked time; quote in yuan
    repairs = [(1, 3, 0, 0), (4, 4, 5, 120), (7, 5, 10, 0), (10, 6, 11, 80), (13, 7, 3, 260),
               (16, 9, 25, 45), (19, 10, 0, 0), (22, 11, 9, 150), (25, 12, 15, 60), (28, 13, 2, 0),
               (31, 16, 0, 90), (3, 17, 7, 35), (6, 18, 12, 0), (9, 19, 1, 200), (12, 20, 4, 0),
               (15, 23, 8, 75), (18, 24, 10, 0), (21, 25, 6, 110), (24, 26, 0, 0), (27, 27, 14, 55)]
    for n, (hnum, day, late, quote) in enumerate(repairs):
        h = "h%02d" % hnum
        e = eng[n % 6]
        booked = "2026-03-%02d 10:00" % day
        agreed = late > 10 and n == 8          # one delay the customer agreed to
        p.ev("arrive:%s:%02d" % (h, day), "followup.logged", p.at(day, 10, late),
             {"customer": h, "staff": e, "kind": "repair_arrival",
              "fields": {"booked": booked, "delay_agreed": agreed}})
        qid = "q-%s-%02d" % (h, day)
        p.ev("request:" + qid, "approval.requested", p.at(day, 10, late + 5),
             {"id": qid, "kind": "repair_quote", "customer": h, "subject": "维修报价 " + h,
              "requested_by": e, "amount_fen": yuan(quote)})
        started_early = n == 13
        if quote > 0 and not started_early:
            p.ev("decision:" + qid, "approval.decided", p.at(day, 10, late + 8),
                 {"approval": qid, "decision": "approve", "by": h, "note": "同意收费"})
        p.ev("start:%s:%02d" % (h, day), "followup.logged", p.at(day, 10, late + 10),
             {"customer": h, "staff": e, "kind": "repair_start", "fields": {"quote": qid}})
        if started_early:
            p.ev("decision:" + qid, "approval.decided", p.at(day, 10, late + 20),
                 {"approval": qid, "decision": "approve", "by": h})
        done = {"fee_fen": yuan(quote), "customer_signed": n != 17}
        if n == 4:
            done["damage_fen"] = yuan("35.50")
        p.ev("done:%s:%02d" % (h, day), "followup.logged", p.at(day, 11, late + 30),
             {"customer": h, "staff": e, "kind": "repair_done", "fields": done})
    # 3.5 moving fixtures
    p.ev("request:mv1", "approval.requested", p.at(14, 9),
         {"id": "mv1", "kind": "move_fixtures", "customer": "h08", "subject": "移动空调室内机", "requested_by": "e02"})
    p.ev("decision:mv1", "approval.decided", p.at(14, 12), {"approval": "mv1", "decision": "approve", "by": "h08"})
    # 篇五 7–8: archives
    for i, day in enumerate((5, 12, 19, 26)):
        aid = "ar%d" % (i + 1)
        p.ev("request:" + aid, "approval.requested", p.at(day, 9),
             {"id": aid, "kind": "archive_borrow", "customer": "h%02d" % (i * 7 + 2),
              "subject": "查阅客户档案", "requested_by": "sup"})
        if i < 3:
            p.ev("decision:" + aid, "approval.decided", p.at(day, 10), {"approval": aid, "decision": "approve", "by": "mgr"})
    p.ev("request:wf1", "approval.requested", p.at(20, 14),
         {"id": "wf1", "kind": "archive_change", "customer": "h11", "subject": "更新工作档案: 联系电话",
          "requested_by": "sup", "attrs": {"original": False}})
    p.ev("decision:wf1", "approval.decided", p.at(20, 16), {"approval": "wf1", "decision": "approve", "by": "mgr"})
    p.ticks(MARCH)
    return p

# ---------------------------------------------------------------------------
# scoring: a weighted score of credit, orders, prospects and profit.


def scoring():
    p = Pack("scoring")
    t0 = p.at(2, 8)
    sales = ["s%02d" % i for i in range(1, 6)]
    for i, s in enumerate(sales):
        p.staff(s, "sales", t0, name=person(150 + i))
    p.staff("mgr", "sales_manager", t0, name=person(160))
    rng = p.rng
    for i in range(30):
        cid = "c%02d" % (i + 1)
        p.customer(cid, p.at(2, 9, i), name=company(i + 9), owner=sales[i % 5],
                   attrs={"prospect": 40 + (i * 13) % 60})
    n = 0
    for i in range(30):
        cid = "c%02d" % (i + 1)
        if i % 6 == 5:
            continue        # new customers: no orders, only the prospect judgement
        for j in range(1 + i % 3):
            n += 1
            day = 3 + (i + 7 * j) % 26
            amount = yuan(rng.randrange(20000, 400000, 500))
            p.ev("order:o%03d" % n, "order.placed", p.at(day, 10, j),
                 {"id": "o%03d" % n, "customer": cid, "staff": sales[i % 5], "amount_fen": amount,
                  "attrs": {"margin_percent": 8 + (i + j) % 12, "quantity": rng.randrange(50, 3000)}})
            late = 0 if (i + j) % 4 else rng.randrange(1, 30)
            p.ev("payment:o%03d" % n, "payment.received", p.at(min(day + 2, 31), 15, j),
                 {"id": "p%03d" % n, "customer": cid, "staff": sales[i % 5], "order": "o%03d" % n,
                  "amount_fen": amount, "attrs": {"days_late": late}})
    # a prospect revised after a visit
    p.customer("c06", p.at(20, 10), eid="customer:c06:prospect", attrs={"prospect": 95})
    return p

# ---------------------------------------------------------------------------
# retention: new, old and key customers; calls, visits, booked visits;
# the returning-customer discount and good-credit terms.


def retention():
    p = Pack("retention")
    t0 = p.at(2, 8)
    sales = ["s%02d" % i for i in range(1, 7)]
    for i, s in enumerate(sales):
        p.staff(s, "sales", t0, name=person(170 + i))
    p.staff("svc", "customer_service", t0, name=person(180))
    for i in range(30):
        attrs = {"key": True} if i % 10 == 0 else {}
        p.customer("c%02d" % (i + 1), p.at(2, 9, i), name=company(i + 4, "商行"), owner=sales[i % 6], attrs=attrs)
    n = 0
    for i in range(20):
        cid = "c%02d" % (i + 1)
        for j in range(1 + (i % 3 == 0)):
            n += 1
            day = 3 + i + 6 * j
            amount = yuan(5000 + 1750 * i + 999)
            p.ev("order:o%02d" % n, "order.placed", p.at(day, 10),
                 {"id": "o%02d" % n, "customer": cid, "staff": sales[i % 6], "amount_fen": amount})
            p.ev("payment:o%02d" % n, "payment.received", p.at(day + 1 + (i % 4 == 1) * 3, 15),
                 {"id": "p%02d" % n, "customer": cid, "staff": sales[i % 6], "order": "o%02d" % n,
                  "amount_fen": amount, "attrs": {"days_late": 3 if i % 4 == 1 else 0}})
    for i in range(10):
        cid = "c%02d" % (i * 2 + 1)
        day = 8 + 2 * i
        p.ev("call:%s" % cid, "followup.logged", p.at(day, 11),
             {"customer": cid, "staff": sales[(i * 2) % 6], "kind": "phone"})
    for i in range(8):
        cid = "c%02d" % (i * 3 + 1)
        day = 10 + 2 * i
        fields = {"next_visit": "2026-04-%02d 10:00" % (day - 5)} if i != 5 else {}
        p.ev("visit:%s" % cid, "followup.logged", p.at(day, 15),
             {"customer": cid, "staff": sales[(i * 3) % 6], "kind": "visit", "fields": fields})
    p.ticks(MARCH)
    return p

# ---------------------------------------------------------------------------
# autodealer: the monthly lateness ladder, other fines, probation, leave.


def autodealer():
    p = Pack("autodealer")
    t0 = p.at(2, 7)
    p.staff("mgr", "sales_manager", t0, name="销售经理 " + person(190))
    p.staff("tl1", "team_leader", t0, name="组长 " + person(191))
    p.staff("tl2", "team_leader", t0, name="组长 " + person(192))
    p.staff("adm", "admin_office", t0, name="行政部 " + person(193))
    sales = ["a%02d" % i for i in range(1, 13)]
    for i, s in enumerate(sales):
        attrs = {"probation_start": "2026-02-%02d" % (2 + i)} if i >= 9 else {}
        p.staff(s, "sales", t0, name="销售顾问 " + person(200 + i), attrs=attrs)
    for i in range(30):
        p.customer("c%02d" % (i + 1), p.at(2, 9, i), name="购车客户 " + person(220 + i), owner=sales[i % 12])
    # cars sold; a10 reaches five cars within probation
    sold = [(3, "a10", 1), (5, "a10", 2), (9, "a01", 1), (11, "a10", 1), (12, "a02", 1),
            (16, "a10", 1), (17, "a11", 1), (20, "a03", 2), (24, "a12", 1), (27, "a04", 1)]
    for n, (day, s, cars) in enumerate(sold):
        p.ev("order:o%02d" % (n + 1), "order.placed", p.at(day, 16),
             {"id": "o%02d" % (n + 1), "customer": "c%02d" % (n * 3 + 1), "staff": s,
              "amount_fen": yuan(98000 + 15000 * n), "attrs": {"cars": cars, "model": "轿车"}})
    p.ev("decision:confirm:a10", "approval.decided", p.at(17, 10),
         {"approval": "转正:a10", "decision": "approve", "by": "mgr"})
    # 二.5 late arrivals: a05 three times this month (dismissal), 08:30 sharp is on time
    lates = [("a05", 3, "08:41"), ("a05", 10, "08:35"), ("a05", 19, "08:50"), ("a06", 4, "08:30"),
             ("a06", 12, "08:31"), ("a07", 9, "08:45"), ("a08", 23, "08:32")]
    for n, (s, day, arrived) in enumerate(lates):
        h, m = map(int, arrived.split(":"))
        p.ev("late:%s:%02d" % (s, day), "violation.reported", p.at(day, h, m),
             {"id": "late-%02d" % (n + 1), "staff": s, "kind": "late", "attrs": {"arrived": arrived}})
    p.ev("dress:a07", "violation.reported", p.at(16, 8, 30),
         {"id": "dress-1", "staff": "a07", "kind": "improper_dress"})
    for n, (s, day, kind) in enumerate([("a02", 6, "early_leave"), ("a03", 11, "after_meeting"),
                                        ("a03", 25, "after_meeting"), ("a04", 13, "untidy_desk"),
                                        ("a08", 18, "private_errand")]):
        p.ev("%s:%s:%02d" % (kind, s, day), "violation.reported", p.at(day, 10),
             {"id": "%s-%d" % (kind, n + 1), "staff": s, "kind": kind})
    # 二.10 negotiation area: 60 s is on time, 61 s is not
    for n, (s, day, secs) in enumerate([("a01", 9, 60), ("a02", 12, 61), ("a09", 20, 240)]):
        left = "2026-03-%02d 15:20:00" % day
        cleaned = "2026-03-%02d 15:%02d:%02d" % (day, 20 + secs // 60, secs % 60)
        p.ev("nego:%s:%02d" % (s, day), "violation.reported", p.at(day, 15, 30),
             {"id": "nego-%d" % (n + 1), "staff": s, "kind": "negotiation_area",
              "attrs": {"customer_left": left, "cleaned": cleaned}})
    # 二.8 the team leader's cleaning checks
    for n, (s, day, started, finished) in enumerate([("a01", 5, "09:03", "09:40"), ("a06", 13, "09:08", "10:20")]):
        p.ev("clean:%s:%02d" % (s, day), "violation.reported", p.at(day, 10, 30),
             {"id": "clean-%d" % (n + 1), "staff": s, "kind": "cleaning",
              "attrs": {"meeting_end": "2026-03-%02d 09:00" % day, "started": "2026-03-%02d %s" % (day, started),
                        "finished": "2026-03-%02d %s" % (day, finished)}})
    # 二.7 leave: a day ahead, in person, not at weekends, not in the first probation month
    leaves = [("l1", "a01", 9, 11, None), ("l2", "a02", 12, 12, None), ("l3", "a03", 16, 17, "phone"),
              ("l4", "a04", 19, 21, None), ("l5", "a12", 20, 23, None), ("l6", "a06", 24, 26, None)]
    for lid, s, filed, day, channel in leaves:
        attrs = {"staff": s, "date": "2026-03-%02d" % day, "channel": channel or "form"}
        p.ev("request:" + lid, "approval.requested", p.at(filed, 17),
             {"id": lid, "kind": "leave", "subject": "请假 %s 3月%d日" % (s, day), "requested_by": s, "attrs": attrs})
    for lid, filed in (("l1", 9), ("l6", 24)):
        for who in ("tl1", "mgr"):
            p.ev("decision:%s:%s" % (lid, who), "approval.decided", p.at(filed, 18 if who == "tl1" else 19),
                 {"approval": lid, "decision": "approve", "by": who})
    p.ticks(MARCH, hh=7)
    return p

# ---------------------------------------------------------------------------
# crm: importance classes, 24-hour answers, revisits, privacy.


def crm():
    p = Pack("crm")
    t0 = p.at(2, 8)
    p.staff("cm", "crm_manager", t0, name="客户关系经理 " + person(240))
    p.staff("sp", "crm_specialist", t0, name="客户维护专员 " + person(241))
    p.staff("sv", "service", t0, name=person(242))
    sales = ["s%02d" % i for i in range(1, 6)]
    for i, s in enumerate(sales):
        p.staff(s, "sales", t0, name=person(245 + i))
    p.staff("ext", "marketing", t0, name="市场部 " + person(251))
    for i in range(30):
        attrs = {}
        if i % 7 == 3:
            attrs["key_resources"] = True
        if i % 5 == 0:
            attrs.update({"consent": True, "purpose": "售后服务与回访",
                          "personal": {"contact": person(260 + i), "phone": "138%08d" % (i * 7919)}})
        p.customer("c%02d" % (i + 1), p.at(2, 9, i), name=company(i + 11), owner=sales[i % 5], attrs=attrs)
    # orders: c01, c02 pass 1,000,000 yuan in the year; c03 stops one fen short
    orders = [("c01", 600000), ("c01", 400000), ("c02", 1200000), ("c03", "999999.99"),
              ("c05", 250000), ("c08", 80000), ("c09", 30000), ("c12", 150000), ("c15", 20000),
              ("c16", 45000), ("c20", 310000), ("c24", 9000)]
    for n, (cid, amount) in enumerate(orders):
        p.ev("order:o%02d" % (n + 1), "order.placed", p.at(3 + 2 * n, 10),
             {"id": "o%02d" % (n + 1), "customer": cid, "staff": sales[int(cid[1:]) % 5], "amount_fen": yuan(amount)})
    # complaints: answered within 24 hours (23h59m), one late, one never
    for n, (kid, cid, day, answer_after) in enumerate([("k1", "c04", 4, (23, 59)), ("k2", "c10", 9, (3, 0)),
                                                        ("k3", "c13", 15, (24, 1)), ("k4", "c19", 22, None),
                                                        ("k5", "c26", 26, (1, 30))]):
        p.ev("complaint:" + kid, "complaint.received", p.at(day, 10),
             {"id": kid, "customer": cid, "channel": "call", "text": "投诉: 送货延误"})
        if answer_after:
            h, m = answer_after
            total = 10 * 60 + h * 60 + m
            p.ev("response:" + kid, "complaint.responded", p.at(day + total // 1440, (total // 60) % 24, total % 60),
                 {"complaint": kid, "by": sales[int(cid[1:]) % 5]})
    # e-mails and revisits
    for n in range(8):
        cid = "c%02d" % (n * 3 + 2)
        day = 5 + 3 * n
        p.ev("email:%s" % cid, "followup.logged", p.at(day, 9), {"customer": cid, "kind": "email_in"})
        if n != 4:
            p.ev("reply:%s" % cid, "followup.logged", p.at(day, 17),
                 {"customer": cid, "staff": sales[int(cid[1:]) % 5], "kind": "email_reply"})
    for n in range(10):
        cid = "c%02d" % (n * 3 + 1)
        p.ev("revisit:%s" % cid, "followup.logged", p.at(6 + 2 * n, 15),
             {"customer": cid, "staff": sales[int(cid[1:]) % 5], "kind": "revisit" if n % 2 else "visit"})
    # privacy: disclosure with the customer's consent; data access by level
    p.ev("request:dis1", "approval.requested", p.at(12, 10),
         {"id": "dis1", "kind": "disclosure", "customer": "c06", "subject": "向物流承运方提供收货联系人",
          "requested_by": "s01"})
    p.ev("decision:dis1", "approval.decided", p.at(13, 10), {"approval": "dis1", "decision": "approve", "by": "c06"})
    for n, (who, level) in enumerate([("s02", "public"), ("sp", "internal"), ("s03", "confidential"),
                                      ("ext", "internal")]):
        aid = "acc%d" % (n + 1)
        p.ev("request:" + aid, "approval.requested", p.at(16 + n, 11),
             {"id": aid, "kind": "data_access", "subject": "查阅客户资料 (%s)" % level, "requested_by": who,
              "attrs": {"level": level}})
    p.ev("decision:acc3", "approval.decided", p.at(18, 15), {"approval": "acc3", "decision": "approve", "by": "cm"})
    p.ticks(MARCH)
    return p

# ---------------------------------------------------------------------------
# cosl: revisits every 3 months and after operations, same-day filing,
# the reporting calendar, care activities over 30,000 yuan.


def cosl():
    p = Pack("cosl")
    t0 = p.at(2, 8)
    p.staff("hq", "hq_marketing_head", t0, department="hq_marketing", name="市场营销部 " + person(270))
    for i in range(3):
        p.staff("hq%d" % (i + 1), "marketing", t0, department="hq_marketing", name=person(271 + i))
    for sid, role in [("base", "base_marketing"), ("div", "division_marketing"), ("br", "branch_marketing"),
                      ("sm", "senior_management")]:
        p.staff(sid, role, t0, name=person(280 + len(sid)))
    owners = ["am%d" % i for i in range(1, 5)]
    for i, s in enumerate(owners):
        p.staff(s, "account_manager", t0, department="branch", name=person(290 + i))
    for i in range(30):
        seg = "oil_company" if i % 3 == 0 else "service_contractor" if i % 3 == 1 else "shipyard"
        p.customer("c%02d" % (i + 1), p.at(2, 9, i), name=company(i, "油田服务") if seg != "oil_company"
                   else ["中海石油", "中石化", "中石油"][i % 3] + CITIES[i % 16] + "作业公司",
                   segment=seg, owner=owners[i % 4])
    # 17.2: operations end; revisit within a month
    for n, cid in enumerate(("c01", "c04", "c07", "c10")):
        p.customer(cid, p.at(5 + 5 * n, 18), eid="customer:%s:op-end" % cid, attrs={"operation": "ended"})
    # 7, 17.2 revisits (by head-office staff and account managers), filed the same day (13.1)
    visits = [("c01", 9, "hq1"), ("c04", 12, "hq2"), ("c02", 13, "am2"), ("c05", 16, "am1"),
              ("c07", 19, "hq1"), ("c11", 23, "am3"), ("c14", 25, "am2"), ("c20", 27, "am4")]
    for cid, day, who in visits:
        p.ev("revisit:%s:%02d" % (cid, day), "followup.logged", p.at(day, 10),
             {"customer": cid, "staff": who, "kind": "revisit", "form": "服务回访及关怀记录表"})
        if cid != "c11":   # the archive for c11 is not updated that day
            p.customer(cid, p.at(day, 17), eid="customer:%s:archive:%02d" % (cid, day),
                       attrs={"last_contact": "2026-03-%02d" % day})
    # 14.4, 14.6, 19: care activities and seminars
    acts = [("a1", "care_activity", "30000", True), ("a2", "care_activity", "30000.01", True),
            ("a3", "care_activity", "8000", False), ("a4", "seminar", "52000", True)]
    full = {"name": "客户答谢会", "place": "天津", "time": "2026-04-18", "customers": 24,
            "key_people": "作业公司经理 3 人", "gifts": "纪念品", "hosts": "市场营销部", "materials": "技术资料"}
    for n, (aid, kind, amount, planned) in enumerate(acts):
        attrs = dict(full, planned=planned)
        if aid == "a3":
            del attrs["gifts"]
        p.ev("request:" + aid, "approval.requested", p.at(10 + 4 * n, 10),
             {"id": aid, "kind": kind, "subject": "%s %s" % (kind, aid), "requested_by": "hq1",
              "amount_fen": yuan(amount), "attrs": attrs})
    p.ev("decision:a2", "approval.decided", p.at(15, 10), {"approval": "a2", "decision": "approve", "by": "hq"})
    p.ev("request:sp1", "approval.requested", p.at(20, 9),
         {"id": "sp1", "kind": "seminar_plan", "subject": "2026 技术研讨会方案", "requested_by": "hq"})
    p.ev("decision:sp1", "approval.decided", p.at(21, 9), {"approval": "sp1", "decision": "approve", "by": "sm"})
    p.ticks(MARCH)
    return p


PACKS = [siwei, salesvc, realty, optics, kangdun, feedco, aftersales, property_, scoring, retention,
         autodealer, crm, cosl]

if __name__ == "__main__":
    for make in PACKS:
        path, n = make().write()
        print("%-40s %4d events" % (os.path.relpath(path, os.path.dirname(HERE)), n))
