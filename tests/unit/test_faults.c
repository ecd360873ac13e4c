/* test_faults.c - I/O faults under the engine, injected through SQLite's
 * own means: a VFS shim registered as the default (it wraps the real unix
 * VFS and fails writes as a full disk does, or opens the database file
 * read-only as the unix VFS does for a file it may not write), a second
 * process holding the write lock, a corrupt file, a missing rules folder,
 * an unreadable pack file, and a long reader that must not leave the WAL
 * large.  Each fault gives a clear error code and message, writes nothing
 * half-way, and the engine works again once the fault is gone. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "task.h"

/* --- the VFS shim --------------------------------------------------------- */

static struct {
  int disk_full; /* every write fails with SQLITE_FULL (ENOSPC) */
  int read_only; /* the main database file opens read-only (EACCES) */
  int writes_refused;
} fault;

typedef struct {
  sqlite3_file base;
  sqlite3_file *real; /* the unix VFS's file, right after this struct */
} shim_file_t;

static sqlite3_vfs *real_vfs;

#define REAL(f) (((shim_file_t *)(f))->real)
static int shim_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int shim_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o) {
  return REAL(f)->pMethods->xRead(REAL(f), b, n, o);
}
static int shim_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o) {
  if (fault.disk_full) {
    fault.writes_refused++;
    return SQLITE_FULL;
  }
  return REAL(f)->pMethods->xWrite(REAL(f), b, n, o);
}
static int shim_truncate(sqlite3_file *f, sqlite3_int64 size) {
  return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int shim_sync(sqlite3_file *f, int flags) { return REAL(f)->pMethods->xSync(REAL(f), flags); }
static int shim_size(sqlite3_file *f, sqlite3_int64 *size) {
  return REAL(f)->pMethods->xFileSize(REAL(f), size);
}
static int shim_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int shim_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int shim_check(sqlite3_file *f, int *out) {
  return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}
static int shim_fcntl(sqlite3_file *f, int op, void *arg) {
  return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}
static int shim_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int shim_caps(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int shim_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp) {
  return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, pp);
}
static int shim_shm_lock(sqlite3_file *f, int off, int n, int flags) {
  return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void shim_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int shim_shm_unmap(sqlite3_file *f, int del) {
  return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}
static int shim_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp) {
  return REAL(f)->pMethods->xFetch(REAL(f), o, n, pp);
}
static int shim_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p) {
  return REAL(f)->pMethods->xUnfetch(REAL(f), o, p);
}

static const sqlite3_io_methods shim_methods = {
    3,          shim_close,       shim_read,     shim_write,   shim_truncate,
    shim_sync,  shim_size,        shim_lock,     shim_unlock,  shim_check,
    shim_fcntl, shim_sector,      shim_caps,     shim_shm_map, shim_shm_lock,
    shim_shm_barrier, shim_shm_unmap, shim_fetch, shim_unfetch};

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
                     int *out_flags) {
  (void)vfs;
  shim_file_t *s = (shim_file_t *)f;
  s->real = (sqlite3_file *)(s + 1);
  if (fault.read_only && (flags & SQLITE_OPEN_MAIN_DB)) {
    flags &= ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_READONLY;
  }
  int rc = real_vfs->xOpen(real_vfs, name, s->real, flags, out_flags);
  s->base.pMethods = s->real->pMethods ? &shim_methods : NULL;
  return rc;
}

