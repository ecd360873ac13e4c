/* test_process.c - exactly-once processing: duplicates, conflicts, and
 * all-or-nothing events when a rule fails half-way. */
#include <stdlib.h>

#include "task.h"

/* Enough Lua instructions for one page of the clock's overdue rule (1,000
 * tasks), not for three. */
#define BACKLOG_BUDGET 100000

static const char rules[] =
    "classify \"class\" { clause = \"第五条\",\n"
    "  { class = \"A\", when = { segment = \"highway\" } }, { class = \"C\" } }\n"
    "rule \"fails after classifying\" { clause = \"t2\", on = \"customer.upsert\",\n"
    "  when = { segment = \"broken\" },\n"
    "  run = function(ev) error(\"rule broke on purpose\") end }\n"
    "rule \"returns a bad action\" { clause = \"t3\", on = \"customer.upsert\",\n"
    "  when = { segment = \"bad-action\" },\n"
    "  run = function(ev) return fine { staff = \"s1\", amount_fen = 12.5 } end }\n"
    "rule \"returns an unknown action\" { clause = \"t4\", on = \"customer.upsert\",\n"
    "  when = { segment = \"unknown-action\" },\n"
    "  run = function(ev) return { type = \"delete_everything\" } end }\n"
    "rule \"writes another pack\" { clause = \"t5\", on = \"customer.upsert\",\n"
    "  when = { segment = \"other-pack\" },\n"
    "  run = function(ev) return classify { customer = ev.data.id, class = \"A\", pack = \"other\" } end }\n"
    "rule \"fines late staff\" { clause = \"t6\", on = \"violation.reported\",\n"
    "  run = function(ev) return fine { staff = ev.data.staff, amount = \"20 yuan\" } end }\n"
    /* Each failed read raises while its filter values are held. */
    "rule \"reads after caught errors\" { clause = \"t7\", on = \"customer.upsert\",\n"
    "  when = { segment = \"caught-reads\" },\n"
    "  run = function(ev)\n"
    "    local caught = 0\n"
    "    for i = 1, 40 do\n"
    "      if not pcall(facts.rows, \"customers\", { [i] = \"x\" }) then caught = caught + 1 end\n"
    "    end\n"
    "    local rows = facts.rows(\"customers\", { id = ev.data.id })\n"
    "    return classify { customer = ev.data.id, class = #rows == 1 and caught == 40 and \"B\" or \"D\" }\n"
    "  end }\n";

static bylaw_engine_t *open_engine(void) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "t", rules);
  return test_engine(dir, NULL);
}

#define CUSTOMER(id, seg)                                                        \
  "{\"id\":\"" id "\",\"pack\":\"t\",\"type\":\"customer.upsert\",\"at\":\"2026-03-01 09:00\"," \
  "\"data\":{\"id\":\"c1\",\"segment\":\"" seg "\"}}"

TEST(same_event_twice_is_a_duplicate) {
  bylaw_engine_t *e = open_engine();
  int code;
  char *out = test_submit(e, CUSTOMER("e1", "highway"), &code);
  ASSERT_INT(code, 0);
  ASSERT_CONTAINS(out, "\"status\":\"applied\"");
  bylaw_free(out);
  int actions = test_count(e, "t", "actions");
  ASSERT(actions > 0);
  out = test_submit(e, CUSTOMER("e1", "highway"), &code);
  ASSERT_INT(code, 0);
  ASSERT_CONTAINS(out, "\"status\":\"duplicate\"");
  ASSERT_CONTAINS(out, "\"actions\":[]");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "t", "actions"), actions);
  ASSERT_INT(test_count(e, "t", "events"), 1);
  bylaw_engine_free(e);
  return 0;
}

TEST(same_id_with_another_body_is_refused) {
  bylaw_engine_t *e = open_engine();
  int code;
  bylaw_free(test_submit(e, CUSTOMER("e1", "highway"), &code));
  char *out = test_submit(e, CUSTOMER("e1", "retail"), &code);
  ASSERT_INT(code, BYLAW_ECONFLICT);
  ASSERT_CONTAINS(out, "already used for a different event");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "t", "events"), 1);
  bylaw_engine_free(e);
  return 0;
}

