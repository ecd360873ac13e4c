/*
 * inbox.c - the event inbox (exactly-once processing), pack clock
 * bookkeeping and the stored event history replay reads.
 */
#include <string.h>

#include "core/util.h"
#include "store/store_int.h"

/* Whether two event texts say the same: byte for byte, or as JSON (a
 * client may send an event again with its keys in another order). */
static int inbox_same(const char *a, size_t alen, const char *b, size_t blen) {
  if (alen == blen && memcmp(a, b, alen) == 0) return 1;
  cJSON *x = cJSON_ParseWithLength(a, alen), *y = cJSON_ParseWithLength(b, blen);
  int same = x && y && cJSON_Compare(x, y, 1);
  cJSON_Delete(x);
  cJSON_Delete(y);
  return same;
}

int bylaw__store_inbox_find(bylaw_store_t *st, const char *pack, const char *id,
                            const char *body, size_t len, int *found, bylaw_error_t *err) {
  static const char sql[] = "SELECT body FROM events WHERE pack=?1 AND id=?2";
  sqlite3_stmt *stmt = bylaw__store_stmt(st, sql, err);
  if (stmt == NULL) return err ? err->code : BYLAW_ESTORE;
  sqlite3_bind_text(stmt, 1, pack, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  *found = 0;
  if (rc == SQLITE_ROW) {
    const char *stored = (const char *)sqlite3_column_text(stmt, 0);
    size_t stored_len = (size_t)sqlite3_column_bytes(stmt, 0);
    *found = stored && inbox_same(stored, stored_len, body, len) ? 1 : 2;
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return bylaw__store_fail(st, rc, "cannot read the event inbox", err);
  return 0;
}

int bylaw__store_inbox_add(bylaw_store_t *st, const char *pack, const char *id,
                           const char *type, int64_t at, const char *body, size_t len,
                           const char *version, int64_t *seq, bylaw_error_t *err) {
  static const char sql[] =
      "INSERT INTO events(pack, id, type, at, body, version) VALUES(?1,?2,?3,?4,?5,?6)"
      " ON CONFLICT(pack, id) DO NOTHING";
  sqlite3_stmt *stmt = bylaw__store_stmt(st, sql, err);
  if (stmt == NULL) return err ? err->code : BYLAW_ESTORE;
  sqlite3_bind_text(stmt, 1, pack, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 3, type, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 4, at);
  sqlite3_bind_text(stmt, 5, body, (int)len, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 6, version, -1, SQLITE_STATIC);
  int rc = bylaw__store_exec_stmt(st, stmt, err);
  *seq = rc == 0 && sqlite3_changes(st->db) > 0 ? sqlite3_last_insert_rowid(st->db) : 0;
  return rc;
}

/* Steps a one-row query for one integer and resets it; *found is 0 when
 * no row or a NULL came back. */
static int store_stmt_scalar(bylaw_store_t *st, sqlite3_stmt *stmt, int64_t *out, int *found,
                             bylaw_error_t *err) {
  int rc = sqlite3_step(stmt);
  *found = rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL;
  if (*found) *out = sqlite3_column_int64(stmt, 0);
  sqlite3_reset(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return bylaw__store_fail(st, rc, "store read failed", err);
  return 0;
}

/* The same for a query whose one parameter ?1 is the text param. */
static int store_scalar(bylaw_store_t *st, const char *sql, const char *param,
                        int64_t *out, int *found, bylaw_error_t *err) {
  sqlite3_stmt *stmt = bylaw__store_stmt(st, sql, err);
  if (stmt == NULL) return err ? err->code : BYLAW_ESTORE;
  sqlite3_bind_text(stmt, 1, param, -1, SQLITE_STATIC);
  return store_stmt_scalar(st, stmt, out, found, err);
}

int bylaw__store_last_tick(bylaw_store_t *st, const char *pack, int64_t *at,
                           bylaw_error_t *err) {
  /* Before a pack's first tick, its clock starts at its first event. */
  static const char sql[] =
      "SELECT coalesce((SELECT last_tick FROM packs WHERE pack=?1),"
      " (SELECT min(at) FROM events WHERE pack=?1 AND type <> 'tick'))";
  int found;
  int rc = store_scalar(st, sql, pack, at, &found, err);
  if (rc == 0 && !found) *at = INT64_MIN;
  return rc;
}

int bylaw__store_next_task_due(bylaw_store_t *st, const char *pack, int64_t *due,
                               bylaw_error_t *err) {
  /* The first entry of (pack, 'open') in tasks_due: O(log n). */
  static const char sql[] = "SELECT min(due_at) FROM tasks WHERE pack=?1 AND status='open'";
  int found;
  int rc = store_scalar(st, sql, pack, due, &found, err);
  if (rc == 0 && !found) return BYLAW_ENOTFOUND;
  return rc;
}

int bylaw__store_nth_task_due(bylaw_store_t *st, const char *pack, int64_t n, int64_t before,
                              int64_t *due, bylaw_error_t *err) {
  /* Walks at most n entries of the (pack, status, due_at) index, no sort,
   * and only the due ones: a pack with few due tasks costs little. */
  static const char sql[] = "SELECT due_at FROM tasks WHERE pack=?1 AND status='open'"
                            " AND due_at < ?3 ORDER BY due_at LIMIT 1 OFFSET ?2";
  sqlite3_stmt *stmt = bylaw__store_stmt(st, sql, err);
  if (stmt == NULL) return err ? err->code : BYLAW_ESTORE;
  sqlite3_bind_text(stmt, 1, pack, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, n);
  sqlite3_bind_int64(stmt, 3, before);
  int found;
  int rc = store_stmt_scalar(st, stmt, due, &found, err);
  if (rc == 0 && !found) return BYLAW_ENOTFOUND;
  return rc;
}

int bylaw__store_each_event(bylaw_store_t *st, const char *pack, int64_t to,
                            bylaw_store_event_cb cb, void *ud, bylaw_error_t *err) {
  sqlite3_stmt *stmt;
  /* In the table's own order (seq), never through an index: by (pack, id)
   * every event would be sorted again in memory first, a year of history
   * at once.  Other packs' rows are skipped as they are read. */
  int rc = sqlite3_prepare_v2(st->db,
                              "SELECT body FROM events WHERE +pack=?1 AND +at<=?2 ORDER BY seq",
                              -1, &stmt, NULL);
  if (rc != SQLITE_OK) return bylaw__store_fail(st, rc, "cannot read events", err);
  sqlite3_bind_text(stmt, 1, pack, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, to);
  int stopped = 0;
  while (!stopped && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
    stopped = cb(ud, (const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  if (stopped) return stopped;
  if (rc != SQLITE_DONE) return bylaw__store_fail(st, rc, "cannot read events", err);
  return 0;
}
