/* test_tick.c - the clock's two reports: bylaw_tick() lists every action a
 * tick fired, bylaw_tick_summary() only counts them by type.  Both must
 * apply and log exactly the same actions. */
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "task.h"

/* Retail follow-ups become overdue, highway ones are escalated: a tick
 * fires two action types. */
static const char cadence_rules[] =
    "cadence \"daily\" { clause = \"第六条\", by = \"segment\",\n"
    "  retail = { every = \"1 day\", owner = \"account_owner\" },\n"
    "  highway = { every = \"1 day\", owner = \"account_owner\", overdue = escalate \"sales_gm\" } }\n";

/* More than the 1,000 tasks the clock reads a page at a time. */
enum { RETAIL = 1200, HIGHWAY = 300 };

/* An engine on dir/db_name whose pack "t" has RETAIL + HIGHWAY customers,
 * each with a follow-up due 2026-03-02. */
static bylaw_engine_t *open_with_customers(const char *db_name) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "t", cadence_rules);
  bylaw_engine_t *e = test_engine_at(dir, db_name, NULL);
  enum { N = RETAIL + HIGHWAY };
  static char text[N][200];
  const char *events[N];
  size_t lens[N];
  char *results[N];
  for (int i = 0; i < N; i++) {
    lens[i] = (size_t)snprintf(text[i], sizeof(text[i]),
                               "{\"id\":\"c%d\",\"pack\":\"t\",\"type\":\"customer.upsert\","
                               "\"at\":\"2026-03-01\",\"data\":{\"id\":\"c%d\",\"segment\":\"%s\"}}",
                               i, i, i < RETAIL ? "retail" : "highway");
    events[i] = text[i];
  }
  int rc = bylaw_submit_batch(e, events, lens, N, results, NULL);
  for (int i = 0; i < N; i++) bylaw_free(results[i]);
  if (rc != 0) {
    bylaw_engine_free(e);
    return NULL;
  }
  return e;
}

/* Every row of table in pack t, read page by page, as one JSON array text
 * (caller frees with free). */
static char *dump(bylaw_engine_t *e, const char *table) {
  cJSON *all = cJSON_CreateArray();
  int total = 0;
  for (int offset = 0; offset == 0 || offset < total; offset += 1000) {
    bylaw_query_t q = {.pack = "t", .table = table, .limit = 1000, .offset = offset};
    char *out = NULL;
    if (bylaw_query(e, &q, &out, NULL) != 0) break;
    cJSON *page = cJSON_Parse(out);
    bylaw_free(out);
    total = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(page, "total"));
    cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(page, "rows"))
      cJSON_AddItemToArray(all, cJSON_Duplicate(row, 1));
    cJSON_Delete(page);
  }
  char *text = cJSON_PrintUnformatted(all);
  cJSON_Delete(all);
  return text;
}

static double number(const cJSON *obj, const char *key) {
  return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

TEST(summary_tick_applies_and_logs_the_same_actions_as_a_full_tick) {
  bylaw_engine_t *full = open_with_customers("full.db");
  bylaw_engine_t *summary = open_with_customers("summary.db");
  ASSERT(full != NULL && summary != NULL);
  int64_t now;
  bylaw_parse_time("2026-03-05", 8 * 3600, &now);
  char *listed = NULL, *counted = NULL;
  ASSERT_INT(bylaw_tick(full, NULL, now, &listed, NULL), 0);
  ASSERT_INT(bylaw_tick_summary(summary, NULL, now, &counted, NULL), 0);

  /* The full tick listed every action, the summary only counted them. */
  cJSON *l = cJSON_Parse(listed), *c = cJSON_Parse(counted);
  ASSERT_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(l->child, "actions")),
             RETAIL + HIGHWAY);
  ASSERT(cJSON_GetObjectItemCaseSensitive(c->child, "actions") == NULL);
  ASSERT_INT(number(c->child, "action_count"), RETAIL + HIGHWAY);
  cJSON_Delete(l);
  cJSON_Delete(c);
  bylaw_free(listed);
  bylaw_free(counted);

  /* The stores agree row for row: the same action log (event, rule,
   * clause, version, time and body of each action, in order) and the same
   * tasks. */
  ASSERT_INT(test_count(summary, "t", "actions"), test_count(full, "t", "actions"));
  const char *tables[] = {"actions", "tasks", "events"};
  for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
    char *a = dump(full, tables[i]), *b = dump(summary, tables[i]);
    ASSERT(a != NULL && b != NULL);
    ASSERT(strlen(a) > 1000); /* a real log, not two empty ones */
    ASSERT_STR(b, a);
    free(a);
    free(b);
  }
  bylaw_engine_free(full);
  bylaw_engine_free(summary);
  return 0;
}