static int shim_delete(sqlite3_vfs *v, const char *n, int sync) {
  (void)v;
  return real_vfs->xDelete(real_vfs, n, sync);
}
static int shim_access(sqlite3_vfs *v, const char *n, int flags, int *out) {
  (void)v;
  return real_vfs->xAccess(real_vfs, n, flags, out);
}
static int shim_fullpath(sqlite3_vfs *v, const char *n, int size, char *out) {
  (void)v;
  return real_vfs->xFullPathname(real_vfs, n, size, out);
}
static int shim_random(sqlite3_vfs *v, int n, char *out) {
  (void)v;
  return real_vfs->xRandomness(real_vfs, n, out);
}
static int shim_sleep(sqlite3_vfs *v, int us) {
  (void)v;
  return real_vfs->xSleep(real_vfs, us);
}
static int shim_time(sqlite3_vfs *v, double *out) {
  (void)v;
  return real_vfs->xCurrentTime(real_vfs, out);
}
static int shim_last_error(sqlite3_vfs *v, int n, char *out) {
  (void)v;
  return real_vfs->xGetLastError(real_vfs, n, out);
}
static int shim_time64(sqlite3_vfs *v, sqlite3_int64 *out) {
  (void)v;
  return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static sqlite3_vfs shim_vfs;

/* Makes the shim the default VFS of this process (each case runs alone). */
static void shim_install(void) {
  sqlite3_initialize();
  real_vfs = sqlite3_vfs_find(NULL);
  shim_vfs = (sqlite3_vfs){.iVersion = 2,
                           .szOsFile = (int)sizeof(shim_file_t) + real_vfs->szOsFile,
                           .mxPathname = real_vfs->mxPathname,
                           .zName = "bylaw-faults",
                           .xOpen = shim_open,
                           .xDelete = shim_delete,
                           .xAccess = shim_access,
                           .xFullPathname = shim_fullpath,
                           .xDlOpen = NULL,
                           .xRandomness = shim_random,
                           .xSleep = shim_sleep,
                           .xCurrentTime = shim_time,
                           .xGetLastError = shim_last_error,
                           .xCurrentTimeInt64 = shim_time64};
  shim_vfs.xDlOpen = real_vfs->xDlOpen;
  shim_vfs.xDlError = real_vfs->xDlError;
  shim_vfs.xDlSym = real_vfs->xDlSym;
  shim_vfs.xDlClose = real_vfs->xDlClose;
  sqlite3_vfs_register(&shim_vfs, 1);
}

/* --- helpers ------------------------------------------------------------------ */

static const char rules[] =
    "classify \"class\" { clause = \"f1\", { class = \"A\", when = { segment = \"highway\" } },"
    " { class = \"C\" } }\n"
    "cadence \"follow-up\" { clause = \"f2\", A = { every = \"1 month\" },"
    " C = { every = \"6 months\" } }\n";

static char rules_dir[512];

static void event_text(char *buf, size_t size, int n) {
  snprintf(buf, size,
           "{\"id\":\"e%d\",\"pack\":\"p\",\"type\":\"customer.upsert\","
           "\"at\":\"2026-03-01 09:00\",\"data\":{\"id\":\"c%d\",\"segment\":\"highway\","
           "\"name\":\"%0200d\"}}",
           n, n, n);
}

/* Submits event n; returns the code and (when msg) a copy of the message. */
static int submit(bylaw_engine_t *e, int n, char **result, bylaw_error_t *err) {
  char ev[512];
  event_text(ev, sizeof(ev), n);
  return bylaw_submit(e, ev, strlen(ev), result, err);
}

/* A store failure leaves no result, or a rejected one carrying the code;
 * either way nothing was recorded.  Frees out. */
static int not_recorded(char *out, const char *code) {
  int ok = out == NULL || (strstr(out, "\"rejected\"") && strstr(out, code));
  bylaw_free(out);
  return ok;
}

static bylaw_engine_t *open_engine(int busy_ms, bylaw_error_t *err) {
  char db[600];
  snprintf(db, sizeof(db), "%s/test.db", test_tmpdir());
  bylaw_options_t o;
  bylaw_options_init(&o);
  o.db_path = db;
  o.rules_dir = rules_dir;
  o.busy_timeout_ms = busy_ms;
  bylaw_engine_t *e = NULL;
  bylaw_engine_new(&e, &o, err);
  return e;
}

static void setup(void) {
  snprintf(rules_dir, sizeof(rules_dir), "%s/rules", test_tmpdir());
  test_pack(rules_dir, "p", rules);
}

/* --- the cases ------------------------------------------------------------------- */

TEST(disk_full_refuses_and_recovers) {
  shim_install();
  setup();
  bylaw_engine_t *e = open_engine(0, NULL);
  ASSERT(e != NULL);
  char *out = NULL;
  ASSERT_INT(submit(e, 1, &out, NULL), 0);
  bylaw_free(out);
  fault.disk_full = 1;
  bylaw_error_t err = {0};
  int rc = submit(e, 2, &out, &err);
  ASSERT_INT(rc, BYLAW_EIO);
  ASSERT(not_recorded(out, "BYLAW_EIO")); /* the caller may retry */
  ASSERT_CONTAINS(err.message, "disk is full");
  ASSERT(fault.writes_refused > 0);
  bylaw_error_clear(&err);
  /* A batch under the fault: nothing of it is written. */
  char e3[512], e4[512];
  event_text(e3, sizeof(e3), 3);
  event_text(e4, sizeof(e4), 4);
  const char *evs[2] = {e3, e4};
  size_t lens[2] = {strlen(e3), strlen(e4)};
  char *results[2] = {NULL, NULL};
  ASSERT_INT(bylaw_submit_batch(e, evs, lens, 2, results, &err), BYLAW_EIO);
  for (int i = 0; i < 2; i++) bylaw_free(results[i]);
  bylaw_error_clear(&err);
  fault.disk_full = 0;
  ASSERT_INT(test_count(e, "p", "events"), 1);
  ASSERT_INT(test_count(e, "p", "actions"), 2);
  /* The fault is gone: the same events go through, once. */
  for (int n = 2; n <= 4; n++) {
    ASSERT_INT(submit(e, n, &out, NULL), 0);
    ASSERT_CONTAINS(out, "\"applied\"");
    bylaw_free(out);
  }
  ASSERT_INT(test_count(e, "p", "events"), 4);
  ASSERT_INT(test_count(e, "p", "actions"), 8);
  ASSERT_INT(test_count(e, "p", "tasks"), 4);
  bylaw_engine_free(e);
  return 0;
}

TEST(read_only_file_refuses_and_recovers) {
  shim_install();
  setup();
  bylaw_engine_t *e = open_engine(0, NULL);
  ASSERT(e != NULL);
  char *out = NULL;
  ASSERT_INT(submit(e, 1, &out, NULL), 0);
  bylaw_free(out);
  bylaw_engine_free(e);
  fault.read_only = 1;
  bylaw_error_t err = {0};
  e = open_engine(0, &err);
  if (e == NULL) {
    /* Refusing to open is a clear answer too. */
    ASSERT_INT(err.code, BYLAW_EIO);
    ASSERT_CONTAINS(err.message, "readonly");
  } else {
    ASSERT_INT(submit(e, 2, &out, &err), BYLAW_EIO);
    ASSERT(not_recorded(out, "BYLAW_EIO"));
    ASSERT_CONTAINS(err.message, "readonly database");
    ASSERT_INT(test_count(e, "p", "events"), 1); /* reads still work */
    bylaw_engine_free(e);
  }
  bylaw_error_clear(&err);
  fault.read_only = 0;
  e = open_engine(0, NULL); /* the file is writable again: reopen */
  ASSERT(e != NULL);
  ASSERT_INT(submit(e, 2, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"applied\"");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "p", "events"), 2);
  bylaw_engine_free(e);
  return 0;
}

