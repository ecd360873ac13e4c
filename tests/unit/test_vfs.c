/* test_vfs.c - the store's VFS writes a commit's log frames together: what a
 * commit wrote is in the file when the commit returns, for other
 * connections and for whoever opens the store after the process died;
 * spilled frames, the log's start-over and reads of one's own writes work
 * as with SQLite's default VFS. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/store_int.h"
#include "task.h"

static char db[600];

/* The store's connection, with a table of blobs; NULL on failure. */
static bylaw_store_t *open_store(void) {
  snprintf(db, sizeof(db), "%s/test.db", test_tmpdir());
  bylaw_store_t *st = NULL;
  if (bylaw__store_open(&st, db, BYLAW_SYNC_NORMAL, 1000, NULL) != 0) return NULL;
  if (sqlite3_exec(st->db, "CREATE TABLE IF NOT EXISTS blobs(n INTEGER PRIMARY KEY, b BLOB)",
                   NULL, NULL, NULL) != SQLITE_OK) {
    bylaw__store_close(st);
    return NULL;
  }
  return st;
}

/* One integer from sql on db, or -1. */
static long long one(sqlite3 *db_, const char *sql) {
  sqlite3_stmt *stmt;
  long long v = -1;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) v = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return v;
}

/* Commits rows first..last, `per` rows of `size` bytes a transaction. */
static int add_rows(bylaw_store_t *st, int first, int last, int per, int size) {
  char *sql = sqlite3_mprintf("INSERT INTO blobs(n, b) VALUES (?1, randomblob(%d))", size);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
  sqlite3_free(sql);
  for (int n = first; rc == SQLITE_OK && n <= last; n++) {
    if ((n - first) % per == 0) rc = sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
    sqlite3_bind_int(stmt, 1, n);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    sqlite3_reset(stmt);
    if (rc == SQLITE_OK && ((n - first) % per == per - 1 || n == last))
      rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
  }
  sqlite3_finalize(stmt);
  return rc;
}

/* A reader on SQLite's default VFS. */
static sqlite3 *open_reader(void) {
  sqlite3 *r = NULL;
  if (sqlite3_open_v2(db, &r, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    sqlite3_close(r);
    return NULL;
  }
  return r;
}

TEST(another_connection_reads_each_commit_at_once) {
  bylaw_store_t *st = open_store();
  ASSERT(st != NULL);
  sqlite3 *r = open_reader();
  ASSERT(r != NULL);
  /* 1 to 60 frames a commit: one write, or several of a full buffer. */
  for (int i = 1; i <= 40; i++) {
    ASSERT_INT(add_rows(st, i * 100, i * 100 + i - 1, i, 6000), SQLITE_OK);
    ASSERT_INT(one(r, "SELECT count(*) FROM blobs"), i * (i + 1) / 2);
  }
  ASSERT_INT(one(r, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
             1);
  sqlite3_close(r);
  bylaw__store_close(st);
  return 0;
}

TEST(what_was_committed_outlives_the_process) {
  bylaw_store_t *first = open_store(); /* the schema, and db's path */
  ASSERT(first != NULL);
  bylaw__store_close(first);
  pid_t pid = fork();
  ASSERT(pid >= 0);
  if (pid == 0) {
    /* Dies without closing anything, as a killed daemon would. */
    bylaw_store_t *st = open_store();
    _exit(st && add_rows(st, 1, 50, 1, 3000) == SQLITE_OK ? 0 : 1);
  }
  int status = 0;
  ASSERT(waitpid(pid, &status, 0) == pid);
  ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  sqlite3 *r = open_reader();
  ASSERT(r != NULL);
  ASSERT_INT(one(r, "SELECT count(*) FROM blobs"), 50);
  ASSERT_INT(one(r, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
             1);
  sqlite3_close(r);
  return 0;
}

TEST(a_transaction_bigger_than_the_cache_spills_reads_back_and_commits) {
  bylaw_store_t *st = open_store();
  ASSERT(st != NULL);
  ASSERT_INT(sqlite3_exec(st->db, "PRAGMA cache_size=20", NULL, NULL, NULL), SQLITE_OK);
  ASSERT_INT(sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
  ASSERT_INT(sqlite3_exec(st->db,
                          "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k"
                          " WHERE n < 3000) INSERT INTO blobs SELECT n, zeroblob(1000) FROM k",
                          NULL, NULL, NULL),
             SQLITE_OK);
  /* The pages spilled to the log are read back from it. */
  ASSERT_INT(one(st->db, "SELECT sum(length(b)) FROM blobs"), 3000000);
  ASSERT_INT(sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  sqlite3 *r = open_reader();
  ASSERT(r != NULL);
  ASSERT_INT(one(r, "SELECT sum(length(b)) FROM blobs"), 3000000);
  sqlite3_close(r);
  bylaw__store_close(st);
  return 0;
}

TEST(the_log_starts_over_after_a_checkpoint) {
  bylaw_store_t *st = open_store();
  ASSERT(st != NULL);
  ASSERT_INT(add_rows(st, 1, 100, 10, 2000), SQLITE_OK);
  sqlite3 *r = NULL;
  ASSERT_INT(sqlite3_open_v2(db, &r, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  ASSERT_INT(one(r, "SELECT count(*) FROM blobs"), 100);
  int log = -1, copied = -1;
  ASSERT_INT(sqlite3_wal_checkpoint_v2(r, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &copied),
             SQLITE_OK);
  ASSERT_INT(log, 0);
  /* The next commit writes the log's header at its start again. */
  ASSERT_INT(add_rows(st, 101, 200, 10, 2000), SQLITE_OK);
  ASSERT_INT(one(r, "SELECT count(*) FROM blobs"), 200);
  ASSERT_INT(one(r, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"),
             1);
  sqlite3_close(r);
  bylaw__store_close(st);
  return 0;
}

const test_case_t test_cases[] = {
    TEST_ENTRY(another_connection_reads_each_commit_at_once),
    TEST_ENTRY(what_was_committed_outlives_the_process),
    TEST_ENTRY(a_transaction_bigger_than_the_cache_spills_reads_back_and_commits),
    TEST_ENTRY(the_log_starts_over_after_a_checkpoint),
    {NULL, NULL},
};
