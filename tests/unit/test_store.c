/* test_store.c - schema creation, migration and refusal of newer schemas. */
#include <sqlite3.h>
#include <stdlib.h>

#include "store/store_int.h"
#include "task.h"

static char *db_path(void) {
  static char path[512];
  snprintf(path, sizeof(path), "%s/store.db", test_tmpdir());
  return path;
}

TEST(null_arguments) {
  bylaw_store_t *st = NULL;
  bylaw_error_t err = {0};
  ASSERT_INT(bylaw__store_open(&st, NULL, BYLAW_SYNC_FULL, 0, &err), BYLAW_EINVAL);
  ASSERT(st == NULL);
  bylaw__store_close(NULL);
  bylaw_error_clear(&err);
  bylaw_error_clear(NULL);
  return 0;
}

TEST(creates_schema_in_wal_mode) {
  bylaw_store_t *st;
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_FULL, 1000, NULL), 0);
  int version = 0;
  ASSERT_INT(bylaw__store_schema_version(st, &version), 0);
  ASSERT_INT(version, BYLAW_SCHEMA_VERSION);
  bylaw__store_close(st);
  sqlite3 *db;
  ASSERT_INT(sqlite3_open(db_path(), &db), SQLITE_OK);
  sqlite3_stmt *stmt;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL);
  ASSERT_INT(sqlite3_step(stmt), SQLITE_ROW);
  ASSERT_STR((const char *)sqlite3_column_text(stmt, 0), "wal");
  sqlite3_finalize(stmt);
  /* Every domain table carries the pack. */
  const char *tables[] = {"events", "customers", "staff", "orders", "payments", "tasks",
                          "approvals", "complaints", "violations", "penalties", "actions", NULL};
  for (int i = 0; tables[i]; i++) {
    char *sql = sqlite3_mprintf("SELECT pack FROM %s LIMIT 0", tables[i]);
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) FAIL_AT("table %s has no pack column", tables[i]);
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return 0;
}

TEST(reopening_keeps_data) {
  bylaw_store_t *st;
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_NORMAL, 1000, NULL), 0);
  ASSERT_INT(bylaw__store_begin(st, NULL), 0);
  int64_t seq;
  ASSERT_INT(bylaw__store_inbox_add(st, "p", "e1", "tick", 1, "{}", 2, "v", &seq, NULL), 0);
  ASSERT_INT(bylaw__store_commit(st, NULL), 0);
  bylaw__store_close(st);
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_NORMAL, 1000, NULL), 0);
  int found;
  ASSERT_INT(bylaw__store_inbox_find(st, "p", "e1", "{}", 2, &found, NULL), 0);
  ASSERT_INT(found, 1);
  ASSERT_INT(bylaw__store_inbox_find(st, "p", "e1", "{\"x\":1}", 7, &found, NULL), 0);
  ASSERT_INT(found, 2);
  ASSERT_INT(bylaw__store_inbox_find(st, "other", "e1", "{}", 2, &found, NULL), 0);
  ASSERT_INT(found, 0); /* ids are per pack */
  /* Adding a known id adds nothing, whatever the body. */
  ASSERT_INT(bylaw__store_inbox_add(st, "p", "e1", "tick", 1, "{\"x\":1}", 7, "v", &seq, NULL), 0);
  ASSERT_INT(seq, 0);
  ASSERT_INT(bylaw__store_inbox_find(st, "p", "e1", "{}", 2, &found, NULL), 0);
  ASSERT_INT(found, 1);
  bylaw__store_close(st);
  return 0;
}

