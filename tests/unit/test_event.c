/* test_event.c - every kind of bad event is refused with a clear message
 * naming the field, and nothing is written. */
#include <stdlib.h>

#include "task.h"

static const char rules[] =
    "classify \"class\" { clause = \"t1\",\n"
    "  { class = \"A\", when = { segment = \"highway\" } }, { class = \"C\" } }\n";

static bylaw_engine_t *open_engine(void) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "t", rules);
  return test_engine(dir, NULL);
}

#define EV(type, data)                                                         \
  "{\"id\":\"e1\",\"pack\":\"t\",\"type\":\"" type "\",\"at\":\"2026-03-01T09:00:00+08:00\",\"data\":" data "}"

static const struct {
  const char *json;
  int code;
  const char *message; /* part of the error message */
  const char *field;   /* expected "field", or NULL */
} bad_events[] = {
    {"", BYLAW_EEVENT, "not valid JSON", NULL},
    {"{\"id\":", BYLAW_EEVENT, "not valid JSON", NULL},
    {"[1,2]", BYLAW_EEVENT, "must be a JSON object", NULL},
    {"\"text\"", BYLAW_EEVENT, "must be a JSON object", NULL},
    {"{\"id\":\"e1\",\"pack\":\"t\",\"type\":\"tick\",\"at\":\"2026-03-01\",\"extra\":1}", BYLAW_EEVENT,
     "unknown field 'extra'", "\"extra\""},
    {"{\"pack\":\"t\",\"type\":\"tick\",\"at\":\"2026-03-01\"}", BYLAW_EEVENT, "id:", "\"id\""},
    {"{\"id\":\"\",\"pack\":\"t\",\"type\":\"tick\",\"at\":\"2026-03-01\"}", BYLAW_EEVENT, "id:", "\"id\""},
    {"{\"id\":7,\"pack\":\"t\",\"type\":\"tick\",\"at\":\"2026-03-01\"}", BYLAW_EEVENT, "id:", "\"id\""},
    {"{\"id\":\"e1\",\"pack\":\"nope\",\"type\":\"tick\",\"at\":\"2026-03-01\"}", BYLAW_ENOPACK,
     "unknown pack 'nope'", "\"pack\""},
    {"{\"id\":\"e1\",\"pack\":\"../t\",\"type\":\"tick\",\"at\":\"2026-03-01\"}", BYLAW_ENOPACK,
     "unknown pack", "\"pack\""},
    {"{\"id\":\"e1\",\"pack\":\"t\",\"type\":\"customer.delete\",\"at\":\"2026-03-01\"}", BYLAW_EEVENT,
     "unknown event type", "\"type\""},
    {"{\"id\":\"e1\",\"pack\":\"t\",\"type\":\"tick\"}", BYLAW_EEVENT, "at:", "\"at\""},
    {"{\"id\":\"e1\",\"pack\":\"t\",\"type\":\"tick\",\"at\":\"yesterday\"}", BYLAW_EEVENT,
     "not a valid time", "\"at\""},
    {"{\"id\":\"e1\",\"pack\":\"t\",\"type\":\"tick\",\"at\":\"2026-02-30\"}", BYLAW_EEVENT,
     "not a valid time", "\"at\""},
    {EV("customer.upsert", "[]"), BYLAW_EEVENT, "data: must be an object", "\"data\""},
    {EV("customer.upsert", "{}"), BYLAW_EEVENT, "field 'id' is required", "\"data.id\""},
    {EV("customer.upsert", "{\"id\":5}"), BYLAW_EEVENT, "'id' must be a non-empty string", "\"data.id\""},
    {EV("customer.upsert", "{\"id\":\"c1\",\"colour\":\"red\"}"), BYLAW_EEVENT,
     "unknown field 'colour'", "\"data.colour\""},
    {EV("customer.upsert", "{\"id\":\"c1\",\"attrs\":\"x\"}"), BYLAW_EEVENT, "'attrs' must be an object",
     "\"data.attrs\""},
    {EV("order.placed", "{\"id\":\"o1\",\"customer\":\"c1\",\"amount_fen\":12.5}"), BYLAW_EEVENT,
     "whole number of fen", "\"data.amount_fen\""},
    {EV("order.placed", "{\"id\":\"o1\",\"customer\":\"c1\",\"amount_fen\":-100}"), BYLAW_EEVENT,
     "0 fen or more", "\"data.amount_fen\""},
    {EV("order.placed", "{\"id\":\"o1\",\"customer\":\"c1\",\"amount_fen\":1e300}"), BYLAW_EEVENT,
     "below 2^53", "\"data.amount_fen\""},
    {EV("order.placed", "{\"id\":\"o1\",\"customer\":\"c1\",\"amount_fen\":\"100\"}"), BYLAW_EEVENT,
     "integer amount in fen", "\"data.amount_fen\""},
    {EV("order.placed", "{\"id\":\"o1\",\"customer\":\"c1\"}"), BYLAW_EEVENT,
     "'amount_fen' is required", "\"data.amount_fen\""},
    {EV("complaint.received", "{\"id\":\"k1\",\"paid\":\"yes\"}"), BYLAW_EEVENT, "true or false",
     "\"data.paid\""},
    {EV("customer.upsert", "{\"id\":\"c\xff\"}"), BYLAW_EEVENT, "not valid UTF-8", NULL},
    {EV("complaint.responded", "{\"complaint\":\"nope\"}"), BYLAW_EEVENT, "no open complaint", NULL},
};

TEST(bad_events_are_refused_and_change_nothing) {
  bylaw_engine_t *e = open_engine();
  for (size_t i = 0; i < sizeof(bad_events) / sizeof(bad_events[0]); i++) {
    int code;
    char *out = test_submit(e, bad_events[i].json, &code);
    if (code != bad_events[i].code)
      FAIL_AT("case %zu: code %s, expected %s: %s", i, bylaw_err_name(code),
              bylaw_err_name(bad_events[i].code), out);
    ASSERT_CONTAINS(out, "\"status\":\"rejected\"");
    ASSERT_CONTAINS(out, bad_events[i].message);
    if (bad_events[i].field) {
      char want[96];
      snprintf(want, sizeof(want), "\"field\":%s", bad_events[i].field);
      ASSERT_CONTAINS(out, want);
    }
    bylaw_free(out);
  }
  ASSERT_INT(test_count(e, "t", "events"), 0);
  ASSERT_INT(test_count(e, "t", "customers"), 0);
  ASSERT_INT(test_count(e, "t", "actions"), 0);
  bylaw_engine_free(e);
  return 0;
}

TEST(a_good_event_after_bad_ones_is_applied) {
  bylaw_engine_t *e = open_engine();
  int code;
  char *out = test_submit(e, "{\"id\":", &code);
  bylaw_free(out);
  out = test_submit(e, EV("customer.upsert", "{\"id\":\"c1\",\"segment\":\"highway\"}"), &code);
  ASSERT_INT(code, 0);
  ASSERT_CONTAINS(out, "\"status\":\"applied\"");
  ASSERT_CONTAINS(out, "\"class\":\"A\"");
  ASSERT_CONTAINS(out, "\"clause\":\"t1\"");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "t", "customers"), 1);
  bylaw_engine_free(e);
  return 0;
}

const test_case_t test_cases[] = {TEST_ENTRY(bad_events_are_refused_and_change_nothing),
                                  TEST_ENTRY(a_good_event_after_bad_ones_is_applied),
                                  {NULL, NULL}};
