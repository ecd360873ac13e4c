/*
 * replay.c - what replay needs of the store: opening the live store
 * read-only, and comparing a scratch store's action log with the live one.
 * The comparison runs in SQL over both logs (the live file attached
 * read-only), so a year of history never has to fit in memory.
 */
#include <string.h>

#include "core/util.h"
#include "store/store_int.h"

int bylaw__store_open_readonly(bylaw_store_t **out, const char *path, bylaw_error_t *err) {
  *out = NULL;
  bylaw_store_t *st = bylaw__calloc(1, sizeof(*st));
  if (st == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  int version = 0;
  int rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) {
    bylaw__error(err, BYLAW_EIO, "cannot open store %s: %s", path, sqlite3_errstr(rc));
  } else if ((rc = bylaw__store_user_version(st->db, &version, err)) == 0 &&
             (version < 1 || version > BYLAW_SCHEMA_VERSION)) {
    /* Older schemas are fine: replay reads events and actions, which every
     * version has in the same shape. */
    rc = bylaw__error(err, BYLAW_ESCHEMA, "store %s has schema %d, this program reads 1 to %d%s",
                      path, version, BYLAW_SCHEMA_VERSION,
                      version == 0 ? " (not a bylaw store?)" : "");
  }
  if (rc != 0) {
    bylaw__store_close(st);
    return err ? err->code : BYLAW_EIO;
  }
  sqlite3_busy_timeout(st->db, 5000);
  *out = st;
  return 0;
}

/* Each comparison is one query over a CTE written once and instantiated for
 * both logs ("%s" = live or main): l and c.  The two sides are stacked with
 * UNION ALL and grouped by their key, which sorts once instead of joining
 * row by row (a year of history has millions of actions).  ?1 pack, ?2
 * from, ?3 to. */
static const struct {
  const char *name;
  const char *side;
  const char *compare;
} diffs[] = {
    {"classes",
     /* The class at `to`: each customer's last classify action. */
     "SELECT json_extract(body, '$.customer') AS customer,"
     " json_extract(body, '$.class') AS class, max(seq) FROM %s.actions"
     " WHERE pack = ?1 AND type = 'classify' AND at <= ?3 GROUP BY 1",
     "SELECT customer, max(lv) AS live, max(cv) AS candidate FROM"
     " (SELECT customer, class AS lv, NULL AS cv FROM l"
     " UNION ALL SELECT customer, NULL, class FROM c)"
     " GROUP BY 1 HAVING live IS NOT candidate ORDER BY 1"},
    {"tasks",
     "SELECT json_extract(body, '$.customer') AS customer, json_extract(body, '$.kind') AS kind,"
     " json_extract(body, '$.due') AS due, count(*) AS n FROM %s.actions"
     " WHERE pack = ?1 AND type = 'schedule_followup' AND at BETWEEN ?2 AND ?3 GROUP BY 1, 2, 3",
     "SELECT customer, kind, due, sum(ln) AS live, sum(cn) AS candidate FROM"
     " (SELECT customer, kind, due, n AS ln, 0 AS cn FROM l"
     " UNION ALL SELECT customer, kind, due, 0, n FROM c)"
     " GROUP BY 1, 2, 3 HAVING live <> candidate ORDER BY 1, 2, 3"},
    {"approvals",
     /* How a request was routed: the chains required of it, or automatic. */
     "SELECT json_extract(body, '$.approval') AS approval, group_concat(CASE type"
     " WHEN 'require_approval' THEN json_extract(body, '$.mode') || ' of '"
     " || json_extract(body, '$.chain') ELSE 'automatic' END, ' + ') AS route"
     " FROM %s.actions WHERE pack = ?1 AND at BETWEEN ?2 AND ?3 AND (type = 'require_approval'"
     " OR (type = 'approve' AND json_extract(body, '$.by') = 'auto')) GROUP BY 1",
     "SELECT approval, max(lv) AS live, max(cv) AS candidate FROM"
     " (SELECT approval, route AS lv, NULL AS cv FROM l"
     " UNION ALL SELECT approval, NULL, route FROM c)"
     " GROUP BY 1 HAVING live IS NOT candidate ORDER BY 1"},
    {"money",
     "SELECT type, json_extract(body, '$.staff') AS staff, count(*) AS n,"
     " sum(coalesce(json_extract(body, '$.amount_fen'), 0)) AS fen FROM %s.actions"
     " WHERE pack = ?1 AND type IN ('fine', 'sanction', 'reward') AND at BETWEEN ?2 AND ?3"
     " GROUP BY 1, 2",
     "SELECT type, staff, sum(ln) AS live_count, sum(lf) AS live_fen,"
     " sum(cn) AS candidate_count, sum(cf) AS candidate_fen FROM"
     " (SELECT type, staff, n AS ln, fen AS lf, 0 AS cn, 0 AS cf FROM l"
     " UNION ALL SELECT type, staff, 0, 0, n, fen FROM c)"
     " GROUP BY 1, 2 HAVING live_count <> candidate_count OR live_fen <> candidate_fen"
     " ORDER BY 1, 2"},
};