TEST(summary_counts_the_actions_of_each_type) {
  bylaw_engine_t *e = open_with_customers("test.db");
  ASSERT(e != NULL);
  int64_t now;
  bylaw_parse_time("2026-03-05", 8 * 3600, &now);
  char *out = NULL;
  ASSERT_INT(bylaw_tick_summary(e, "t", now, &out, NULL), 0);
  cJSON *arr = cJSON_Parse(out);
  ASSERT_INT(cJSON_GetArraySize(arr), 1);
  cJSON *r = arr->child;
  ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "event")),
             "tick@2026-03-05T00:00:00+08:00");
  ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "pack")), "t");
  ASSERT_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "status")), "applied");
  ASSERT(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r, "error")));
  ASSERT_INT(number(r, "action_count"), RETAIL + HIGHWAY);
  cJSON *types = cJSON_GetObjectItemCaseSensitive(r, "action_types");
  ASSERT_INT(cJSON_GetArraySize(types), 2);
  ASSERT_INT(number(types, "mark_overdue"), RETAIL);
  ASSERT_INT(number(types, "escalate"), HIGHWAY);
  cJSON_Delete(arr);
  bylaw_free(out);

  /* The counts are what the store holds. */
  const char *overdue[] = {"status", "overdue", NULL}, *escalated[] = {"status", "escalated", NULL};
  bylaw_query_t q = {.pack = "t", .table = "tasks", .filters = overdue, .limit = 1};
  ASSERT_INT(bylaw_query(e, &q, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"total\":1200");
  bylaw_free(out);
  q.filters = escalated;
  ASSERT_INT(bylaw_query(e, &q, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"total\":300");
  bylaw_free(out);

  /* The same tick again is a duplicate: nothing fired. */
  ASSERT_INT(bylaw_tick_summary(e, "t", now, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"status\":\"duplicate\",\"action_count\":0,\"action_types\":{},"
                       "\"error\":null");
  bylaw_free(out);
  bylaw_engine_free(e);
  return 0;
}

TEST(a_rejected_summary_tick_counts_nothing) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  /* The first rule's fine is applied, then the second rule fails: the
   * whole tick is rolled back, and so are its counts. */
  test_pack(dir, "t",
            "rule \"fines on the clock\" { clause = \"t1\", on = \"tick\",\n"
            "  run = function(ev) return fine { staff = \"s1\", amount = \"20 yuan\" } end }\n"
            "rule \"breaks the clock\" { clause = \"t2\", on = \"tick\",\n"
            "  run = function(ev) error(\"clock broke on purpose\") end }\n");
  bylaw_engine_t *e = test_engine(dir, NULL);
  int64_t now;
  bylaw_parse_time("2026-03-05", 8 * 3600, &now);
  char *out = NULL;
  ASSERT_INT(bylaw_tick_summary(e, NULL, now, &out, NULL), BYLAW_ERULE);
  ASSERT_CONTAINS(out, "\"status\":\"rejected\",\"action_count\":0,\"action_types\":{},"
                       "\"error\":{\"code\":\"BYLAW_ERULE\"");
  ASSERT_CONTAINS(out, "clock broke on purpose");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "t", "penalties"), 0);
  ASSERT_INT(test_count(e, "t", "actions"), 0);
  ASSERT_INT(test_count(e, "t", "events"), 0);
  bylaw_engine_free(e);
  return 0;
}

TEST(summary_checks_its_arguments) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "t", cadence_rules);
  bylaw_engine_t *e = test_engine(dir, NULL);
  char *out = (char *)1;
  ASSERT_INT(bylaw_tick_summary(NULL, NULL, 0, &out, NULL), BYLAW_EINVAL);
  ASSERT(out == NULL);
  ASSERT_INT(bylaw_tick_summary(e, NULL, 0, NULL, NULL), BYLAW_EINVAL);
  bylaw_error_t err = {0};
  ASSERT_INT(bylaw_tick_summary(e, "nope", 0, &out, &err), BYLAW_ENOPACK);
  ASSERT_CONTAINS(err.message, "unknown pack 'nope'");
  bylaw_error_clear(&err);
  bylaw_engine_free(e);
  return 0;
}

const test_case_t test_cases[] = {
    TEST_ENTRY(summary_tick_applies_and_logs_the_same_actions_as_a_full_tick),
    TEST_ENTRY(summary_counts_the_actions_of_each_type),
    TEST_ENTRY(a_rejected_summary_tick_counts_nothing),
    TEST_ENTRY(summary_checks_its_arguments),
    {NULL, NULL},
};
