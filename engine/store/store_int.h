/*
 * store_int.h - what the store's own files share: the store struct, the
 * prepared-statement cache and the binder that fills named SQL parameters
 * (":customer") from a cJSON object's members of the same name (stmt.c).
 */
#ifndef BYLAW_STORE_INT_H
#define BYLAW_STORE_INT_H

#include <sqlite3.h>

#include "core/util.h"
#include "store/store.h"

#define STORE_STMT_SLOTS 128
#define STORE_READ_SLOTS 512
/* Actions per row of the action log; an event may have 65,536 rows. */
#define STORE_LOG_CHUNK 1000
#define STORE_LOG_ROWS_BITS 16

typedef struct bylaw_store_param_s bylaw_store_param_t;

struct bylaw_store_s {
  sqlite3 *db;
  int busy_timeout_ms; /* restored after a checkpoint that must not wait */
  void (*wal_fn)(void *data, int pages); /* replaces the inline checkpoint */
  void *wal_data;
  /* Statements keyed by the address of their static SQL text, so the hot
   * path never re-prepares (open addressing, STORE_STMT_SLOTS entries). */
  struct {
    const char *sql;
    sqlite3_stmt *stmt;
    bylaw_store_param_t *plan; /* what fills each parameter (stmt.c) */
    int nparams;
  } cache[STORE_STMT_SLOTS];
  /* Reads, built from their shape (select.c), keyed by a hash of the text. */
  struct {
    uint64_t hash;
    sqlite3_stmt *stmt;
  } reads[STORE_READ_SLOTS];
  sqlite3_stmt *overflow_read; /* a read of a shape that found no slot */
  /* The open event's action log (apply.c): its inbox row (0: none open),
   * the chunk being filled and its text, "[" and the bodies so far. */
  struct {
    int64_t seq;
    int chunk, n;
    bylaw_buf_t text;
  } log;
};

/* Returns the cached, reset statement for a static SQL string, preparing it
 * on first use; NULL with err set on failure.  Borrowed: do not finalize. */
sqlite3_stmt *bylaw__store_stmt(bylaw_store_t *st, const char *sql,
                                bylaw_error_t *err);

/* As bylaw__store_stmt, with every named parameter bound: :pack :event
 * :rule :clause :version :at from ctx (unset members bind NULL), anything
 * else from obj's member of that name (objects and arrays as JSON text,
 * missing members as NULL). */
sqlite3_stmt *bylaw__store_bound(bylaw_store_t *st, const char *sql,
                                 const bylaw_action_ctx_t *ctx, const cJSON *obj,
                                 bylaw_error_t *err);

/* Finalizes the cached statements. */
void bylaw__store_stmt_clear(bylaw_store_t *st);

/* Steps a statement to completion (no rows expected). */
int bylaw__store_exec_stmt(bylaw_store_t *st, sqlite3_stmt *stmt, bylaw_error_t *err);

/* Reports the current SQLite error as BYLAW_ESTORE (or EBUSY/EIO). */
int bylaw__store_fail(bylaw_store_t *st, int rc, const char *what, bylaw_error_t *err);

/* Turns SQLite's memory statistics off before the first connection opens
 * (store.c says why); call it before any sqlite3_open_v2(). */
void bylaw__store_quiet_sqlite(void);

/* The name of the VFS that writes a commit's log frames together (vfs.c),
 * registered on the first call; NULL (SQLite's default) if it could not be. */
const char *bylaw__store_vfs(void);

/* Replay's pairing (replay_pair.c), with the live store attached as
 * `live`: makes and fills temp.replay_same(cs, ls) with the
 * scratch and live events of pack up to `to` that logged the same actions,
 * temp.replay_dc and temp.replay_dl with the others of each side; *ordered
 * tells whether the pairs keep the events' order. */
int bylaw__store_replay_pair(bylaw_store_t *st, const char *pack, int64_t to, int *ordered,
                             bylaw_error_t *err);
/* Drops the pairing's tables. */
void bylaw__store_replay_unpair(bylaw_store_t *st);
/* Runs sql, one statement, with ?1 pack, ?2 from, ?3 to (those it has);
 * the first column of its only row, if any, in *one (may be NULL). */
int bylaw__store_replay_run(bylaw_store_t *st, const char *sql, const char *pack, int64_t from,
                            int64_t to, int64_t *one, bylaw_error_t *err);
int bylaw__store_user_version(sqlite3 *db, int *version, bylaw_error_t *err);
int bylaw__schema_migrate(sqlite3 *db, bylaw_error_t *err);

#endif
