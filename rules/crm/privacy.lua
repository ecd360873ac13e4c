-- Data and privacy: 4.2 隐私保护, 客户关系管理部门 二.1, 日常管理 第五条.

-- 4.2 在收集客户数据时明确告知客户数据使用的目的, 并取得客户的同意.
-- Personal data comes in a customer.upsert as attrs.personal; the customer
-- record (this upsert or an earlier one) must hold attrs.consent = true and
-- attrs.purpose.  Without them the upsert is refused: nothing is stored.
rule "personal data only with consent for a stated purpose" {
  clause = "4.2",
  on = "customer.upsert",
  when = { personal = is_set() },
  run = function(ev)
    local a = facts.customer(ev.data.id).attrs or {}
    if a.consent ~= true or a.purpose == nil or a.purpose == "" then
      error(string.format("customer %s: personal data needs the customer's consent (attrs.consent = true) "
        .. "and the purpose it is collected for (attrs.purpose) — 4.2", ev.data.id))
    end
  end,
}

-- 日常管理 第五条 未经客户同意, 不得向任何第三方泄露.  A disclosure is
-- approval.requested { kind = "disclosure", customer = ... }; the customer
-- signs it (approval.decided by the customer's own id).
approval "disclosure to a third party needs the customer's consent" {
  clause = "日常管理 第五条",
  kind = "disclosure",
  chain = { "customer" },
}

-- 二.1.2 确定客户信息的分类等级, 并建立相应的权限管理制度, 只有经过授权的
-- 人员才能访问.  A request to read customer data is approval.requested
-- { kind = "data_access", requested_by = staff, attrs = { level = ... } }:
-- roles listed for the level read without asking; others need approval.
local function authorised(req)
  local level = req.attrs and req.attrs.level or "confidential"
  local s = req.requested_by and facts.staff(req.requested_by)
  for _, role in ipairs(param.data_access[level] or {}) do
    if s and s.role == role then return true end
  end
  return false
end

approval "customer data by classification level" {
  clause = "二.1.2",
  kind = "data_access",
  { when = authorised, auto = true },
  { chain = { param.data_access_approver } },
}
