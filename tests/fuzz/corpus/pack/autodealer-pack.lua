-- 汽车销售部管理 (car dealership sales department), seed 003 篇九.
-- Roles: sales (销售顾问), team_leader (组长), sales_manager (销售经理),
-- admin_office (行政部).
pack {
  title = "汽车销售部管理",
  timezone = "+08:00",
  params = {
    -- 一.1 试用期为二个月, 累计销售5台即可转正.
    probation = "2 months",
    probation_cars = 5,
    -- 一.6 试用期内一个月不允许休息: the first month of probation.
    no_rest = "1 month",
    -- 二.5 8:30未到者, 即为迟到: arriving at 08:30:00 is on time.
    work_starts = "08:30",
    -- 二.5 当月内迟到: 第一次罚款20元, 第二次罚款40元, 三次者予以劝退.
    late_first = "20 yuan",
    late_second = "40 yuan",
    -- 二.3 早会后洗脸化妆、吃东西: 罚款20元, 两次以上直接劝退.  The document
    -- gives no window for "两次"; we chose the calendar month, like 二.5.
    after_meeting_fine = "20 yuan",
    after_meeting_window = "calendar month",
    -- 二.4 桌面凌乱经纠正而不改者罚款20元.
    desk_fine = "20 yuan",
    -- 二.6 上班时间外出办私事, 罚款20元.
    errand_fine = "20 yuan",
    -- 二.10 接待客户完毕后1分钟内清理洽谈区域, 否则罚款10元 (以内: 60 s is on time).
    negotiation_clean_within = 60,
    negotiation_fine = "10 yuan",
    -- 二.8 晨会后5分钟之内开始清理, 一小时内清理完毕 (seconds, inclusive).
    cleaning_start_within = 5 * 60,
    cleaning_done_within = 60 * 60,
  },
}
