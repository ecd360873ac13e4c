-- 第三条 签订合同准确无误: every agreement, contract and subscription
-- (协议、合同、认购书) the consultant signs goes to the department manager for
-- review.  It is a review after signing, not a gate: the deal stands, and
-- what goes wrong for want of a timely review is the consultant's.

-- The signed contract is an order.placed; handing it in is an approval
-- request of kind "contract" whose id is the contract's.
deadline "signed contracts handed in for review" {
  clause = "第三条",
  on = "order.placed",
  within = param.review_within,
  done_on = "approval.requested",
  done_when = { kind = "contract" },
  owner = "account_owner",          -- the consultant who signed
  overdue = escalate "department_manager",
}

approval "contract review by the department manager" {
  clause = "第三条",
  kind = "contract",
  chain = { "department_manager" },
  before = false,     -- reviewed after signing (交本部经理严格审核)
}