TEST(the_inbox_knows_an_event_sent_again_in_other_words) {
  bylaw_store_t *st;
  static const char stored[] = "{\"id\":\"e1\",\"data\":{\"a\":1,\"b\":[1,2]}}";
  static const char reordered[] = "{ \"data\": {\"b\": [1, 2], \"a\": 1},\n \"id\": \"e1\" }";
  static const char changed[] = "{\"id\":\"e1\",\"data\":{\"a\":1,\"b\":[2,1]}}";
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_NORMAL, 1000, NULL), 0);
  ASSERT_INT(bylaw__store_begin(st, NULL), 0);
  int64_t seq;
  ASSERT_INT(bylaw__store_inbox_add(st, "p", "e1", "tick", 1, stored, strlen(stored), "v", &seq, NULL), 0);
  ASSERT_INT(bylaw__store_commit(st, NULL), 0);
  int found;
  ASSERT_INT(bylaw__store_inbox_find(st, "p", "e1", reordered, strlen(reordered), &found, NULL), 0);
  ASSERT_INT(found, 1);
  ASSERT_INT(bylaw__store_inbox_find(st, "p", "e1", changed, strlen(changed), &found, NULL), 0);
  ASSERT_INT(found, 2);
  /* Only len bytes count: the text need not end where the buffer does. */
  char buf[256];
  snprintf(buf, sizeof(buf), "%s, \"more\": 1}", reordered);
  ASSERT_INT(bylaw__store_inbox_find(st, "p", "e1", buf, strlen(reordered), &found, NULL), 0);
  ASSERT_INT(found, 1);
  bylaw__store_close(st);
  return 0;
}

TEST(newer_schema_is_refused) {
  sqlite3 *db;
  ASSERT_INT(sqlite3_open(db_path(), &db), SQLITE_OK);
  ASSERT_INT(sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  bylaw_store_t *st = NULL;
  bylaw_error_t err = {0};
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_FULL, 1000, &err), BYLAW_ESCHEMA);
  ASSERT(st == NULL);
  ASSERT_CONTAINS(err.message, "schema version 99 is newer");
  bylaw_error_clear(&err);
  return 0;
}

/* Turns a new store back into what version 2 left: a row per action in
 * the actions table, with an index on the event, and the tasks, payments
 * and surveys indexes of then.  more_sql then runs, and
 * the store is stamped with version. */
static int store_made_old(const char *more_sql, int version) {
  bylaw_store_t *st;
  if (bylaw__store_open(&st, db_path(), BYLAW_SYNC_OFF, 1000, NULL) != 0) return 1;
  bylaw__store_close(st);
  sqlite3 *db;
  if (sqlite3_open(db_path(), &db) != SQLITE_OK) return 1;
  char *sql = sqlite3_mprintf(
      "CREATE INDEX customers_class ON customers(pack, class);"
      "CREATE INDEX tasks_open_due ON tasks(due_at) WHERE status = 'open';"
      "DROP INDEX payments_customer; DROP INDEX tasks_customer; DROP INDEX surveys_customer;"
      "CREATE INDEX tasks_customer ON tasks(pack, customer, kind, status);"
      "DROP VIEW actions; DROP TABLE action_log;"
      "CREATE TABLE actions(seq INTEGER PRIMARY KEY, pack TEXT NOT NULL,"
      " event TEXT NOT NULL, rule TEXT, clause TEXT, version TEXT NOT NULL,"
      " type TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);"
      "CREATE INDEX actions_event ON actions(pack, event);"
      "%s PRAGMA user_version=%d;",
      more_sql, version);
  int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
  sqlite3_free(sql);
  sqlite3_close(db);
  return rc != SQLITE_OK;
}

TEST(a_version_1_store_is_migrated) {
  /* Make a store as version 1 left it: no tasks.late, no events_at index,
   * and a task done a day after it was due. */
  ASSERT_INT(store_made_old("DROP INDEX events_at; ALTER TABLE tasks DROP COLUMN late;"
                            "INSERT INTO tasks(pack, kind, due_at, status, done_at)"
                            " VALUES('p', 'k', 1000, 'done', 1000 + 86400),"
                            " ('p', 'k', 1000, 'done', 900);",
                            1),
             0);
  bylaw_store_t *st;
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_OFF, 1000, NULL), 0);
  int version = 0;
  ASSERT_INT(bylaw__store_schema_version(st, &version), 0);
  ASSERT_INT(version, BYLAW_SCHEMA_VERSION);
  cJSON *rows = NULL;
  ASSERT_INT(bylaw__store_select(st, "p", "tasks", NULL, 0, "id", 0, 10, 0, INT32_MIN, &rows,
                                 NULL, NULL),
             0);
  ASSERT_INT(cJSON_GetArraySize(rows), 2);
  ASSERT_INT(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0), "late")->valuedouble, 1);
  ASSERT_INT(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "late")->valuedouble, 0);
  cJSON_Delete(rows);
  /* Schemas 5 and 6 dropped two indexes no read used. */
  sqlite3_stmt *stmt;
  ASSERT_INT(sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master"
                                " WHERE name IN ('customers_class', 'tasks_open_due')",
                                -1, &stmt, NULL),
             SQLITE_OK);
  ASSERT_INT(sqlite3_step(stmt), SQLITE_ROW);
  ASSERT_INT(sqlite3_column_int(stmt, 0), 0);
  sqlite3_finalize(stmt);
  bylaw__store_close(st);
  return 0;
}

