/*
 * replay_pair.c - pairs the events that left the same actions in the
 * scratch and the live log, for replay's comparison (replay.c).
 *
 * Replay writes the history into the scratch store in the live store's
 * order, so the two events tables mostly line up: the walk reads both in
 * seq order side by side, and an event is found by its id in the live
 * store only when the next live event is not it (the scratch store lacks
 * the events the candidate rejected).  Each candidate pair's action-log
 * rows are read by range and compared byte for byte.  Where SQL did this
 * with a look-up by (pack, id) and two correlated sub-queries an event, the
 * walk mostly steps cursors: the comparison went from 25,600 to 15,600
 * instructions a replayed event (bench/README.md).
 */
#include <string.h>

#include "core/util.h"
#include "store/store_int.h"

enum { PAIR_CAND, PAIR_LIVE, PAIR_FIND, PAIR_CLOG, PAIR_LLOG, PAIR_SAME, PAIR_DC, PAIR_DL, PAIR_N };

/* ?1 pack, ?2 to.  The events tables are read in their own order (the
 * unary + keeps the indexes out); other packs' live rows are skipped as
 * they are read.  An event's log rows are read by the range of its keys. */
#define PAIR_EVENTS(db) \
  "SELECT seq, id, at FROM " db ".events WHERE +pack = ?1 AND +at <= ?2 ORDER BY seq"
#define PAIR_LOG(db) \
  "SELECT seq & 65535, body FROM " db ".action_log WHERE seq BETWEEN ?1 AND ?1 + 65535"
static const char *const pair_sql[PAIR_N] = {
    [PAIR_CAND] = PAIR_EVENTS("main"),
    [PAIR_LIVE] = PAIR_EVENTS("live"),
    [PAIR_FIND] = "SELECT seq, at FROM live.events WHERE pack = ?1 AND id = ?2",
    [PAIR_CLOG] = PAIR_LOG("main"),
    [PAIR_LLOG] = PAIR_LOG("live"),
    [PAIR_SAME] = "INSERT INTO temp.replay_same VALUES (?1, ?2)",
    [PAIR_DC] = "INSERT INTO temp.replay_dc VALUES (?1)",
    [PAIR_DL] = "INSERT INTO temp.replay_dl VALUES (?1)",
};

/* The pairing's tables: the pairs, and the events each log has outside
 * them (the scratch log's dc, the live log's dl); the walk fills them in
 * one transaction. */
#define PAIR_DROP_SQL                                                                    \
  "DROP TABLE IF EXISTS temp.replay_same;"                                               \
  "DROP TABLE IF EXISTS temp.replay_dl;"                                                 \
  "DROP TABLE IF EXISTS temp.replay_dc;"
static const char pair_begin_sql[] =
    PAIR_DROP_SQL
    "CREATE TEMP TABLE replay_same(cs INTEGER PRIMARY KEY, ls INTEGER NOT NULL);"
    "CREATE TEMP TABLE replay_dl(seq INTEGER PRIMARY KEY);"
    "CREATE TEMP TABLE replay_dc(seq INTEGER PRIMARY KEY);"
    "BEGIN;";

/* After the walk: the index on the live side, which the comparisons' plans
 * count on; and, when a pair was made with a live event the walk had
 * already passed and listed, the live events outside the pairing found
 * again by SQL (bylaw__store_replay_run: ?1 pack, ?3 to). */
static const char pair_index_sql[] = "CREATE INDEX temp.replay_same_ls ON replay_same(ls)";
static const char pair_unlist_sql[] = "DELETE FROM temp.replay_dl";
static const char pair_relist_sql[] =
    "INSERT INTO temp.replay_dl SELECT e.seq FROM live.events e WHERE e.pack = ?1"
    " AND e.at <= ?3 AND NOT EXISTS (SELECT 1 FROM temp.replay_same s WHERE s.ls = e.seq)";

typedef struct {
  bylaw_store_t *st;
  sqlite3_stmt *q[PAIR_N];
  int live_row;      /* q[PAIR_LIVE] stands on a row */
  int64_t last_ls;   /* the live seq of the latest pair */
  int ordered;       /* the pairs' live seqs grow in the scratch order */
  int dl_listed;     /* replay_dl is complete: no pair went back */
  int rc;            /* the first SQLite error */
} pair_t;

static int pair_step(pair_t *p, int q) {
  int rc = sqlite3_step(p->q[q]);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE && p->rc == SQLITE_OK) p->rc = rc;
  return rc == SQLITE_ROW;
}

/* Runs one of the INSERTs with its values. */
static void pair_insert(pair_t *p, int q, int64_t a, int64_t b) {
  sqlite3_bind_int64(p->q[q], 1, a);
  if (q == PAIR_SAME) sqlite3_bind_int64(p->q[q], 2, b);
  pair_step(p, q);
  sqlite3_reset(p->q[q]);
}

/* Moves the live cursor past every event before seq, listing them as
 * unpaired, and past seq itself. */
static void pair_live_skip_to(pair_t *p, int64_t seq) {
  while (p->live_row && sqlite3_column_int64(p->q[PAIR_LIVE], 0) <= seq) {
    int64_t ls = sqlite3_column_int64(p->q[PAIR_LIVE], 0);
    if (ls < seq) pair_insert(p, PAIR_DL, ls, 0);
    p->live_row = pair_step(p, PAIR_LIVE);
  }
}

