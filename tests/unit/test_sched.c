/* test_sched.c - the scheduler on a libuv loop (engine/sched/sched.c), driven
 * by an injected clock so no case waits for real time. */
#include <stdlib.h>

#include <uv.h>

#include "task.h"

#define T0 "2026-01-05T09:00:00+08:00"

static const char *const cadence_rules =
    "cadence \"follow-up\" {\n"
    "  clause = \"第六条\", by = \"segment\",\n"
    "  retail = { every = \"1 month\", owner = \"account_owner\" },\n"
    "}\n";

static const char *const customer_event =
    "{\"id\":\"c1-upsert\",\"pack\":\"p\",\"type\":\"customer.upsert\","
    "\"at\":\"" T0 "\",\"data\":{\"id\":\"c1\",\"segment\":\"retail\","
    "\"owner\":\"s1\"}}";

typedef struct {
  int64_t now;
  int ticks;
  int last_status;
  int closed;
  char *last_result;
  int stop_after;   /* stop the scheduler after this many ticks (0: never) */
  int polls;        /* loop iterations that polled for I/O (a check handle) */
  int tick_poll[4]; /* polls before each of the first ticks */
} fixture_t;

static int64_t fake_clock(void *ud) { return ((fixture_t *)ud)->now; }

static void on_tick(bylaw_scheduler_t *sched, int status, const char *result,
                    const bylaw_error_t *err) {
  (void)err;
  fixture_t *f = sched->data;
  if (f->ticks < 4) f->tick_poll[f->ticks] = f->polls;
  f->ticks++;
  f->last_status = status;
  free(f->last_result);
  f->last_result = result ? strdup(result) : NULL;
  if (f->ticks == f->stop_after) bylaw_scheduler_stop(sched);
}

static void on_poll(uv_check_t *check) { ((fixture_t *)check->data)->polls++; }

static void on_close(bylaw_scheduler_t *sched) {
  ((fixture_t *)sched->data)->closed = 1;
}

/* An engine with one customer whose follow-up is due a month after T0. */
static bylaw_engine_t *open_engine(void) {
  char rules[1024];
  int code;
  snprintf(rules, sizeof(rules), "%s/rules", test_tmpdir());
  test_pack(rules, "p", cadence_rules);
  bylaw_engine_t *e = test_engine(rules, NULL);
  bylaw_free(test_submit(e, customer_event, &code));
  return code == 0 ? e : NULL;
}

/* Closes the scheduler and runs the loop until the close callback ran. */
static int close_all(bylaw_scheduler_t *s, uv_loop_t *loop, fixture_t *f) {
  bylaw_scheduler_close(s, on_close);
  uv_run(loop, UV_RUN_DEFAULT);
  ASSERT_INT(f->closed, 1);
  ASSERT(s->internal == NULL);
  ASSERT_INT(uv_loop_close(loop), 0);
  free(f->last_result);
  return 0;
}

TEST(null_arguments) {
  bylaw_scheduler_t s;
  uv_loop_t loop;
  memset(&s, 0, sizeof(s));
  ASSERT_INT(uv_loop_init(&loop), 0);
  ASSERT_INT(bylaw_scheduler_init(NULL, NULL, &loop, NULL, NULL), BYLAW_EINVAL);
  ASSERT_INT(bylaw_scheduler_init(&s, NULL, &loop, NULL, NULL), BYLAW_EINVAL);
  ASSERT_INT(bylaw_scheduler_start(&s, NULL), BYLAW_EINVAL);
  ASSERT_INT(bylaw_scheduler_poke(&s), BYLAW_EINVAL);
  ASSERT_INT(bylaw_scheduler_stop(NULL), BYLAW_EINVAL);
  char *out = (char *)1;
  ASSERT_INT(bylaw_scheduler_run(&s, &out, NULL), BYLAW_EINVAL);
  ASSERT(out == NULL);
  bylaw_scheduler_close(NULL, NULL);
  bylaw_scheduler_close(&s, NULL); /* zeroed: nothing to close */
  ASSERT_INT(uv_loop_close(&loop), 0);
  return 0;
}