/* Reads the actions view as "event type n" lines, in the log's order. */
static char *actions_text(bylaw_store_t *st) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(st->db,
                         "SELECT event || ' ' || type || ' ' || json_extract(body, '$.n') ||"
                         " ' ' || version || ' ' || at FROM actions ORDER BY seq",
                         -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  size_t len = 0;
  char *out = calloc(1, 1);
  while (out && sqlite3_step(stmt) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(stmt, 0);
    char *grown = realloc(out, len + strlen(line) + 2);
    if (grown == NULL) break;
    out = grown;
    len += (size_t)sprintf(out + len, "%s\n", line);
  }
  sqlite3_finalize(stmt);
  return out;
}

/* What actions_text shows for n mark_overdue actions of event at time 100
 * by pack version v1, then tail. */
static char *overdue_lines(const char *event, int n, const char *tail) {
  size_t len = 0;
  char *text = malloc(64 * (size_t)n + strlen(tail) + 1);
  for (int i = 0; text && i < n; i++)
    len += (size_t)sprintf(text + len, "%s mark_overdue %d v1 100\n", event, i);
  if (text) strcpy(text + len, tail);
  return text;
}

TEST(a_version_2_action_log_moves_over_in_order) {
  /* 2,500 actions of one event (three rows of the new log), two of
   * another, logged interleaved with a third event's in between. */
  ASSERT_INT(store_made_old(
                 "INSERT INTO events(seq, pack, id, type, at, body, version) VALUES"
                 " (7, 'p', 'big', 'tick', 100, '{}', 'v1'), (8, 'p', 'small', 'tick', 200, '{}', 'v2'),"
                 " (9, 'q', 'other', 'tick', 300, '{}', 'v3');"
                 "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2499)"
                 " INSERT INTO actions(pack, event, rule, version, type, at, body)"
                 " SELECT 'p', 'big', 'r', 'v1', 'mark_overdue', 100,"
                 " json_object('type', 'mark_overdue', 'rule', 'r', 'n', i) FROM n;"
                 "INSERT INTO actions(pack, event, rule, version, type, at, body) VALUES"
                 " ('q', 'other', 'r', 'v3', 'notify', 300, '{\"type\":\"notify\",\"rule\":\"r\",\"n\":0}'),"
                 " ('p', 'small', 'r', 'v2', 'fine', 200, '{\"type\":\"fine\",\"rule\":\"r\",\"n\":0}'),"
                 " ('p', 'small', 'r', 'v2', 'reward', 200, '{\"type\":\"reward\",\"rule\":\"r\",\"n\":1}');",
                 2),
             0);
  bylaw_store_t *st;
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_OFF, 1000, NULL), 0);
  char *got = actions_text(st);
  ASSERT(got != NULL);
  /* What the view must show: each event's actions in their order. */
  char *want = overdue_lines(
      "big", 2500, "small fine 0 v2 200\nsmall reward 1 v2 200\nother notify 0 v3 300\n");
  ASSERT(want != NULL);
  int same = strcmp(got, want) == 0;
  free(got);
  free(want);
  ASSERT(same);
  sqlite3_stmt *stmt;
  ASSERT_INT(sqlite3_prepare_v2(st->db, "SELECT count(*) FROM action_log", -1, &stmt, NULL),
             SQLITE_OK);
  ASSERT_INT(sqlite3_step(stmt), SQLITE_ROW);
  ASSERT_INT(sqlite3_column_int(stmt, 0), 5); /* big: 1,000 + 1,000 + 500 */
  sqlite3_finalize(stmt);
  bylaw__store_close(st);
  return 0;
}