TEST(rule_error_rolls_back_everything) {
  bylaw_engine_t *e = open_engine();
  int code;
  /* The classify rule runs first and its action is applied; then the next
   * rule fails: the customer, the class, the log and the inbox row must all
   * be gone. */
  char *out = test_submit(e, CUSTOMER("e1", "broken"), &code);
  ASSERT_INT(code, BYLAW_ERULE);
  ASSERT_CONTAINS(out, "pack t, rule \\\"fails after classifying\\\" (t2, t/rules.lua:3)");
  ASSERT_CONTAINS(out, "t/rules.lua:5: rule broke on purpose");
  ASSERT_CONTAINS(out, "\"actions\":[]");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "t", "events"), 0);
  ASSERT_INT(test_count(e, "t", "customers"), 0);
  ASSERT_INT(test_count(e, "t", "actions"), 0);
  /* The same id can be sent again once fixed. */
  out = test_submit(e, CUSTOMER("e1", "highway"), &code);
  ASSERT_INT(code, 0);
  bylaw_free(out);
  bylaw_engine_free(e);
  return 0;
}

TEST(invalid_actions_reject_the_event) {
  bylaw_engine_t *e = open_engine();
  int code;
  char *out = test_submit(e, CUSTOMER("e1", "bad-action"), &code);
  ASSERT_INT(code, BYLAW_ERULE);
  ASSERT_CONTAINS(out, "rule \\\"returns a bad action\\\" (t3, t/rules.lua:6)");
  ASSERT_CONTAINS(out, "fine: field 'amount_fen' must be a whole number of fen");
  bylaw_free(out);
  out = test_submit(e, CUSTOMER("e2", "unknown-action"), &code);
  ASSERT_INT(code, BYLAW_ERULE);
  ASSERT_CONTAINS(out, "unknown action type 'delete_everything'");
  bylaw_free(out);
  out = test_submit(e, CUSTOMER("e3", "other-pack"), &code);
  ASSERT_INT(code, BYLAW_ERULE);
  ASSERT_CONTAINS(out, "classify: unknown field 'pack'");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "t", "customers"), 0);
  ASSERT_INT(test_count(e, "t", "penalties"), 0);
  bylaw_engine_free(e);
  return 0;
}

/* A read that raises leaves its held filter values to the end of the
 * call (a leak there fails the ASan run); later reads still work. */
TEST(reads_after_caught_errors_still_work) {
  bylaw_engine_t *e = open_engine();
  int code;
  char *out = test_submit(e, CUSTOMER("e9", "caught-reads"), &code);
  ASSERT_INT(code, 0);
  ASSERT_CONTAINS(out, "\"status\":\"applied\"");
  ASSERT_CONTAINS(out, "\"rule\":\"reads after caught errors\",\"clause\":\"t7\",\"customer\":\"c1\",\"class\":\"B\"");
  bylaw_free(out);
  bylaw_engine_free(e);
  return 0;
}

