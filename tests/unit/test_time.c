/* test_time.c - time, duration and money arithmetic (core/time.c, money.c). */
#include "core/util.h"
#include "task.h"

#define CST (8 * 3600)

TEST(parse_and_format_round_trip) {
  int64_t t;
  char buf[40];
  ASSERT_INT(bylaw_parse_time("2026-03-01T09:00:00+08:00", 0, &t), 0);
  ASSERT_INT(t, 1772326800);
  bylaw_format_time(t, CST, buf, sizeof(buf));
  ASSERT_STR(buf, "2026-03-01T09:00:00+08:00");
  ASSERT_INT(bylaw_parse_time("2026-03-01 09:00", CST, &t), 0);
  ASSERT_INT(t, 1772326800);
  ASSERT_INT(bylaw_parse_time("2026-03-01T01:00:00Z", CST, &t), 0);
  ASSERT_INT(t, 1772326800);
  ASSERT_INT(bylaw_parse_time("2026-03-01", CST, &t), 0);
  bylaw_format_time(t, CST, buf, sizeof(buf));
  ASSERT_STR(buf, "2026-03-01T00:00:00+08:00");
  return 0;
}

TEST(parse_rejects_bad_times) {
  int64_t t;
  const char *bad[] = {"", "2026", "2026-13-01", "2026-02-30", "2026-02-29", "2026-01-01T24:00",
                       "2026-01-01T09:00+25:00", "2026-01-01T09:00 junk", "tomorrow", NULL};
  for (int i = 0; bad[i]; i++)
    if (bylaw_parse_time(bad[i], CST, &t) != BYLAW_EINVAL) FAIL_AT("accepted '%s'", bad[i]);
  ASSERT_INT(bylaw_parse_time("2028-02-29", CST, &t), 0); /* a leap day */
  return 0;
}

TEST(months_clamp_to_the_last_day) {
  int64_t t, want;
  bylaw_parse_time("2026-01-31 09:00", CST, &t);
  bylaw_parse_time("2026-02-28 09:00", CST, &want);
  ASSERT_INT(bylaw__add_months(t, 1, CST), want);
  bylaw_parse_time("2028-02-29 09:00", CST, &want);
  bylaw_parse_time("2028-01-31 09:00", CST, &t);
  ASSERT_INT(bylaw__add_months(t, 1, CST), want);
  bylaw_parse_time("2026-05-31 09:00", CST, &t);
  bylaw_parse_time("2026-06-30 09:00", CST, &want); /* the 31st in a 30-day month */
  ASSERT_INT(bylaw__add_months(t, 1, CST), want);
  bylaw_parse_time("2025-12-15 09:00", CST, &want);
  bylaw_parse_time("2026-03-15 09:00", CST, &t);
  ASSERT_INT(bylaw__add_months(t, -3, CST), want);
  return 0;
}

TEST(durations) {
  int months;
  int64_t secs;
  ASSERT_INT(bylaw__parse_duration("24 hours", &months, &secs), 0);
  ASSERT_INT(secs, 86400);
  ASSERT_INT(bylaw__parse_duration("1 month", &months, &secs), 0);
  ASSERT_INT(months, 1);
  ASSERT_INT(bylaw__parse_duration("3 months", &months, &secs), 0);
  ASSERT_INT(months, 3);
  ASSERT_INT(bylaw__parse_duration("1 quarter", &months, &secs), 0);
  ASSERT_INT(months, 3);
  ASSERT_INT(bylaw__parse_duration("10 minutes", &months, &secs), 0);
  ASSERT_INT(secs, 600);
  ASSERT_INT(bylaw__parse_duration("2 fortnights", &months, &secs), BYLAW_EINVAL);
  ASSERT_INT(bylaw__parse_duration("month", &months, &secs), BYLAW_EINVAL);
  return 0;
}

TEST(money_is_exact_fen) {
  int64_t fen;
  const char *why;
  struct {
    const char *text;
    int64_t fen;
  } good[] = {{"20 yuan", 2000},           {"50元", 5000},
              {"5,000,000 yuan", 500000000}, {"500万元", 500000000},
              {"30000.01 yuan", 3000001},  {"0.1 yuan", 10},
              {"1500 fen", 1500},          {"2.5万元", 2500000}};
  for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
    if (bylaw__parse_money(good[i].text, &fen, &why) != 0) FAIL_AT("refused '%s': %s", good[i].text, why);
    if (fen != good[i].fen) FAIL_AT("'%s' gave %lld fen", good[i].text, (long long)fen);
  }
  const char *bad[] = {"", "yuan", "20", "20 dollars", "0.001 yuan", "1.5 fen", "abc 元",
                       "99999999999999999999 yuan", NULL};
  for (int i = 0; bad[i]; i++)
    if (bylaw__parse_money(bad[i], &fen, &why) == 0) FAIL_AT("accepted '%s'", bad[i]);
  return 0;
}

TEST(utf8_validation) {
  ASSERT(bylaw__utf8_valid("客户 A", strlen("客户 A")));
  ASSERT(!bylaw__utf8_valid("\xff", 1));
  ASSERT(!bylaw__utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
  ASSERT(!bylaw__utf8_valid("\xed\xa0\x80", 3));     /* a surrogate */
  ASSERT(!bylaw__utf8_valid("\xe5\xae", 2));         /* truncated */
  /* Bad bytes after, inside and at the end of long ASCII runs. */
  ASSERT(bylaw__utf8_valid("plain ascii text, then 客户", strlen("plain ascii text, then 客户")));
  ASSERT(!bylaw__utf8_valid("0123456789abcdef\xff", 17));
  ASSERT(!bylaw__utf8_valid("01234\xc0\xaf" "56789abcdef", 18));
  ASSERT(!bylaw__utf8_valid("0123456789abcdef0123456\xe5\xae", 25));
  return 0;
}

TEST(times_show_their_offset) {
  char buf[40];
  bylaw_format_time(0, -(5 * 3600 + 30 * 60), buf, sizeof(buf));
  ASSERT_STR(buf, "1969-12-31T18:30:00-05:30");
  bylaw_format_time(1772326800, 0, buf, sizeof(buf));
  ASSERT_STR(buf, "2026-03-01T01:00:00+00:00");
  bylaw_format_time(-62135596800, CST, buf, sizeof(buf)); /* 0001-01-01T00:00Z */
  ASSERT_STR(buf, "0001-01-01T08:00:00+08:00");
  return 0;
}

const test_case_t test_cases[] = {
    TEST_ENTRY(parse_and_format_round_trip), TEST_ENTRY(parse_rejects_bad_times),
    TEST_ENTRY(months_clamp_to_the_last_day), TEST_ENTRY(durations),
    TEST_ENTRY(money_is_exact_fen),          TEST_ENTRY(utf8_validation),
    TEST_ENTRY(times_show_their_offset),
    {NULL, NULL}};
