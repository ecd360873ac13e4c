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
  /* Opened again by name, a store in memory would be a new, empty one. */
  if (path[0] == '\0' || strcmp(path, ":memory:") == 0)
    return bylaw__error(err, BYLAW_EINVAL,
                        "replay and explain read the store's file, and a store in memory has "
                        "none: use a store on disk");
  bylaw_store_t *st = bylaw__calloc(1, sizeof(*st));
  if (st == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  int version = 0;
  bylaw__store_quiet_sqlite(); /* replay opens this store first */
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
 * from, ?3 to.
 *
 * When the live store has the schema 3 log, most events left the same
 * actions in both logs, byte for byte, and reading their actions twice is
 * most of the work.  Those events are paired first (replay_same), and a
 * comparison that has a `fast` form reads the rest of each log (dl, dc) to
 * find the keys that differ (k), then the paired events' actions once, from
 * the live log, for those keys only (i).  Counts and sums of whole fen add
 * up the same in any order, so tasks and money are exact this way.  The
 * class at `to` is the last classify of a customer: a customer no unpaired
 * event classifies has the same last one on both sides as long as the
 * pairing keeps the events' order, which is checked; the others get their
 * last classify from i, dl and dc with each log's own order (seq for the
 * live one, cseq for the scratch one).  Approvals are not split, as a route
 * is joined in the order the plan reads the log; but when no unpaired event
 * logged an approval action, both sides read the same rows in the same
 * order (the pairing in order, the same plan: no statistics in either
 * store), so no route differs. */
static const struct {
  const char *name;
  const char *side;
  const char *compare;
  /* The fast form: the action's columns (over j.value), which actions, the
   * events' time range, k from dl and dc, the i rows to keep (x), and the
   * comparison over i, dl and dc; last: the comparison depends on the order
   * of the actions, so the pairing must keep the events' order.  `which`
   * and `range` also tell when a comparison finds nothing because no
   * unpaired event logged such an action (quiet_sql). */
  const char *cols, *which, *range, *keys, *keep, *fast;
  int last;
} diffs[] = {
    {"classes",
     /* The class at `to`: each customer's last classify action. */
     "SELECT json_extract(body, '$.customer') AS customer,"
     " json_extract(body, '$.class') AS class, max(seq) FROM %s.actions"
     " WHERE pack = ?1 AND type = 'classify' AND at <= ?3 GROUP BY 1",
     "SELECT customer, max(lv) AS live, max(cv) AS candidate FROM"
     " (SELECT customer, class AS lv, NULL AS cv FROM l"
     " UNION ALL SELECT customer, NULL, class FROM c)"
     " GROUP BY 1 HAVING live IS NOT candidate ORDER BY 1",
     "json_extract(j.value, '$.customer') AS customer, json_extract(j.value, '$.class') AS class",
     "json_extract(j.value, '$.type') = 'classify'", "e.at <= ?3",
     "SELECT DISTINCT customer FROM (SELECT customer FROM dl UNION ALL SELECT customer FROM dc)",
     "EXISTS (SELECT 1 FROM k WHERE k.customer IS x.customer)",
     "SELECT customer, max(lv) AS live, max(cv) AS candidate FROM"
     " (SELECT customer, class AS lv, NULL AS cv FROM (SELECT customer, class, max(seq) FROM"
     " (SELECT customer, class, seq FROM i UNION ALL SELECT customer, class, seq FROM dl)"
     " GROUP BY 1)"
     " UNION ALL SELECT customer, NULL, class FROM (SELECT customer, class, max(seq) FROM"
     " (SELECT customer, class, cseq AS seq FROM i UNION ALL SELECT customer, class, seq FROM dc)"
     " GROUP BY 1))"
     " GROUP BY 1 HAVING live IS NOT candidate ORDER BY 1",
     1},
    {"tasks",
     "SELECT json_extract(body, '$.customer') AS customer, json_extract(body, '$.kind') AS kind,"
     " json_extract(body, '$.due') AS due, count(*) AS n FROM %s.actions"
     " WHERE pack = ?1 AND type = 'schedule_followup' AND at BETWEEN ?2 AND ?3 GROUP BY 1, 2, 3",
     "SELECT customer, kind, due, sum(ln) AS live, sum(cn) AS candidate FROM"
     " (SELECT customer, kind, due, n AS ln, 0 AS cn FROM l"
     " UNION ALL SELECT customer, kind, due, 0, n FROM c)"
     " GROUP BY 1, 2, 3 HAVING live <> candidate ORDER BY 1, 2, 3",
     "json_extract(j.value, '$.customer') AS customer, json_extract(j.value, '$.kind') AS kind,"
     " json_extract(j.value, '$.due') AS due",
     "json_extract(j.value, '$.type') = 'schedule_followup'", "e.at BETWEEN ?2 AND ?3",
     "SELECT customer, kind, due FROM (SELECT customer, kind, due, 1 AS ln, 0 AS cn FROM dl"
     " UNION ALL SELECT customer, kind, due, 0, 1 FROM dc)"
     " GROUP BY 1, 2, 3 HAVING sum(ln) <> sum(cn)",
     "EXISTS (SELECT 1 FROM k WHERE k.customer IS x.customer AND k.kind IS x.kind"
     " AND k.due IS x.due)",
     "SELECT customer, kind, due, sum(ln) AS live, sum(cn) AS candidate FROM"
     " (SELECT customer, kind, due, 1 AS ln, 1 AS cn FROM i"
     " UNION ALL SELECT customer, kind, due, 1, 0 FROM dl"
     " UNION ALL SELECT customer, kind, due, 0, 1 FROM dc)"
     " GROUP BY 1, 2, 3 HAVING live <> candidate ORDER BY 1, 2, 3",
     0},
    {"approvals",
     /* How a request was routed: the chains required of it, or automatic.
      * An action without a mode is filed as "all" (apply.c). */
     "SELECT json_extract(body, '$.approval') AS approval, group_concat(CASE type"
     " WHEN 'require_approval' THEN coalesce(json_extract(body, '$.mode'), 'all') || ' of '"
     " || json_extract(body, '$.chain') ELSE 'automatic' END, ' + ') AS route"
     " FROM %s.actions WHERE pack = ?1 AND at BETWEEN ?2 AND ?3 AND (type = 'require_approval'"
     " OR (type = 'approve' AND json_extract(body, '$.by') = 'auto')) GROUP BY 1",
     "SELECT approval, max(lv) AS live, max(cv) AS candidate FROM"
     " (SELECT approval, route AS lv, NULL AS cv FROM l"
     " UNION ALL SELECT approval, NULL, route FROM c)"
     " GROUP BY 1 HAVING live IS NOT candidate ORDER BY 1",
     NULL, "json_extract(j.value, '$.type') IN ('require_approval', 'approve')",
     "e.at BETWEEN ?2 AND ?3", NULL, NULL, NULL, 1},
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
     " ORDER BY 1, 2",
     "json_extract(j.value, '$.type') AS type, json_extract(j.value, '$.staff') AS staff,"
     " coalesce(json_extract(j.value, '$.amount_fen'), 0) AS fen",
     "json_extract(j.value, '$.type') IN ('fine', 'sanction', 'reward')", "e.at BETWEEN ?2 AND ?3",
     "SELECT type, staff FROM (SELECT type, staff, 1 AS ln, fen AS lf, 0 AS cn, 0 AS cf FROM dl"
     " UNION ALL SELECT type, staff, 0, 0, 1, fen FROM dc)"
     " GROUP BY 1, 2 HAVING sum(ln) <> sum(cn) OR sum(lf) <> sum(cf)",
     "EXISTS (SELECT 1 FROM k WHERE k.type IS x.type AND k.staff IS x.staff)",
     "SELECT type, staff, sum(ln) AS live_count, sum(lf) AS live_fen,"
     " sum(cn) AS candidate_count, sum(cf) AS candidate_fen FROM"
     " (SELECT type, staff, 1 AS ln, fen AS lf, 1 AS cn, fen AS cf FROM i"
     " UNION ALL SELECT type, staff, 1, fen, 0, 0 FROM dl"
     " UNION ALL SELECT type, staff, 0, 0, 1, fen FROM dc)"
     " GROUP BY 1, 2 HAVING live_count <> candidate_count OR live_fen <> candidate_fen"
     " ORDER BY 1, 2",
     0},
};

