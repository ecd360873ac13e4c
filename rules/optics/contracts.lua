-- 4.5–4.8: contract review before signing, who signs, and changes.

-- 4.5.1 two kinds of contract: regular (常规: batch products, delivery as
-- the customer asked) and special (特殊: special technical, quality,
-- packing or delivery requirements).  "Important" (重要) contracts are not
-- defined: the requester flags them (attrs.important = true).  A request
-- says attrs.special = true for a special contract; anything else is regular.
local special_chain = {}
for _, role in ipairs(param.special_countersign) do special_chain[#special_chain + 1] = role end
special_chain[#special_chain + 1] = "commercial_head"
special_chain[#special_chain + 1] = "general_manager"

local review_rows = {
  -- 4.6.2 c 重要合同评审采用专题会议的形式 ... 总经理主持 ... 报总经理审批.
  { when = { important = true }, chain = { "general_manager" } },
  -- 4.6.2 b 特殊合同评审由有关职能部门会签, 商务运营部负责人审核, 总经理批准.
  { when = { special = true }, chain = special_chain },
  -- 4.6.2 a 常规合同的评审由授权人员直接进行, 合同确认签署人员必须是总经理
  -- 授权签约的人员: two roles, the reviewer and the authorised signer.
  { chain = { "authorised_reviewer", "authorised_signer" } },
}

approval "contract review" {
  clause = "4.6.1, 4.6.2",
  kind = "contract",
  table.unpack(review_rows),
}

-- 4.6.2 c: the important-contract review is a meeting the GM chairs.
rule "important contracts get a review meeting" {
  clause = "4.6.2 c",
  on = "approval.requested",
  when = { kind = { "contract", "contract_change" }, important = true },
  run = function(ev)
    local gm = facts.staff_with_role("general_manager")
    return schedule_followup { kind = "contract review meeting", ref = ev.data.id,
                               owner = gm and gm.id or "general_manager",
                               due = time.add(ev.at, "3 days"),
                               subject = "重要合同评审专题会议 " .. ev.data.id, form = "合同/订单评审记录表" }
  end,
}

-- 4.6.1 合同评审必须在合同正式签订前进行 and 4.7.2 由总经理或经总经理授权的
-- 销售员与顾客签订合同: a signed contract (order.placed) must name its
-- approved review (attrs.review) and a signer (attrs.signed_by) who is the
-- GM or holds the GM's authorisation (role authorised_signer).
rule "contracts are signed after review, by an authorised signer" {
  clause = "4.6.1, 4.7.2",
  on = "order.placed",
  run = function(ev)
    local a = ev.data.attrs or {}
    local review = a.review and facts.approval(a.review)
    if review == nil or review.status ~= "approved" then
      error("contract " .. ev.data.id .. " has no approved review (4.6.1 合同评审必须在合同正式签订前进行)")
    end
    local signer = a.signed_by and facts.staff(a.signed_by)
    if signer == nil or (signer.role ~= "general_manager" and signer.role ~= "authorised_signer") then
      error("contract " .. ev.data.id .. " signed by " .. tostring(a.signed_by) ..
            ", who is neither the general manager nor authorised by the GM to sign (4.7.2)")
    end
  end,
}

-- 4.8.3 合同更改后, 要对其进行重新评审: a change is reviewed like a contract.
approval "contract change review" {
  clause = "4.8.3",
  kind = "contract_change",
  table.unpack(review_rows),
}

-- 4.8.2 当本公司认为需要更改合同时, 应先用电话通知顾客并取得顾客同意后才能
-- 更改, 商务运营部须保留相关记录: the customer's consent is one more
-- signature on a change the company initiates (attrs.initiated_by =
-- "company"), recorded as the customer's decision.
approval "customer consents to a change we initiate" {
  clause = "4.8.2",
  kind = "contract_change",
  when = { initiated_by = "company" },
  chain = { "customer" },
}