/* Whether the events cs (scratch) and ls (live) logged the same rows. */
static int pair_same_log(pair_t *p, int64_t cs, int64_t ls) {
  sqlite3_stmt *c = p->q[PAIR_CLOG], *l = p->q[PAIR_LLOG];
  sqlite3_bind_int64(c, 1, cs << 16);
  sqlite3_bind_int64(l, 1, ls << 16);
  int same = 1;
  for (;;) {
    int crow = pair_step(p, PAIR_CLOG), lrow = pair_step(p, PAIR_LLOG);
    if (!crow || !lrow) {
      same = crow == lrow;
      break;
    }
    int n = sqlite3_column_bytes(c, 1);
    if (sqlite3_column_int64(c, 0) != sqlite3_column_int64(l, 0) ||
        n != sqlite3_column_bytes(l, 1) ||
        memcmp(sqlite3_column_blob(c, 1), sqlite3_column_blob(l, 1), (size_t)n) != 0) {
      same = 0;
      break;
    }
  }
  sqlite3_reset(c);
  sqlite3_reset(l);
  return same;
}

/* The live event with the scratch event's id, if it is in range: the next
 * one on the live cursor, or found by its id. */
static int pair_find(pair_t *p, const char *pack, const char *id, int len, int64_t to,
                     int64_t *ls, int64_t *at) {
  sqlite3_stmt *live = p->q[PAIR_LIVE];
  if (p->live_row && sqlite3_column_bytes(live, 1) == len &&
      memcmp(sqlite3_column_blob(live, 1), id, (size_t)len) == 0) {
    *ls = sqlite3_column_int64(live, 0);
    *at = sqlite3_column_int64(live, 2);
    return 1;
  }
  sqlite3_stmt *find = p->q[PAIR_FIND];
  sqlite3_bind_text(find, 1, pack, -1, SQLITE_STATIC);
  sqlite3_bind_text(find, 2, id, len, SQLITE_STATIC);
  int found = pair_step(p, PAIR_FIND);
  if (found) {
    *ls = sqlite3_column_int64(find, 0);
    *at = sqlite3_column_int64(find, 1);
  }
  sqlite3_reset(find);
  return found && *at <= to;
}

/* Takes the scratch event on the candidate cursor: pairs it or lists it
 * (and its live namesake) as unpaired. */
static void pair_one(pair_t *p, const char *pack, int64_t to) {
  sqlite3_stmt *cand = p->q[PAIR_CAND];
  int64_t cs = sqlite3_column_int64(cand, 0), cat = sqlite3_column_int64(cand, 2);
  int64_t ls = 0, lat = 0;
  const char *id = (const char *)sqlite3_column_text(cand, 1);
  int found = pair_find(p, pack, id, sqlite3_column_bytes(cand, 1), to, &ls, &lat);
  /* A live event the cursor has passed is already listed, or paired. */
  int passed = found && (!p->live_row || ls < sqlite3_column_int64(p->q[PAIR_LIVE], 0));
  if (found && !passed) pair_live_skip_to(p, ls);
  if (found && lat == cat && pair_same_log(p, cs, ls)) {
    pair_insert(p, PAIR_SAME, cs, ls);
    if (ls < p->last_ls) p->ordered = 0;
    if (passed) p->dl_listed = 0;
    p->last_ls = ls;
    return;
  }
  pair_insert(p, PAIR_DC, cs, 0);
  if (found && !passed) pair_insert(p, PAIR_DL, ls, 0);
}

/* Walks both events tables, filling the pairing's tables. */
static void pair_walk(pair_t *p, const char *pack, int64_t to) {
  for (int i = 0; p->rc == SQLITE_OK && i < PAIR_N; i++)
    p->rc = sqlite3_prepare_v2(p->st->db, pair_sql[i], -1, &p->q[i], NULL);
  for (int i = PAIR_CAND; p->rc == SQLITE_OK && i <= PAIR_LIVE; i++) {
    sqlite3_bind_text(p->q[i], 1, pack, -1, SQLITE_STATIC);
    sqlite3_bind_int64(p->q[i], 2, to);
  }
  if (p->rc == SQLITE_OK) p->live_row = pair_step(p, PAIR_LIVE);
  while (p->rc == SQLITE_OK && pair_step(p, PAIR_CAND)) pair_one(p, pack, to);
  if (p->rc == SQLITE_OK) pair_live_skip_to(p, INT64_MAX);
  for (int i = 0; i < PAIR_N; i++) sqlite3_finalize(p->q[i]);
}

int bylaw__store_replay_pair(bylaw_store_t *st, const char *pack, int64_t to, int *ordered,
                             bylaw_error_t *err) {
  pair_t p = {.st = st, .ordered = 1, .dl_listed = 1, .last_ls = INT64_MIN};
  p.rc = sqlite3_exec(st->db, pair_begin_sql, NULL, NULL, NULL);
  if (p.rc == SQLITE_OK) pair_walk(&p, pack, to);
  if (p.rc == SQLITE_OK) p.rc = sqlite3_exec(st->db, pair_index_sql, NULL, NULL, NULL);
  if (p.rc == SQLITE_OK && !p.dl_listed)
    p.rc = sqlite3_exec(st->db, pair_unlist_sql, NULL, NULL, NULL);
  int rc = p.rc == SQLITE_OK ? 0 : bylaw__store_fail(st, p.rc, "replay comparison failed", err);
  if (rc == 0 && !p.dl_listed)
    rc = bylaw__store_replay_run(st, pair_relist_sql, pack, 0, to, NULL, err);
  if (rc == 0 && (p.rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK)
    rc = bylaw__store_fail(st, p.rc, "replay comparison failed", err);
  if (rc != 0) {
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
  }
  *ordered = p.ordered;
  return 0;
}

void bylaw__store_replay_unpair(bylaw_store_t *st) {
  sqlite3_exec(st->db, PAIR_DROP_SQL, NULL, NULL, NULL);
}