/* The fast form's frame: dl and dc, the unpaired events' actions of each log
 * with their seq as the actions view numbers them; k; and i, the paired
 * events' actions from the live log, numbered in both logs, read only when
 * some key differs.  The arguments: cols, range, which for dl, again for
 * dc, keys, cols, range, which for i, keep, fast. */
#define REPLAY_LOG_JOIN(db)                                                              \
  " CROSS JOIN " db ".action_log l ON l.seq BETWEEN e.seq << 16 AND (e.seq << 16) + 65535" \
  " AND e.seq = l.seq >> 16, json_each(l.body) j"
static const char fast_sql[] =
    "WITH dl AS (SELECT %s, (l.seq << 10) + j.key AS seq FROM temp.replay_dl u"
    " CROSS JOIN live.events e ON e.seq = u.seq" REPLAY_LOG_JOIN("live") " WHERE %s AND %s),"
    " dc AS (SELECT %s, (l.seq << 10) + j.key AS seq FROM temp.replay_dc u"
    " CROSS JOIN main.events e ON e.seq = u.seq" REPLAY_LOG_JOIN("main") " WHERE %s AND %s),"
    " k AS MATERIALIZED (%s),"
    " i AS (SELECT * FROM (SELECT %s, (l.seq << 10) + j.key AS seq,"
    " (((s.cs << 16) + (l.seq & 65535)) << 10) + j.key AS cseq"
    " FROM temp.replay_same s JOIN live.events e ON e.seq = s.ls" REPLAY_LOG_JOIN("live")
    " WHERE EXISTS (SELECT 1 FROM k) AND e.pack = ?1 AND %s AND %s) x WHERE %s) %s";

