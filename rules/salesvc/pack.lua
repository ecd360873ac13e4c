-- 销售服务管理制度 (sales service), seed 001 第一篇.
-- Roles: company_leadership (公司领导), quality_inspection (质检部), sales (销售部).
pack {
  title = "销售服务管理制度",
  timezone = "+08:00",
  params = {
    -- 四(一)3 应提前一天填写《客户参观申请表》: filed by the end of the day
    -- before the visit (提前一天, inclusive).
    visit_notice = "1 day",
    -- 四(一)2 销售部负责 ... 客户对样品意见的收集: "及时" not quantified; we
    -- chose 14 days after the sample request.
    sample_feedback_within = "14 days",
    -- 四(二)3–4 来电、来函、来访 ... 给客户满意回复: we chose 2 days.
    answer_within = "2 days",
    -- 四(三)1 对售出的产品, 应建立售后服务档案, 做好跟踪服务工作: the first
    -- follow-up within 30 days of the sale (our choice).
    aftersales_within = "30 days",
    -- 四(三)3–4 质量问题应及时处理 ... 及时将纠正措施通知客户: we chose 7 days.
    corrective_within = "7 days",
  },
}