TEST(fires_due_work_on_start) {
  fixture_t f = {0};
  bylaw_engine_t *e = open_engine();
  ASSERT(e != NULL);
  bylaw_parse_time("2026-02-20T09:00:00+08:00", 0, &f.now); /* past due */
  uv_loop_t loop;
  bylaw_scheduler_t s;
  ASSERT_INT(uv_loop_init(&loop), 0);
  s.data = &f;
  ASSERT_INT(bylaw_scheduler_init(&s, e, &loop, fake_clock, &f), 0);
  ASSERT_INT(bylaw_scheduler_start(&s, on_tick), 0);
  uv_run(&loop, UV_RUN_NOWAIT); /* the start timer (0 ms) fires */
  ASSERT_INT(f.ticks, 1);
  ASSERT_INT(f.last_status, 0);
  /* The callback hears counts, not the actions: they are in the log. */
  ASSERT_CONTAINS(f.last_result, "tick@");
  ASSERT_CONTAINS(f.last_result, "\"status\":\"applied\",\"action_count\":1,"
                                 "\"action_types\":{\"mark_overdue\":1}");
  ASSERT(strstr(f.last_result, "\"actions\"") == NULL);
  ASSERT_INT(test_count(e, "p", "tasks"), 1);
  const char *marked[] = {"type", "mark_overdue", NULL};
  bylaw_query_t q = {.pack = "p", .table = "actions", .filters = marked};
  char *log = NULL;
  ASSERT_INT(bylaw_query(e, &q, &log, NULL), 0);
  ASSERT_CONTAINS(log, "\"total\":1");
  ASSERT_CONTAINS(log, "\"rule\":\"overdue follow-ups\"");
  bylaw_free(log);
  /* Nothing else is due: the timer waits for the idle recheck, not 0. */
  ASSERT_INT(bylaw_scheduler_stop(&s), 0);
  int rc = close_all(&s, &loop, &f);
  bylaw_engine_free(e);
  return rc;
}

