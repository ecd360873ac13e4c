/* test_replay_pair.c - replay's pairing of the scratch log's events with the
 * live log's: by id, time and action-log rows, in order or not. */
#include <sqlite3.h>
#include <stdlib.h>

#include "store/store_int.h"
#include "task.h"

/* Live history of pack p up to time 5: a, b, c, d (seq 1-4), x at time 9,
 * and pack q's own a.  Each event logged one row, ["<id>"], except c, which
 * logged two. */
static const char live_sql[] =
    "INSERT INTO events(seq, pack, id, type, at, body, version) VALUES"
    " (1, 'p', 'a', 't', 1, '{}', 'v'), (2, 'p', 'b', 't', 2, '{}', 'v'),"
    " (3, 'p', 'c', 't', 3, '{}', 'v'), (4, 'p', 'd', 't', 4, '{}', 'v'),"
    " (5, 'q', 'a', 't', 1, '{}', 'v'), (6, 'p', 'x', 't', 9, '{}', 'v');"
    "INSERT INTO action_log(seq, body) VALUES (1 << 16, '[\"a\"]'), (2 << 16, '[\"b\"]'),"
    " (3 << 16, '[\"c\"]'), ((3 << 16) + 1, '[\"c2\"]'), (4 << 16, '[\"d\"]'),"
    " (5 << 16, '[\"a\"]'), (6 << 16, '[\"x\"]');";

/* The scratch store after live_sql's history, and the pairing's result. */
static char *pair_text(const char *scratch_sql, int *ordered) {
  static char out[512];
  char live[512], scratch[512];
  snprintf(live, sizeof(live), "%s/live.db", test_tmpdir());
  snprintf(scratch, sizeof(scratch), "%s/scratch.db", test_tmpdir());
  bylaw_store_t *l = NULL, *st = NULL;
  if (bylaw__store_open(&l, live, BYLAW_SYNC_OFF, 1000, NULL) != 0) return NULL;
  int rc = sqlite3_exec(l->db, live_sql, NULL, NULL, NULL);
  bylaw__store_close(l);
  if (rc != SQLITE_OK || bylaw__store_open(&st, scratch, BYLAW_SYNC_OFF, 1000, NULL) != 0)
    return NULL;
  char *attach = sqlite3_mprintf("ATTACH '%q' AS live", live);
  sqlite3_stmt *stmt = NULL;
  rc = sqlite3_exec(st->db, scratch_sql, NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_exec(st->db, attach, NULL, NULL, NULL);
  if (rc == SQLITE_OK) rc = bylaw__store_replay_pair(st, "p", 5, ordered, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2(st->db,
                            "SELECT 'same ' || group_concat(cs || '-' || ls, ' ') FROM"
                            " (SELECT * FROM temp.replay_same ORDER BY cs)"
                            " UNION ALL SELECT 'dc ' || group_concat(seq, ' ') FROM"
                            " (SELECT seq FROM temp.replay_dc ORDER BY seq)"
                            " UNION ALL SELECT 'dl ' || group_concat(seq, ' ') FROM"
                            " (SELECT seq FROM temp.replay_dl ORDER BY seq)",
                            -1, &stmt, NULL);
  out[0] = '\0';
  while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(stmt, 0);
    snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", out[0] ? "; " : "",
             line ? line : "none");
  }
  sqlite3_finalize(stmt);
  sqlite3_free(attach);
  bylaw__store_replay_unpair(st);
  bylaw__store_close(st);
  return rc == SQLITE_OK ? out : NULL;
}

TEST(events_in_the_live_order_pair_by_their_logs) {
  /* b rejected (not in the scratch store), c's second row missing, d at
   * another time, e new: only a pairs; the rest is listed on its side. */
  int ordered = -1;
  char *text = pair_text(
      "INSERT INTO events(seq, pack, id, type, at, body, version) VALUES"
      " (1, 'p', 'a', 't', 1, '{}', 'v'), (2, 'p', 'c', 't', 3, '{}', 'v'),"
      " (3, 'p', 'd', 't', 5, '{}', 'v'), (4, 'p', 'e', 't', 5, '{}', 'v');"
      "INSERT INTO action_log(seq, body) VALUES (1 << 16, '[\"a\"]'), (2 << 16, '[\"c\"]'),"
      " (3 << 16, '[\"d\"]'), (4 << 16, '[\"e\"]');",
      &ordered);
  ASSERT_STR(text, "same 1-1; dc 2 3 4; dl 2 3 4");
  ASSERT_INT(ordered, 1);
  return 0;
}

TEST(logs_pair_only_when_every_row_is_the_same) {
  int ordered = -1;
  char *text = pair_text(
      "INSERT INTO events(seq, pack, id, type, at, body, version) VALUES"
      " (1, 'p', 'a', 't', 1, '{}', 'v'), (2, 'p', 'b', 't', 2, '{}', 'v'),"
      " (3, 'p', 'c', 't', 3, '{}', 'v'), (4, 'p', 'd', 't', 4, '{}', 'v');"
      "INSERT INTO action_log(seq, body) VALUES (1 << 16, '[\"a\"]'), (2 << 16, '[\"b\"]'),"
      " ((2 << 16) + 1, '[\"b2\"]'), (3 << 16, '[\"c\"]'), ((3 << 16) + 1, '[\"c2\"]'),"
      " (4 << 16, '[\"D\"]');",
      &ordered);
  ASSERT_STR(text, "same 1-1 3-3; dc 2 4; dl 2 4");
  ASSERT_INT(ordered, 1);
  return 0;
}

TEST(events_out_of_order_pair_and_the_live_side_is_listed_again) {
  /* c before a: c is found ahead and a and b are passed on the way, then a
   * pairs with a live event already passed, which SQL lists again. */
  int ordered = -1;
  char *text = pair_text(
      "INSERT INTO events(seq, pack, id, type, at, body, version) VALUES"
      " (1, 'p', 'c', 't', 3, '{}', 'v'), (2, 'p', 'a', 't', 1, '{}', 'v'),"
      " (3, 'p', 'b', 't', 2, '{}', 'v');"
      "INSERT INTO action_log(seq, body) VALUES (1 << 16, '[\"c\"]'), ((1 << 16) + 1, '[\"c2\"]'),"
      " (2 << 16, '[\"a\"]'), (3 << 16, '[\"B\"]');",
      &ordered);
  ASSERT_STR(text, "same 1-3 2-1; dc 3; dl 2 4");
  ASSERT_INT(ordered, 0);
  return 0;
}

const test_case_t test_cases[] = {
    TEST_ENTRY(events_in_the_live_order_pair_by_their_logs),
    TEST_ENTRY(logs_pair_only_when_every_row_is_the_same),
    TEST_ENTRY(events_out_of_order_pair_and_the_live_side_is_listed_again),
    {NULL, NULL}};