TEST(an_events_actions_are_logged_a_thousand_a_row) {
  bylaw_store_t *st;
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_OFF, 1000, NULL), 0);
  ASSERT_INT(bylaw__store_begin(st, NULL), 0);
  int64_t seq;
  ASSERT_INT(bylaw__store_inbox_add(st, "p", "t1", "tick", 100, "{}", 2, "v1", &seq, NULL), 0);
  bylaw__store_log_open(st, seq);
  char body[64];
  for (int i = 0; i < 2500; i++) {
    snprintf(body, sizeof(body), "{\"type\":\"mark_overdue\",\"n\":%d}", i);
    ASSERT_INT(bylaw__store_log_action(st, body, NULL), 0);
  }
  ASSERT_INT(bylaw__store_log_close(st, 1, NULL), 0);
  /* A failed event's log is dropped; with no event open nothing is kept. */
  ASSERT_INT(bylaw__store_inbox_add(st, "p", "t2", "tick", 200, "{}", 2, "v1", &seq, NULL), 0);
  bylaw__store_log_open(st, seq);
  ASSERT_INT(bylaw__store_log_action(st, "{\"type\":\"fine\",\"n\":0}", NULL), 0);
  ASSERT_INT(bylaw__store_log_close(st, 0, NULL), 0);
  ASSERT_INT(bylaw__store_log_action(st, "{\"type\":\"fine\",\"n\":1}", NULL), 0);
  ASSERT_INT(bylaw__store_commit(st, NULL), 0);
  char *got = actions_text(st);
  ASSERT(got != NULL);
  char *want = overdue_lines("t1", 2500, "");
  ASSERT(want != NULL);
  int same = strcmp(got, want) == 0;
  free(got);
  free(want);
  ASSERT(same);
  bylaw__store_close(st);
  return 0;
}

TEST(not_a_database_is_a_clear_error) {
  test_write(test_tmpdir(), "store.db", "this is not an SQLite database, just some text....");
  bylaw_store_t *st = NULL;
  bylaw_error_t err = {0};
  int rc = bylaw__store_open(&st, db_path(), BYLAW_SYNC_FULL, 1000, &err);
  ASSERT(rc != 0);
  ASSERT(st == NULL);
  ASSERT_CONTAINS(err.message, "store.db");
  bylaw_error_clear(&err);
  return 0;
}

TEST(reads_check_table_and_column_names) {
  bylaw_store_t *st;
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_OFF, 1000, NULL), 0);
  cJSON *rows = NULL;
  bylaw_error_t err = {0};
  ASSERT_INT(bylaw__store_select(st, "p", "sqlite_master", NULL, 0, NULL, 0, 10, 0, INT32_MIN,
                                 &rows, NULL, &err),
             BYLAW_EINVAL);
  ASSERT_CONTAINS(err.message, "unknown table");
  cJSON *v = cJSON_CreateString("x");
  bylaw_filter_t f = {"id; DROP TABLE events", BYLAW_OP_EQ, v};
  ASSERT_INT(bylaw__store_select(st, "p", "customers", &f, 1, NULL, 0, 10, 0, INT32_MIN, &rows,
                                 NULL, &err),
             BYLAW_EINVAL);
  ASSERT_CONTAINS(err.message, "no column");
  cJSON_Delete(v);
  bylaw_error_clear(&err);
  bylaw__store_close(st);
  return 0;
}

/* Rows of customers c0..c29 whose id is in the first n of the list and
 * whose segment is "s"; a filter after the list checks parameter order. */
static int count_in(bylaw_store_t *st, int n) {
  cJSON *ids = cJSON_CreateArray();
  for (int i = 0; i < n; i++) {
    char id[8];
    snprintf(id, sizeof(id), "c%d", i * 2); /* even ones */
    cJSON_AddItemToArray(ids, cJSON_CreateString(id));
  }
  cJSON *seg = cJSON_CreateString("s");
  bylaw_filter_t f[] = {{"id", BYLAW_OP_IN, ids}, {"segment", BYLAW_OP_EQ, seg}};
  cJSON *rows = NULL;
  int got = bylaw__store_select(st, "p", "customers", f, 2, NULL, 0, 100, 0, INT32_MIN, &rows,
                                NULL, NULL) == 0
                ? cJSON_GetArraySize(rows)
                : -1;
  cJSON_Delete(rows);
  cJSON_Delete(ids);
  cJSON_Delete(seg);
  return got;
}