/* Whether no unpaired event of either log has an action of `which` in
 * `range` (then a fast form has no key to compare, and finds nothing), and,
 * for a comparison without one, whether neither store has planner
 * statistics (%s: stats_sql or ""). */
static const char quiet_sql[] =
    "SELECT NOT EXISTS (SELECT 1 FROM temp.replay_dl u CROSS JOIN live.events e ON e.seq = u.seq"
    REPLAY_LOG_JOIN("live") " WHERE %s AND %s)"
    " AND NOT EXISTS (SELECT 1 FROM temp.replay_dc u CROSS JOIN main.events e ON e.seq = u.seq"
    REPLAY_LOG_JOIN("main") " WHERE %s AND %s)%s";
static const char stats_sql[] =
    " AND NOT EXISTS (SELECT 1 FROM live.sqlite_master WHERE name LIKE 'sqlite_stat%')"
    " AND NOT EXISTS (SELECT 1 FROM main.sqlite_master WHERE name LIKE 'sqlite_stat%')";

int bylaw__store_replay_run(bylaw_store_t *st, const char *sql, const char *pack, int64_t from,
                            int64_t to, int64_t *one, bylaw_error_t *err) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK) return bylaw__store_fail(st, rc, "replay comparison failed", err);
  int n = sqlite3_bind_parameter_count(stmt);
  if (n >= 1) sqlite3_bind_text(stmt, 1, pack, -1, SQLITE_STATIC);
  if (n >= 2) sqlite3_bind_int64(stmt, 2, from);
  if (n >= 3) sqlite3_bind_int64(stmt, 3, to);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
    if (one) *one = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return bylaw__store_fail(st, rc, "replay comparison failed", err);
  return 0;
}

/* Pairs the events both logs have the same actions for; *paired tells
 * whether the fast forms may be used (the live log has schema 3), and
 * *ordered whether the pairing keeps the events' order. */
static int diff_pair(bylaw_store_t *st, const char *pack, int64_t to, int *paired, int *ordered,
                     bylaw_error_t *err) {
  *paired = *ordered = 0;
  int64_t version = 0;
  int rc = bylaw__store_replay_run(st, "PRAGMA live.user_version", pack, 0, to, &version, err);
  if (rc != 0 || version < 3) return rc;
  if ((rc = bylaw__store_replay_pair(st, pack, to, ordered, err)) != 0) return rc;
  *paired = 1;
  return 0;
}

/* Whether comparison i may take its fast form (*fast) or has no rows
 * (*quiet), given the pairing.  Replaying the rules that made the live log
 * pairs every event, and every comparison is then quiet. */
static int diff_how(bylaw_store_t *st, size_t i, int paired, int ordered, const char *pack,
                    int64_t from, int64_t to, int *fast, int *quiet, bylaw_error_t *err) {
  *fast = *quiet = 0;
  if (!paired || (diffs[i].last && !ordered) || diffs[i].which == NULL) return 0;
  *fast = diffs[i].fast != NULL;
  const char *range = diffs[i].range, *which = diffs[i].which;
  char *sql = sqlite3_mprintf(quiet_sql, range, which, range, which, *fast ? "" : stats_sql);
  if (sql == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  int64_t none = 0;
  int rc = bylaw__store_replay_run(st, sql, pack, from, to, &none, err);
  sqlite3_free(sql);
  *quiet = none != 0;
  return rc;
}

static int diff_one(bylaw_store_t *st, size_t i, int fast, const char *pack, int64_t from,
                    int64_t to, cJSON *out, bylaw_error_t *err) {
  char *sql;
  if (fast) {
    const char *cols = diffs[i].cols, *which = diffs[i].which, *range = diffs[i].range;
    sql = sqlite3_mprintf(fast_sql, cols, range, which, cols, range, which, diffs[i].keys, cols,
                          range, which, diffs[i].keep, diffs[i].fast);
  } else {
    char *live = sqlite3_mprintf(diffs[i].side, "live");
    char *cand = sqlite3_mprintf(diffs[i].side, "main");
    sql = live && cand ? sqlite3_mprintf("WITH l AS (%s), c AS (%s) %s", live, cand,
                                         diffs[i].compare)
                       : NULL;
    sqlite3_free(live);
    sqlite3_free(cand);
  }
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
  int paired = 0, ordered = 0;
  int r = out ? diff_pair(st, pack, to, &paired, &ordered, err)
              : bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  for (size_t i = 0; r == 0 && i < BYLAW_ARRAY_SIZE(diffs); i++) {
    int fast, quiet;
    r = diff_how(st, i, paired, ordered, pack, from, to, &fast, &quiet, err);
    if (r == 0 && quiet && cJSON_AddArrayToObject(out, diffs[i].name) == NULL)
      r = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
    else if (r == 0 && !quiet) r = diff_one(st, i, fast, pack, from, to, out, err);
  }
  bylaw__store_replay_unpair(st);
  sqlite3_exec(st->db, "DETACH live", NULL, NULL, NULL);
  if (r != 0) {
    cJSON_Delete(out);
    return r;
  }
  *diff = out;
  return 0;
}