TEST(run_ticks_only_when_due_and_once) {
  fixture_t f = {0};
  bylaw_engine_t *e = open_engine();
  ASSERT(e != NULL);
  bylaw_parse_time("2026-01-20T09:00:00+08:00", 0, &f.now); /* not yet due */
  uv_loop_t loop;
  bylaw_scheduler_t s;
  ASSERT_INT(uv_loop_init(&loop), 0);
  s.data = &f;
  ASSERT_INT(bylaw_scheduler_init(&s, e, &loop, fake_clock, &f), 0);
  ASSERT_INT(bylaw_scheduler_now(&s), f.now);

  char *out = NULL;
  ASSERT_INT(bylaw_scheduler_run(&s, &out, NULL), 0);
  ASSERT(out == NULL); /* nothing due: no tick event recorded */

  bylaw_parse_time("2026-02-06T09:00:00+08:00", 0, &f.now); /* the clock moves */
  ASSERT_INT(bylaw_scheduler_run(&s, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"action_count\":1,\"action_types\":{\"mark_overdue\":1}");
  bylaw_free(out);

  ASSERT_INT(bylaw_scheduler_run(&s, &out, NULL), 0);
  ASSERT(out == NULL); /* the same work never fires twice */
  ASSERT_INT(f.ticks, 0); /* run() does not report through the callback */
  int rc = close_all(&s, &loop, &f);
  bylaw_engine_free(e);
  return rc;
}

TEST(poke_looks_again_after_an_event) {
  fixture_t f = {0};
  char rules[1024];
  snprintf(rules, sizeof(rules), "%s/rules", test_tmpdir());
  test_pack(rules, "p", cadence_rules);
  bylaw_engine_t *e = test_engine(rules, NULL);
  bylaw_parse_time("2026-03-01T09:00:00+08:00", 0, &f.now);
  uv_loop_t loop;
  bylaw_scheduler_t s;
  ASSERT_INT(uv_loop_init(&loop), 0);
  s.data = &f;
  ASSERT_INT(bylaw_scheduler_init(&s, e, &loop, fake_clock, &f), 0);
  ASSERT_INT(bylaw_scheduler_start(&s, on_tick), 0);
  uv_run(&loop, UV_RUN_NOWAIT); /* empty store: nothing to do */
  ASSERT_INT(f.ticks, 0);

  int code;
  bylaw_free(test_submit(e, customer_event, &code)); /* due 2026-02-05 */
  ASSERT_INT(code, 0);
  ASSERT_INT(bylaw_scheduler_poke(&s), 0);
  ASSERT_INT(bylaw_scheduler_poke(&s), 0); /* coalesced */
  uv_run(&loop, UV_RUN_NOWAIT);
  ASSERT_INT(f.ticks, 1);
  ASSERT_CONTAINS(f.last_result, "\"action_types\":{\"mark_overdue\":1}");
  int rc = close_all(&s, &loop, &f);
  bylaw_engine_free(e);
  return rc;
}

/* An engine with pack p and, when `pack` names another, that pack too,
 * both following up retail customers monthly; n customers are added to
 * `pack` a minute apart from T0, so n follow-ups fall due a minute apart
 * from 2026-02-05 09:00. */
static bylaw_engine_t *backlog_engine(const char *pack, int n) {
  char rules[1024];
  snprintf(rules, sizeof(rules), "%s/rules", test_tmpdir());
  test_pack(rules, "p", cadence_rules);
  if (strcmp(pack, "p") != 0) test_pack(rules, pack, cadence_rules);
  bylaw_engine_t *e = test_engine(rules, NULL);
  int64_t t0;
  bylaw_parse_time(T0, 0, &t0);
  if (test_add_customers(e, pack, n, t0, 60) != 0) {
    bylaw_engine_free(e);
    return NULL;
  }
  return e;
}

/* Prepares s for e on a new loop, its clock at 2026-03-01 09:00. */
static int sched_open(bylaw_scheduler_t *s, uv_loop_t *loop, fixture_t *f, bylaw_engine_t *e) {
  bylaw_parse_time("2026-03-01T09:00:00+08:00", 0, &f->now);
  ASSERT_INT(uv_loop_init(loop), 0);
  s->data = f;
  ASSERT_INT(bylaw_scheduler_init(s, e, loop, fake_clock, f), 0);
  return 0;
}

/* A backlog: 2,500 follow-ups due a minute apart from 2026-02-05 09:00,
 * all past due when the scheduler starts on 2026-03-01.  It ticks pack p
 * to the due time of the 1,001st task (marking 1,000), then of the 2,001st,
 * and then every pack to now, and the loop polls for I/O between steps. */
TEST(a_backlog_is_caught_up_in_steps) {
  fixture_t f = {0};
  bylaw_engine_t *e = backlog_engine("p", 2500);
  ASSERT(e != NULL);
  uv_loop_t loop;
  bylaw_scheduler_t s;
  ASSERT_INT(sched_open(&s, &loop, &f, e), 0);
  uv_check_t check; /* counts the loop's polls, without keeping it alive */
  ASSERT_INT(uv_check_init(&loop, &check), 0);
  check.data = &f;
  ASSERT_INT(uv_check_start(&check, on_poll), 0);
  uv_unref((uv_handle_t *)&check);
  f.stop_after = 3;
  ASSERT_INT(bylaw_scheduler_start(&s, on_tick), 0);
  uv_run(&loop, UV_RUN_DEFAULT); /* until the third tick stops the scheduler */
  uv_close((uv_handle_t *)&check, NULL);
  ASSERT_INT(f.ticks, 3);
  ASSERT_INT(f.last_status, 0);
  ASSERT_CONTAINS(f.last_result, "tick@2026-03-01T09:00:00+08:00");
  ASSERT_CONTAINS(f.last_result, "\"action_types\":{\"mark_overdue\":500}");
  /* The loop polled for I/O between the steps. */
  ASSERT(f.tick_poll[1] > f.tick_poll[0]);
  ASSERT(f.tick_poll[2] > f.tick_poll[1]);
  const char *steps[] = {"tick@2026-02-06T01:40:00+08:00", "tick@2026-02-06T18:20:00+08:00"};
  for (int i = 0; i < 2; i++) {
    const char *marked[] = {"event", steps[i], "type", "mark_overdue", NULL};
    bylaw_query_t log = {.pack = "p", .table = "actions", .filters = marked, .limit = 1};
    char *text = NULL;
    ASSERT_INT(bylaw_query(e, &log, &text, NULL), 0);
    ASSERT_CONTAINS(text, "\"total\":1000");
    bylaw_free(text);
  }
  const char *overdue[] = {"status", "overdue", NULL};
  bylaw_query_t q = {.pack = "p", .table = "tasks", .filters = overdue, .limit = 1};
  char *out = NULL;
  ASSERT_INT(bylaw_query(e, &q, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"total\":2500");
  bylaw_free(out);
  int rc = close_all(&s, &loop, &f);
  bylaw_engine_free(e);
  return rc;
}

/* run() takes every step at once and reports them all. */
TEST(run_catches_up_with_a_backlog_at_once) {
  fixture_t f = {0};
  bylaw_engine_t *e = backlog_engine("p", 2500);
  ASSERT(e != NULL);
  uv_loop_t loop;
  bylaw_scheduler_t s;
  ASSERT_INT(sched_open(&s, &loop, &f, e), 0);
  char *out = NULL;
  ASSERT_INT(bylaw_scheduler_run(&s, &out, NULL), 0);
  ASSERT_CONTAINS(out, "[{\"event\":\"tick@2026-02-06T01:40:00+08:00\"");
  ASSERT_CONTAINS(out, "\"mark_overdue\":1000}");
  ASSERT_CONTAINS(out, "},{\"event\":\"tick@2026-02-06T18:20:00+08:00\"");
  ASSERT_CONTAINS(out, "},{\"event\":\"tick@2026-03-01T09:00:00+08:00\"");
  ASSERT_CONTAINS(out, "\"mark_overdue\":500}");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "p", "tasks"), 2500);
  int rc = close_all(&s, &loop, &f);
  bylaw_engine_free(e);
  return rc;
}