TEST(reads_match_short_and_long_lists) {
  bylaw_store_t *st;
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_OFF, 1000, NULL), 0);
  ASSERT_INT(bylaw__store_begin(st, NULL), 0);
  for (int i = 0; i < 30; i++) {
    char text[96];
    snprintf(text, sizeof(text), "{\"id\":\"c%d\",\"segment\":\"%s\"}", i, i < 20 ? "s" : "t");
    cJSON *data = cJSON_Parse(text);
    ASSERT_INT(bylaw__store_intake(st, "p", "e", "customer.upsert", 1, data, NULL), 0);
    cJSON_Delete(data);
  }
  ASSERT_INT(bylaw__store_commit(st, NULL), 0);
  ASSERT_INT(count_in(st, 0), 0);
  ASSERT_INT(count_in(st, 3), 3);   /* c0 c2 c4: one parameter each */
  ASSERT_INT(count_in(st, 15), 10); /* c0..c28: only c0..c18 are in segment s */
  ASSERT_INT(count_in(st, 20), 10); /* longer than expanded: one JSON list */
  bylaw__store_close(st);
  return 0;
}

/* The plan of the kept read whose text has `from`: 1 when it uses index
 * and sorts no more than rows of equal keys. */
static int read_plan_is(bylaw_store_t *st, const char *from, const char *index) {
  for (int i = 0; i < STORE_READ_SLOTS; i++) {
    sqlite3_stmt *read = st->reads[i].stmt;
    if (read == NULL || strstr(sqlite3_sql(read), from) == NULL) continue;
    char *sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sqlite3_sql(read));
    sqlite3_stmt *plan;
    int ok = sqlite3_prepare_v2(st->db, sql, -1, &plan, NULL) == SQLITE_OK;
    sqlite3_free(sql);
    int uses = 0, temp = 0;
    while (ok && sqlite3_step(plan) == SQLITE_ROW) {
      const char *step = (const char *)sqlite3_column_text(plan, 3);
      uses |= strstr(step, index) != NULL;
      temp |= strstr(step, "TEMP B-TREE FOR ORDER BY") != NULL;
    }
    sqlite3_finalize(plan);
    return ok && uses && !temp;
  }
  return 0;
}

