-- **光电科技有限公司 销售管理制度 (XYTJ-WI-OC-005, A0, 2018-07-10), seed 001 第三篇.
-- Roles: board (董事会), general_manager (总经理), commercial_head (商务运营部
-- 部长), authorised_reviewer (授权评审人员), authorised_signer (总经理授权签约
-- 的人员), functional department heads (quality_head, production_head,
-- purchasing_head).
pack {
  title = "光电科技有限公司 销售管理制度 (XYTJ-WI-OC-005)",
  timezone = "+08:00",
  params = {
    -- 4.6.2 b 特殊合同评审由有关职能部门会签: which departments is not said;
    -- we chose quality (4.2.3 制造可行性), production and purchasing.
    special_countersign = { "quality_head", "production_head", "purchasing_head" },
    -- 4.1.1 季度和年终考评: due by the end of the quarter's last month / 12-31.
    evaluation_day = 31,
  },
}