TEST(lock_held_by_another_process) {
  setup();
  bylaw_engine_t *e = open_engine(50, NULL);
  ASSERT(e != NULL);
  char db[600];
  snprintf(db, sizeof(db), "%s/test.db", test_tmpdir());
  int go[2], ready[2];
  ASSERT(pipe(go) == 0 && pipe(ready) == 0);
  pid_t pid = fork();
  if (pid == 0) {
    close(go[1]); /* a failing parent must not leave this process waiting */
    /* The other process: take the write lock, say so, wait, let go. */
    sqlite3 *other;
    char c = 0;
    if (sqlite3_open(db, &other) != SQLITE_OK ||
        sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
      _exit(1);
    if (write(ready[1], "x", 1) != 1 || read(go[0], &c, 1) != 1) _exit(1);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    _exit(0);
  }
  close(go[0]);
  char c;
  ASSERT(read(ready[0], &c, 1) == 1);
  char *out = NULL;
  bylaw_error_t err = {0};
  ASSERT_INT(submit(e, 1, &out, &err), BYLAW_EBUSY);
  ASSERT(not_recorded(out, "BYLAW_EBUSY"));
  ASSERT_CONTAINS(err.message, "locked");
  bylaw_error_clear(&err);
  ASSERT(write(go[1], "x", 1) == 1);
  int status;
  waitpid(pid, &status, 0);
  ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_INT(submit(e, 1, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"applied\"");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "p", "events"), 1);
  bylaw_engine_free(e);
  return 0;
}