TEST(reads_of_tasks_payments_surveys_customers_and_the_next_due_task_use_an_index) {
  bylaw_store_t *st;
  ASSERT_INT(bylaw__store_open(&st, db_path(), BYLAW_SYNC_OFF, 1000, NULL), 0);
  ASSERT_INT(bylaw__store_begin(st, NULL), 0);
  /* Due times out of order, one task done, one of another kind. */
  ASSERT_INT(sqlite3_exec(st->db,
                          "INSERT INTO tasks(pack, customer, kind, due_at, status) VALUES"
                          " ('p', 'c1', 'visit', 300, 'open'), ('p', 'c1', 'visit', 100, 'overdue'),"
                          " ('p', 'c1', 'visit', 200, 'done'), ('p', 'c1', 'call', 50, 'open'),"
                          " ('p', 'c1', 'visit', 100, 'escalated')",
                          NULL, NULL, NULL),
             SQLITE_OK);
  ASSERT_INT(bylaw__store_commit(st, NULL), 0);
  cJSON *customer = cJSON_CreateString("c1"), *kind = cJSON_CreateString("visit");
  cJSON *open = cJSON_Parse("[\"open\", \"overdue\", \"escalated\"]");
  bylaw_filter_t f[] = {{"customer", BYLAW_OP_EQ, customer},
                        {"kind", BYLAW_OP_EQ, kind},
                        {"status", BYLAW_OP_IN, open}};
  cJSON *rows = NULL;
  ASSERT_INT(bylaw__store_select(st, "p", "tasks", f, 3, NULL, 0, 100, 0, INT32_MIN, &rows, NULL,
                                 NULL),
             0);
  /* Due 100 (ids 2 and 5, by id), then 300; the done one is left out. */
  char got[64] = "";
  for (cJSON *r = rows ? rows->child : NULL; r; r = r->next)
    snprintf(got + strlen(got), sizeof(got) - strlen(got), "%d ",
             (int)cJSON_GetObjectItem(r, "id")->valuedouble);
  cJSON_Delete(rows);
  cJSON_Delete(customer);
  cJSON_Delete(kind);
  cJSON_Delete(open);
  ASSERT_STR(got, "2 5 1 ");
  ASSERT(read_plan_is(st, "FROM tasks", "tasks_customer"));
  /* A customer's payments in a period: by index, not the pack's. */
  cJSON *from = cJSON_CreateNumber(0);
  customer = cJSON_CreateString("c1");
  bylaw_filter_t g[] = {{"customer", BYLAW_OP_EQ, customer}, {"at", BYLAW_OP_GE, from}};
  ASSERT_INT(bylaw__store_select(st, "p", "payments", g, 2, NULL, 0, 100, 0, INT32_MIN, &rows,
                                 NULL, NULL),
             0);
  cJSON_Delete(rows);
  cJSON_Delete(customer);
  cJSON_Delete(from);
  ASSERT(read_plan_is(st, "FROM payments", "payments_customer"));
  /* A customer's latest survey (facts.last_followup): by index, no sort. */
  customer = cJSON_CreateString("c1");
  bylaw_filter_t s[] = {{"customer", BYLAW_OP_EQ, customer}};
  ASSERT_INT(bylaw__store_select(st, "p", "surveys", s, 1, "at", 1, 1, 0, INT32_MIN, &rows, NULL,
                                 NULL),
             0);
  cJSON_Delete(rows);
  cJSON_Delete(customer);
  ASSERT(read_plan_is(st, "FROM surveys", "surveys_customer"));
  /* Customers of a class: in the listing's order, by the (pack, id) key. */
  cJSON *a = cJSON_CreateString("A");
  bylaw_filter_t h[] = {{"class", BYLAW_OP_EQ, a}};
  ASSERT_INT(bylaw__store_select(st, "p", "customers", h, 1, NULL, 0, 50, 0, INT32_MIN, &rows,
                                 NULL, NULL),
             0);
  cJSON_Delete(rows);
  cJSON_Delete(a);
  ASSERT(read_plan_is(st, "FROM customers", "sqlite_autoindex_customers_1"));
  /* The clock's look-up of a pack's next due task. */
  int64_t due = 0;
  ASSERT_INT(bylaw__store_next_task_due(st, "p", &due, NULL), 0);
  ASSERT_INT(due, 50);
  sqlite3_stmt *plan;
  ASSERT_INT(sqlite3_prepare_v2(st->db, "EXPLAIN QUERY PLAN SELECT min(due_at) FROM tasks"
                                " WHERE pack = 'p' AND status = 'open'", -1, &plan, NULL),
             SQLITE_OK);
  ASSERT_INT(sqlite3_step(plan), SQLITE_ROW);
  ASSERT_CONTAINS((const char *)sqlite3_column_text(plan, 3),
                  "INDEX tasks_due (pack=? AND status=?)");
  sqlite3_finalize(plan);
  bylaw__store_close(st);
  return 0;
}

const test_case_t test_cases[] = {
    TEST_ENTRY(null_arguments),         TEST_ENTRY(creates_schema_in_wal_mode),
    TEST_ENTRY(reopening_keeps_data),
    TEST_ENTRY(the_inbox_knows_an_event_sent_again_in_other_words),
    TEST_ENTRY(newer_schema_is_refused),
    TEST_ENTRY(a_version_1_store_is_migrated),
    TEST_ENTRY(a_version_2_action_log_moves_over_in_order),
    TEST_ENTRY(an_events_actions_are_logged_a_thousand_a_row),
    TEST_ENTRY(not_a_database_is_a_clear_error), TEST_ENTRY(reads_check_table_and_column_names),
    TEST_ENTRY(reads_match_short_and_long_lists),
    TEST_ENTRY(reads_of_tasks_payments_surveys_customers_and_the_next_due_task_use_an_index),
    {NULL, NULL}};