TEST(actions_are_logged_with_rule_clause_and_version) {
  bylaw_engine_t *e = open_engine();
  int code;
  char *out = test_submit(e,
                          "{\"id\":\"v1\",\"pack\":\"t\",\"type\":\"violation.reported\","
                          "\"at\":\"2026-03-02 08:45\",\"data\":{\"staff\":\"s1\",\"kind\":\"late\"}}",
                          &code);
  ASSERT_INT(code, 0);
  ASSERT_CONTAINS(out, "\"amount_fen\":2000");
  bylaw_free(out);
  bylaw_query_t q = {.pack = "t", .table = "actions", .id = "v1"};
  ASSERT_INT(bylaw_query(e, &q, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"event\":\"v1\"");
  ASSERT_CONTAINS(out, "\"rule\":\"fines late staff\"");
  ASSERT_CONTAINS(out, "\"clause\":\"t6\"");
  ASSERT_CONTAINS(out, "\"version\":\"");
  ASSERT_CONTAINS(out, "\"at\":\"2026-03-02T08:45:00+08:00\"");
  bylaw_free(out);
  q = (bylaw_query_t){.pack = "t", .table = "penalties"};
  ASSERT_INT(bylaw_query(e, &q, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"staff\":\"s1\",\"kind\":\"fine\"");
  bylaw_free(out);
  bylaw_engine_free(e);
  return 0;
}

TEST(tick_is_processed_once) {
  bylaw_engine_t *e = open_engine();
  char *out = NULL;
  int64_t now;
  bylaw_parse_time("2026-03-05 09:00", 8 * 3600, &now);
  ASSERT_INT(bylaw_tick(e, NULL, now, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"event\":\"tick@2026-03-05T09:00:00+08:00\"");
  ASSERT_CONTAINS(out, "\"status\":\"applied\"");
  bylaw_free(out);
  ASSERT_INT(bylaw_tick(e, "t", now, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"status\":\"duplicate\"");
  bylaw_free(out);
  ASSERT_INT(bylaw_tick(e, "nope", now, &out, NULL), BYLAW_ENOPACK);
  bylaw_engine_free(e);
  return 0;
}

TEST(a_batch_commits_once_and_each_event_keeps_its_outcome) {
  bylaw_engine_t *e = open_engine();
  const char *events[] = {CUSTOMER("b1", "highway"), CUSTOMER("b2", "broken"),
                          CUSTOMER("b1", "highway"), "{not json",
                          "{\"id\":\"b3\",\"pack\":\"t\",\"type\":\"violation.reported\","
                          "\"at\":\"2026-03-02\",\"data\":{\"staff\":\"s1\",\"kind\":\"late\"}}"};
  size_t lens[5];
  char *results[5];
  for (int i = 0; i < 5; i++) lens[i] = strlen(events[i]);
  ASSERT_INT(bylaw_submit_batch(e, events, lens, 5, results, NULL), 0);
  ASSERT_CONTAINS(results[0], "\"status\":\"applied\"");
  ASSERT_CONTAINS(results[1], "\"status\":\"rejected\"");
  ASSERT_CONTAINS(results[1], "rule broke on purpose");
  ASSERT_CONTAINS(results[2], "\"status\":\"duplicate\"");
  ASSERT_CONTAINS(results[3], "not valid JSON");
  ASSERT_CONTAINS(results[4], "\"status\":\"applied\"");
  for (int i = 0; i < 5; i++) bylaw_free(results[i]);
  /* b2's classification was undone with it; b1 and b3 stand. */
  ASSERT_INT(test_count(e, "t", "events"), 2);
  ASSERT_INT(test_count(e, "t", "customers"), 1);
  ASSERT_INT(test_count(e, "t", "penalties"), 1);
  bylaw_engine_free(e);
  return 0;
}

/* The action log of events submitted one at a time, or as one batch;
 * NULL when the batch or the read failed. */
static char *action_log(bylaw_engine_t *e, char **events, int n, int batch) {
  size_t lens[80];
  char *results[80];
  for (int i = 0; i < n; i++) lens[i] = strlen(events[i]);
  if (batch) {
    if (bylaw_submit_batch(e, (const char *const *)events, lens, (size_t)n, results, NULL) != 0)
      return NULL;
    for (int i = 0; i < n; i++) bylaw_free(results[i]);
  } else {
    int code;
    for (int i = 0; i < n; i++) bylaw_free(test_submit(e, events[i], &code));
  }
  bylaw_query_t q = {.pack = "t", .table = "actions", .limit = 1000};
  char *out = NULL;
  return bylaw_query(e, &q, &out, NULL) == 0 ? out : NULL;
}

/* A batch runs its events in runs under one savepoint; a rejected event
 * takes its run back and the events before it run again.  The outcome must
 * be exactly that of the same events one at a time. */
TEST(rejected_events_in_a_batch_leave_the_same_log_as_one_at_a_time) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "t", rules);
  enum { N = 75 };
  char *events[N];
  int rejected = 0;
  for (int i = 0; i < N; i++) {
    events[i] = malloc(220);
    /* Rejections early in a run, late in a run, and two in a row (the
     * first run is long; after a rejection the engine makes them short). */
    int broken = i == 3 || i == 31 || i == 40 || i == 41 || i == 73;
    rejected += broken;
    if (i % 4 == 2)
      snprintf(events[i], 220,
               "{\"id\":\"v%d\",\"pack\":\"t\",\"type\":\"violation.reported\","
               "\"at\":\"2026-03-02\",\"data\":{\"staff\":\"s%d\",\"kind\":\"late\"}}",
               i, i % 3);
    else
      snprintf(events[i], 220,
               "{\"id\":\"e%d\",\"pack\":\"t\",\"type\":\"customer.upsert\","
               "\"at\":\"2026-03-01\",\"data\":{\"id\":\"c%d\",\"segment\":\"%s\"}}",
               i, i % 20, broken ? "broken" : i % 3 ? "retail" : "highway");
  }
  ASSERT_INT(rejected, 5);
  bylaw_engine_t *one = test_engine_at(dir, "one.db", NULL);
  bylaw_engine_t *all = test_engine_at(dir, "all.db", NULL);
  char *one_log = action_log(one, events, N, 0);
  char *all_log = action_log(all, events, N, 1);
  ASSERT(one_log != NULL);
  ASSERT_CONTAINS(one_log, "\"total\":");
  ASSERT_STR(all_log, one_log);
  ASSERT_INT(test_count(all, "t", "events"), N - rejected);
  ASSERT_INT(test_count(all, "t", "penalties"), test_count(one, "t", "penalties"));
  bylaw_free(one_log);
  bylaw_free(all_log);
  for (int i = 0; i < N; i++) free(events[i]);
  bylaw_engine_free(one);
  bylaw_engine_free(all);
  return 0;
}

/* The pack of the clock tests: a daily follow-up for every retail customer. */
static const char daily_rules[] =
    "cadence \"daily\" { clause = \"x\", by = \"segment\",\n"
    "  retail = { every = \"1 day\", owner = \"account_owner\" } }\n";

/* Adds retail customers c0..c(n-1) to pack t in one batch. */
static int add_retail_customers(bylaw_engine_t *e, int n) {
  int64_t at;
  bylaw_parse_time("2026-03-01", 8 * 3600, &at);
  return test_add_customers(e, "t", n, at, 0);
}

TEST(a_tick_handles_more_overdue_tasks_than_one_page) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "t", daily_rules);
  bylaw_engine_t *e = test_engine(dir, NULL);
  enum { N = 2500 }; /* more than the 1,000 the clock reads at a time */
  ASSERT_INT(add_retail_customers(e, N), 0);
  int64_t now;
  bylaw_parse_time("2026-03-05", 8 * 3600, &now);
  char *out = NULL;
  ASSERT_INT(bylaw_tick(e, "t", now, &out, NULL), 0);
  bylaw_free(out);
  const char *overdue[] = {"status", "overdue", NULL};
  bylaw_query_t q = {.pack = "t", .table = "tasks", .filters = overdue, .limit = 1};
  ASSERT_INT(bylaw_query(e, &q, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"total\":2500");
  bylaw_free(out);
  bylaw_engine_free(e);
  return 0;
}

/* The clock's overdue rule takes fresh limits for each page of tasks: a
 * backlog larger than one evaluation's instruction budget is still marked,
 * all of it, in one tick. */
TEST(a_backlog_larger_than_one_budget_is_marked_overdue) {
  char dir[512], db[600];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  snprintf(db, sizeof(db), "%s/backlog.db", test_tmpdir());
  test_pack(dir, "t", daily_rules);
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.db_path = db;
  opts.rules_dir = dir;
  opts.sync = BYLAW_SYNC_OFF;
  opts.instr_budget = BACKLOG_BUDGET;
  bylaw_engine_t *e = NULL;
  ASSERT_INT(bylaw_engine_new(&e, &opts, NULL), 0);
  enum { N = 3000 };
  ASSERT_INT(add_retail_customers(e, N), 0);
  int64_t now;
  bylaw_parse_time("2026-03-05", 8 * 3600, &now);
  char *out = NULL;
  ASSERT_INT(bylaw_tick_summary(e, "t", now, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"mark_overdue\":3000");
  bylaw_free(out);
  bylaw_engine_free(e);
  return 0;
}

const test_case_t test_cases[] = {
    TEST_ENTRY(a_tick_handles_more_overdue_tasks_than_one_page),
    TEST_ENTRY(a_backlog_larger_than_one_budget_is_marked_overdue),
    TEST_ENTRY(a_batch_commits_once_and_each_event_keeps_its_outcome),
    TEST_ENTRY(rejected_events_in_a_batch_leave_the_same_log_as_one_at_a_time),
    TEST_ENTRY(same_event_twice_is_a_duplicate),
    TEST_ENTRY(same_id_with_another_body_is_refused),
    TEST_ENTRY(rule_error_rolls_back_everything),
    TEST_ENTRY(invalid_actions_reject_the_event),
    TEST_ENTRY(actions_are_logged_with_rule_clause_and_version),
    TEST_ENTRY(reads_after_caught_errors_still_work),
    TEST_ENTRY(tick_is_processed_once),
    {NULL, NULL}};
