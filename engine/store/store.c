/*
 * store.c - opening, configuring and closing the SQLite store, transactions,
 * checkpoints and backups (statements and binding: stmt.c).
 *
 * Durability: WAL mode with synchronous=FULL by default, because the store
 * holds money (fines, commissions) and an acknowledged event must survive a
 * power cut; writers start with BEGIN IMMEDIATE so an event cannot fail
 * half-way on a lock; a busy timeout lets a second process wait its turn.
 *
 * WAL growth: SQLite's automatic checkpoint is PASSIVE and never shrinks
 * the file, so after one long reader (a report, a backup with the sqlite3
 * tool) the WAL would stay as large as it grew.  store_wal_hook replaces it:
 * once the WAL holds STORE_WAL_CHECKPOINT_PAGES pages it runs a TRUNCATE
 * checkpoint without waiting for readers (busy timeout 0 for that call):
 * when no reader holds an old snapshot the WAL is copied back and cut to
 * zero bytes; when one does, it copies what it can and the next commit
 * tries again, so the file shrinks as soon as the reader is gone.
 * journal_size_limit bounds what is left on disk after any other reset.
 * A caller that checkpoints on a connection of its own (bylawd, off its
 * event loop) sets a hook that replaces the inline checkpoint
 * (bylaw__store_wal_hook) and then owns the WAL's growth.
 */
#include <pthread.h>
#include <string.h>

#include "core/util.h"
#include "store/store_int.h"

int bylaw__store_fail(bylaw_store_t *st, int rc, const char *what, bylaw_error_t *err) {
  int code = BYLAW_ESTORE;
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) code = BYLAW_EBUSY;
  else if (primary == SQLITE_IOERR || primary == SQLITE_FULL ||
           primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN)
    code = BYLAW_EIO;
  else if (primary == SQLITE_NOMEM) code = BYLAW_ENOMEM;
  const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
  return bylaw__error(err, code, "%s: %s", what, msg);
}

int bylaw__store_user_version(sqlite3 *db, int *version, bylaw_error_t *err) {
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    *version = sqlite3_column_int(stmt, 0);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK)
    return bylaw__error(err, BYLAW_ESTORE, "cannot read the schema version: %s",
                        sqlite3_errmsg(db));
  return 0;
}

#define STORE_WAL_CHECKPOINT_PAGES 1000 /* SQLite's own autocheckpoint size */

/* Runs after every commit with the number of pages in the WAL. */
static int store_wal_hook(void *ud, sqlite3 *db, const char *name, int pages) {
  bylaw_store_t *st = ud;
  if (st->wal_fn) {
    st->wal_fn(st->wal_data, pages);
    return SQLITE_OK;
  }
  if (pages < STORE_WAL_CHECKPOINT_PAGES) return SQLITE_OK;
  /* Never block the caller (the daemon's loop) on a reader. */
  sqlite3_busy_timeout(db, 0);
  sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_busy_timeout(db, st->busy_timeout_ms);
  return SQLITE_OK; /* a checkpoint that could not finish is no error */
}

void bylaw__store_wal_hook(bylaw_store_t *st, void (*fn)(void *data, int pages),
                           void *data) {
  st->wal_fn = fn;
  st->wal_data = data;
}

/* SQLite keeps memory statistics behind a global mutex taken on every one
 * of its allocations, some 6% of an event's instructions (bench/README.md);
 * bylaw never reads them.  The switch only works before SQLite initialises,
 * so a host that already uses SQLite keeps its setting (SQLITE_MISUSE). */