static int diff_one(bylaw_store_t *st, size_t i, const char *pack, int64_t from, int64_t to,
                    cJSON *out, bylaw_error_t *err) {
  char *live = sqlite3_mprintf(diffs[i].side, "live");
  char *cand = sqlite3_mprintf(diffs[i].side, "main");
  char *sql = live && cand ? sqlite3_mprintf("WITH l AS (%s), c AS (%s) %s", live, cand,
                                             diffs[i].compare)
                           : NULL;
  sqlite3_free(live);
  sqlite3_free(cand);
  if (sql == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
  sqlite3_free(sql);
  if (rc != SQLITE_OK) return bylaw__store_fail(st, rc, "replay comparison failed", err);
  sqlite3_bind_text(stmt, 1, pack, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, from);
  sqlite3_bind_int64(stmt, 3, to);
  cJSON *rows = cJSON_AddArrayToObject(out, diffs[i].name);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    cJSON *row = cJSON_CreateObject();
    for (int c = 0; c < sqlite3_column_count(stmt); c++) {
      const char *name = sqlite3_column_name(stmt, c);
      if (sqlite3_column_type(stmt, c) == SQLITE_INTEGER)
        cJSON_AddNumberToObject(row, name, (double)sqlite3_column_int64(stmt, c));
      else if (sqlite3_column_type(stmt, c) == SQLITE_NULL)
        cJSON_AddNullToObject(row, name);
      else cJSON_AddStringToObject(row, name, (const char *)sqlite3_column_text(stmt, c));
    }
    cJSON_AddItemToArray(rows, row);
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return bylaw__store_fail(st, rc, "replay comparison failed", err);
  return 0;
}

int bylaw__store_replay_diff(bylaw_store_t *st, const char *live_path, const char *pack,
                             int64_t from, int64_t to, cJSON **diff, bylaw_error_t *err) {
  *diff = NULL;
  char *uri = sqlite3_mprintf("file:%s?mode=ro", live_path);
  sqlite3_stmt *stmt = NULL;
  int rc = uri ? sqlite3_prepare_v2(st->db, "ATTACH ?1 AS live", -1, &stmt, NULL) : SQLITE_NOMEM;
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, uri, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
  }
  sqlite3_finalize(stmt);
  sqlite3_free(uri);
  if (rc != SQLITE_OK) return bylaw__store_fail(st, rc, "cannot attach the live store", err);
  cJSON *out = cJSON_CreateObject();
  int r = out ? 0 : bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  for (size_t i = 0; r == 0 && i < BYLAW_ARRAY_SIZE(diffs); i++)
    r = diff_one(st, i, pack, from, to, out, err);
  sqlite3_exec(st->db, "DETACH live", NULL, NULL, NULL);
  if (r != 0) {
    cJSON_Delete(out);
    return r;
  }
  *diff = out;
  return 0;
}