TEST(corrupt_file_is_refused) {
  setup();
  char db[600], backup[600];
  snprintf(db, sizeof(db), "%s/test.db", test_tmpdir());
  snprintf(backup, sizeof(backup), "%s/backup.db", test_tmpdir());
  /* Not a database at all. */
  test_write(test_tmpdir(), "test.db", "this is not an SQLite database, just text ........"
                                       "................................................");
  bylaw_error_t err = {0};
  bylaw_engine_t *e = open_engine(0, &err);
  ASSERT(e == NULL);
  ASSERT_INT(err.code, BYLAW_ESTORE);
  ASSERT_CONTAINS(err.message, "not a database");
  ASSERT_CONTAINS(err.message, "test.db");
  bylaw_error_clear(&err);
  unlink(db);
  /* A real store whose pages are then overwritten. */
  e = open_engine(0, NULL);
  ASSERT(e != NULL);
  char *out = NULL;
  for (int n = 1; n <= 40; n++) {
    ASSERT_INT(submit(e, n, &out, NULL), 0);
    bylaw_free(out);
  }
  ASSERT_INT(bylaw_backup(e, backup, NULL), 0);
  bylaw_engine_free(e); /* the last close folds the WAL into the file */
  FILE *f = fopen(db, "r+b");
  ASSERT(f != NULL);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  ASSERT(size > 4 * 4096);
  for (long off = 4096; off < size; off += 4096) {
    fseek(f, off, SEEK_SET);
    static const char junk[512] = "garbage garbage garbage";
    fwrite(junk, 1, sizeof(junk), f);
  }
  fclose(f);
  e = open_engine(0, &err);
  if (e != NULL) {
    /* Opened (the first page survived): every use fails clearly. */
    int rc = submit(e, 41, &out, &err);
    ASSERT(rc == BYLAW_ESTORE || rc == BYLAW_EIO);
    ASSERT(not_recorded(out, "BYLAW_E"));
    ASSERT(strstr(err.message, "malformed") || strstr(err.message, "not a database"));
    bylaw_engine_free(e);
  } else {
    ASSERT(err.code == BYLAW_ESTORE || err.code == BYLAW_EIO);
    ASSERT(strstr(err.message, "malformed") || strstr(err.message, "not a database"));
  }
  bylaw_error_clear(&err);
  /* Recovery: the backup goes back in place. */
  ASSERT(rename(backup, db) == 0);
  e = open_engine(0, NULL);
  ASSERT(e != NULL);
  ASSERT_INT(test_count(e, "p", "events"), 40);
  ASSERT_INT(submit(e, 41, &out, NULL), 0);
  bylaw_free(out);
  bylaw_engine_free(e);
  return 0;
}

TEST(missing_rules_folder) {
  snprintf(rules_dir, sizeof(rules_dir), "%s/no-such-rules", test_tmpdir());
  bylaw_error_t err = {0};
  bylaw_engine_t *e = open_engine(0, &err);
  ASSERT(e == NULL);
  ASSERT_INT(err.code, BYLAW_EIO);
  ASSERT_CONTAINS(err.message, "cannot read rules folder");
  ASSERT_CONTAINS(err.message, "no-such-rules");
  bylaw_error_clear(&err);
  test_pack(rules_dir, "p", rules); /* the folder appears */
  e = open_engine(0, NULL);
  ASSERT(e != NULL);
  char *out = NULL;
  ASSERT_INT(submit(e, 1, &out, NULL), 0);
  bylaw_free(out);
  bylaw_engine_free(e);
  return 0;
}