static void store_quiet_memstatus(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

void bylaw__store_quiet_sqlite(void) {
  static pthread_once_t quiet = PTHREAD_ONCE_INIT;
  pthread_once(&quiet, store_quiet_memstatus);
}

int bylaw__store_open(bylaw_store_t **out, const char *path, bylaw_sync_t sync,
                      int busy_timeout_ms, bylaw_error_t *err) {
  static const char *const sync_sql[] = {
      "PRAGMA synchronous=FULL", "PRAGMA synchronous=NORMAL", "PRAGMA synchronous=OFF"};
  *out = NULL;
  if (path == NULL || (unsigned)sync > BYLAW_SYNC_OFF)
    return bylaw__error(err, BYLAW_EINVAL, "store path is missing");
  bylaw_store_t *st = bylaw__calloc(1, sizeof(*st));
  if (st == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  bylaw__store_quiet_sqlite();
  int rc = sqlite3_open_v2(path, &st->db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                               SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI,
                           bylaw__store_vfs());
  if (rc != SQLITE_OK) {
    bylaw__error(err, rc == SQLITE_CANTOPEN ? BYLAW_EIO : BYLAW_ESTORE,
                 "cannot open store %s: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
    goto fail;
  }
  sqlite3_extended_result_codes(st->db, 1);
  st->busy_timeout_ms = busy_timeout_ms > 0 ? busy_timeout_ms : 5000;
  sqlite3_busy_timeout(st->db, st->busy_timeout_ms);
  char *msg = NULL;
  /* journal_mode=WAL answers with a row; exec ignores it.  A file that is
   * not a database fails here with SQLITE_NOTADB. */
  /* temp_store=MEMORY: each event's savepoint journals the pages it changes;
   * in a temporary file that cost a write() per page, the biggest share of an
   * event's time (bench/README.md). */
  rc = sqlite3_exec(st->db,
                    "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA journal_size_limit=67108864;"
                    " PRAGMA temp_store=MEMORY;"
                    /* 16 MiB of page cache (SQLite's default is 2 MiB): the
                     * inbox, tasks and action log indexes of a busy store
                     * no longer fit in 2 MiB, and re-reading pages from the
                     * OS cost a quarter of an event's time; 32 MiB was no
                     * faster and costs a daemon 16 MiB more (bench/). */
                    " PRAGMA cache_size=-16384;",
                    NULL, NULL, &msg);
  if (rc == SQLITE_OK) sqlite3_wal_hook(st->db, store_wal_hook, st);
  if (rc == SQLITE_OK) rc = sqlite3_exec(st->db, sync_sql[sync], NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    bylaw__error(err, (rc & 0xff) == SQLITE_NOTADB ? BYLAW_ESTORE : BYLAW_EIO,
                 "cannot configure store %s: %s", path, msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    goto fail;
  }
  if ((rc = bylaw__schema_migrate(st->db, err)) != 0) {
    bylaw__store_close(st);
    return rc;
  }
  *out = st;
  return 0;
fail:
  bylaw__store_close(st);
  return err ? err->code : BYLAW_ESTORE;
}

int bylaw__store_make_scratch(bylaw_store_t *st, bylaw_error_t *err) {
  /* No WAL to append to, index and checkpoint: every page is written once,
   * in place; rollbacks (of a rejected event's run) still work from the
   * journal in memory.  A crash loses the scratch store, which is fine.
   * The cache is four times the live store's: with 100,000 customers a
   * replay transaction touches more pages than 16 MB hold, and reading
   * them back was half of replay's system calls (a history of 400,000
   * events: 697,000 page reads with 16 MB, 154,000 with 64 MB). */
  char *msg = NULL;
  int rc = sqlite3_exec(st->db,
                        "PRAGMA main.locking_mode=EXCLUSIVE; PRAGMA main.journal_mode=MEMORY;"
                        " PRAGMA main.cache_size=-65536;",
                        NULL, NULL, &msg);
  if (rc != SQLITE_OK) {
    bylaw__error(err, BYLAW_ESTORE, "cannot set up the scratch store: %s",
                 msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return BYLAW_ESTORE;
  }
  return 0;
}

void bylaw__store_close(bylaw_store_t *st) {
  if (st == NULL) return;
  /* Every statement: the static cache's and the reads kept by select.c. */
  bylaw__store_stmt_clear(st);
  sqlite3_stmt *stmt;
  while (st->db && (stmt = sqlite3_next_stmt(st->db, NULL)) != NULL) sqlite3_finalize(stmt);
  sqlite3_close(st->db);
  bylaw_free(st->log.text.p);
  bylaw_free(st);
}

int bylaw__store_schema_version(bylaw_store_t *st, int *version) {
  return bylaw__store_user_version(st->db, version, NULL);
}

static int store_exec(bylaw_store_t *st, const char *sql, bylaw_error_t *err) {
  sqlite3_stmt *stmt = bylaw__store_stmt(st, sql, err);
  if (stmt == NULL) return err ? err->code : BYLAW_ESTORE;
  return bylaw__store_exec_stmt(st, stmt, err);
}

int bylaw__store_begin(bylaw_store_t *st, bylaw_error_t *err) {
  return store_exec(st, "BEGIN IMMEDIATE", err);
}

int bylaw__store_commit(bylaw_store_t *st, bylaw_error_t *err) {
  int rc = store_exec(st, "COMMIT", err);
  if (rc != 0) bylaw__store_rollback(st);
  return rc;
}

void bylaw__store_rollback(bylaw_store_t *st) {
  if (!sqlite3_get_autocommit(st->db)) store_exec(st, "ROLLBACK", NULL);
}

/* Static texts, one per savepoint, so each is a cached statement. */
static const char *const savepoint_sql[][3] = {
    [BYLAW_SAVEPOINT_RUN] = {"SAVEPOINT run", "ROLLBACK TO run", "RELEASE run"},
    [BYLAW_SAVEPOINT_EVENT] = {"SAVEPOINT event", "ROLLBACK TO event", "RELEASE event"},
};

int bylaw__store_savepoint(bylaw_store_t *st, bylaw_savepoint_t sp, bylaw_error_t *err) {
  return store_exec(st, savepoint_sql[sp][0], err);
}

void bylaw__store_undo(bylaw_store_t *st, bylaw_savepoint_t sp) {
  store_exec(st, savepoint_sql[sp][1], NULL);
}

void bylaw__store_release(bylaw_store_t *st, bylaw_savepoint_t sp) {
  store_exec(st, savepoint_sql[sp][2], NULL);
}

int bylaw__store_backup(bylaw_store_t *st, const char *path, bylaw_error_t *err) {
  sqlite3 *dest;
  int rc = sqlite3_open(path, &dest);
  if (rc == SQLITE_OK) {
    sqlite3_backup *b = sqlite3_backup_init(dest, "main", st->db, "main");
    if (b != NULL) {
      /* Copy in steps so a long backup lets writers in between. */
      do {
        rc = sqlite3_backup_step(b, 256);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish(b);
    }
    rc = sqlite3_errcode(dest);
  }
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    bylaw__error(err, BYLAW_EIO, "backup to %s failed: %s", path, sqlite3_errmsg(dest));
  sqlite3_close(dest);
  return rc == SQLITE_OK || rc == SQLITE_DONE ? 0 : BYLAW_EIO;
}