/* Pack "bad" rejects every tick and has a backlog of 1,500 due tasks; its
 * rejected step must not keep pack p's due follow-up from being marked. */
TEST(a_rejected_step_does_not_hold_other_packs_back) {
  fixture_t f = {0};
  bylaw_engine_t *e = backlog_engine("bad", 1500);
  ASSERT(e != NULL);
  int code;
  bylaw_free(test_submit(e, customer_event, &code)); /* p's c1, due 2026-02-05 */
  ASSERT_INT(code, 0);
  bylaw_engine_free(e);
  char rules[1024];
  snprintf(rules, sizeof(rules), "%s/rules", test_tmpdir());
  test_pack(rules, "bad",
            "rule \"broken clock\" { clause = \"x\", on = \"tick\",\n"
            "  run = function(ev) error(\"broken\") end }\n");
  e = test_engine(rules, NULL);
  ASSERT(e != NULL);
  uv_loop_t loop;
  bylaw_scheduler_t s;
  ASSERT_INT(sched_open(&s, &loop, &f, e), 0);
  char *out = NULL;
  ASSERT(bylaw_scheduler_run(&s, &out, NULL) != 0);
  ASSERT_CONTAINS(out, "{\"event\":\"tick@2026-02-06T01:40:00+08:00\",\"pack\":\"bad\","
                       "\"status\":\"rejected\"");
  ASSERT_CONTAINS(out, "{\"event\":\"tick@2026-03-01T09:00:00+08:00\",\"pack\":\"p\","
                       "\"status\":\"applied\",\"action_count\":1");
  bylaw_free(out);
  int rc = close_all(&s, &loop, &f);
  bylaw_engine_free(e);
  return rc;
}

const test_case_t test_cases[] = {
    TEST_ENTRY(null_arguments),
    TEST_ENTRY(fires_due_work_on_start),
    TEST_ENTRY(run_ticks_only_when_due_and_once),
    TEST_ENTRY(poke_looks_again_after_an_event),
    TEST_ENTRY(a_backlog_is_caught_up_in_steps),
    TEST_ENTRY(run_catches_up_with_a_backlog_at_once),
    TEST_ENTRY(a_rejected_step_does_not_hold_other_packs_back),
    {NULL, NULL},
};