TEST(unreadable_pack_file) {
  setup();
  test_pack(rules_dir, "q", rules);
  bylaw_engine_t *e = open_engine(0, NULL);
  ASSERT(e != NULL);
  char path[700], saved[700];
  snprintf(path, sizeof(path), "%s/p/rules.lua", rules_dir);
  snprintf(saved, sizeof(saved), "%s/rules.lua.saved", test_tmpdir());
  ASSERT(rename(path, saved) == 0);
  /* A dangling link: the file is listed but cannot be read (root reads
   * past permissions, so a mode of 000 would prove nothing here). */
  ASSERT(symlink("/nonexistent/bylaw/rules.lua", path) == 0);
  bylaw_error_t err = {0};
  ASSERT_INT(bylaw_reload(e, "p", 0, &err), BYLAW_EIO);
  ASSERT_CONTAINS(err.message, "cannot read");
  ASSERT_CONTAINS(err.message, "p/rules.lua");
  bylaw_error_clear(&err);
  /* The old version keeps serving, and the other pack too. */
  char *out = NULL;
  ASSERT_INT(submit(e, 1, &out, NULL), 0);
  ASSERT_CONTAINS(out, "\"class\":\"A\"");
  bylaw_free(out);
  char *packs = NULL;
  ASSERT_INT(bylaw_packs_json(e, &packs, NULL), 0);
  ASSERT_CONTAINS(packs, "cannot read");
  bylaw_free(packs);
  /* A directory where the file should be. */
  unlink(path);
  ASSERT(mkdir(path, 0755) == 0);
  ASSERT(bylaw_reload(e, "p", 0, &err) != 0);
  ASSERT_CONTAINS(err.message, "p/rules.lua");
  bylaw_error_clear(&err);
  rmdir(path);
  /* Fixed: the reload goes through and last_error clears. */
  ASSERT(rename(saved, path) == 0);
  if (bylaw_reload(e, "p", 0, &err) != 0) FAIL_AT("reload after the fix: %s", err.message);
  ASSERT_INT(bylaw_packs_json(e, &packs, NULL), 0);
  ASSERT(strstr(packs, "cannot read") == NULL);
  bylaw_free(packs);
  bylaw_engine_free(e);
  return 0;
}

static long file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

TEST(wal_shrinks_after_a_long_reader) {
  setup();
  bylaw_engine_t *e = open_engine(0, NULL);
  ASSERT(e != NULL);
  char db[600], wal[620];
  snprintf(db, sizeof(db), "%s/test.db", test_tmpdir());
  snprintf(wal, sizeof(wal), "%s-wal", db);
  char *out = NULL;
  ASSERT_INT(submit(e, 0, &out, NULL), 0);
  bylaw_free(out);
  /* A reader holds a snapshot while thousands of events commit. */
  sqlite3 *reader;
  ASSERT(sqlite3_open(db, &reader) == SQLITE_OK);
  ASSERT(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM events;", NULL, NULL, NULL) ==
         SQLITE_OK);
  for (int n = 1; n <= 1500; n++) {
    ASSERT_INT(submit(e, n, &out, NULL), 0);
    bylaw_free(out);
  }
  long grown = file_size(wal);
  ASSERT(grown > 4L << 20); /* the reader pinned it: it had to grow */
  sqlite3_exec(reader, "COMMIT", NULL, NULL, NULL);
  sqlite3_close(reader);
  /* Once the reader is gone the next commit checkpoints and truncates. */
  ASSERT_INT(submit(e, 2000, &out, NULL), 0);
  bylaw_free(out);
  long after = file_size(wal);
  if (after > 1L << 20) FAIL_AT("WAL still %ld bytes (was %ld)", after, grown);
  ASSERT_INT(test_count(e, "p", "events"), 1502);
  bylaw_engine_free(e);
  return 0;
}

const test_case_t test_cases[] = {TEST_ENTRY(disk_full_refuses_and_recovers),
                                  TEST_ENTRY(read_only_file_refuses_and_recovers),
                                  TEST_ENTRY(lock_held_by_another_process),
                                  TEST_ENTRY(corrupt_file_is_refused),
                                  TEST_ENTRY(missing_rules_folder),
                                  TEST_ENTRY(unreadable_pack_file),
                                  TEST_ENTRY(wal_shrinks_after_a_long_reader),
                                  {NULL, NULL}};
