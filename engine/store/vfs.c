/*
 * vfs.c - the store's files, through SQLite's own VFS, with the frames of
 * a commit written to the write-ahead log together.
 *
 * SQLite writes each frame of the log with two write() calls, its 24-byte
 * header and then its page, so a commit of a group of single events made
 * some ten calls an event, and on a virtual machine each costs several
 * microseconds (bench/README.md).  This VFS passes every call through to
 * the default one, except that it gathers writes to a -wal file that
 * follow each other in the file into one buffer, and writes the buffer:
 *
 * - once the commit frame is complete: its header (the only 24-byte write
 *   SQLite makes to a log) has a non-zero database size, and its page is
 *   the next write.  SQLite publishes a commit in the shared-memory index
 *   only after writing its frames, so no other connection can ever be
 *   told of a frame that is still in the buffer;
 * - before any write elsewhere in the file, so the file sees the writes in
 *   SQLite's order;
 * - before a read, sync, truncate, size query or close of the file, so
 *   SQLite finds what it wrote, and a sync covers all of it;
 * - when the buffer is full (124 KiB).
 *
 * Frames written without a commit (a transaction too big for the page
 * cache spills into the log) wait in the buffer for the commit, or for
 * one of the above; only the writing connection may read them.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <string.h>

#include "store/store_int.h"

#define VFS_NAME "bylaw"
/* Flushed when a write would not fit.  SQLite's unix VFS writes at most
 * 128 KiB - 1 bytes a call (seekAndWriteFd masks the size with 0x1ffff),
 * so the buffer is that, to whole 4 KiB blocks: 30 frames of 4 KiB pages. */
#define VFS_BUFFER (0x1ffff & ~0xfff)
#define VFS_FRAME_HEADER 24    /* WAL_FRAME_HDRSIZE in SQLite's wal.c */

typedef struct {
  sqlite3_file base;
  sqlite3_file *real;   /* the default VFS's file, allocated after this one */
  int wal;              /* a write-ahead log: writes are gathered */
  int commit_next;      /* the next write is the page of a commit frame */
  sqlite3_int64 off;    /* where buf goes in the file */
  size_t len;
  unsigned char *buf;   /* VFS_BUFFER bytes, allocated on the first write */
} vfs_file_t;

static sqlite3_vfs vfs;
static sqlite3_vfs *vfs_real;

/* Writes the buffer out; empties it even when that fails (the commit
 * fails with the error, and SQLite rolls back). */
static int vfs_flush(vfs_file_t *f) {
  if (f->len == 0) return SQLITE_OK;
  int rc = f->real->pMethods->xWrite(f->real, f->buf, (int)f->len, f->off);
  f->len = 0;
  return rc;
}

static int vfs_write(sqlite3_file *file, const void *data, int amt, sqlite3_int64 off) {
  vfs_file_t *f = (vfs_file_t *)file;
  if (!f->wal) return f->real->pMethods->xWrite(f->real, data, amt, off);
  int rc = SQLITE_OK;
  if (f->len > 0 && (off != f->off + (sqlite3_int64)f->len || f->len + (size_t)amt > VFS_BUFFER))
    rc = vfs_flush(f);
  if (rc == SQLITE_OK && f->buf == NULL && (f->buf = sqlite3_malloc(VFS_BUFFER)) == NULL)
    rc = SQLITE_NOMEM;
  if (rc != SQLITE_OK) return rc;
  if ((size_t)amt > VFS_BUFFER) {
    rc = f->real->pMethods->xWrite(f->real, data, amt, off);
  } else {
    if (f->len == 0) f->off = off;
    memcpy(f->buf + f->len, data, (size_t)amt);
    f->len += (size_t)amt;
  }
  int commit = f->commit_next;
  const unsigned char *h = data;
  f->commit_next = amt == VFS_FRAME_HEADER && (h[4] | h[5] | h[6] | h[7]) != 0;
  return rc == SQLITE_OK && commit ? vfs_flush(f) : rc;
}

static int vfs_close(sqlite3_file *file) {
  vfs_file_t *f = (vfs_file_t *)file;
  int rc = vfs_flush(f);
  int closed = f->real->pMethods->xClose(f->real);
  sqlite3_free(f->buf);
  f->buf = NULL;
  return rc != SQLITE_OK ? rc : closed;
}

static int vfs_read(sqlite3_file *file, void *data, int amt, sqlite3_int64 off) {
  vfs_file_t *f = (vfs_file_t *)file;
  int rc = vfs_flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, data, amt, off);
}

static int vfs_truncate(sqlite3_file *file, sqlite3_int64 size) {
  vfs_file_t *f = (vfs_file_t *)file;
  int rc = vfs_flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int vfs_sync(sqlite3_file *file, int flags) {
  vfs_file_t *f = (vfs_file_t *)file;
  int rc = vfs_flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int vfs_file_size(sqlite3_file *file, sqlite3_int64 *size) {
  vfs_file_t *f = (vfs_file_t *)file;
  int rc = vfs_flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int vfs_file_control(sqlite3_file *file, int op, void *arg) {
  /* Some act on the file itself (a size hint may extend it). */
  vfs_file_t *f = (vfs_file_t *)file;
  int rc = vfs_flush(f);
  return rc != SQLITE_OK ? rc : f->real->pMethods->xFileControl(f->real, op, arg);
}

/* The rest goes straight to the default VFS's file. */
#define REAL(file) (((vfs_file_t *)(file))->real)

static int vfs_lock(sqlite3_file *file, int lock) {
  return REAL(file)->pMethods->xLock(REAL(file), lock);
}

static int vfs_unlock(sqlite3_file *file, int lock) {
  return REAL(file)->pMethods->xUnlock(REAL(file), lock);
}

static int vfs_check_reserved(sqlite3_file *file, int *out) {
  return REAL(file)->pMethods->xCheckReservedLock(REAL(file), out);
}

static int vfs_sector_size(sqlite3_file *file) {
  return REAL(file)->pMethods->xSectorSize(REAL(file));
}

static int vfs_device_characteristics(sqlite3_file *file) {
  return REAL(file)->pMethods->xDeviceCharacteristics(REAL(file));
}

static int vfs_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **p) {
  return REAL(file)->pMethods->xShmMap(REAL(file), page, size, extend, p);
}

static int vfs_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
  return REAL(file)->pMethods->xShmLock(REAL(file), offset, n, flags);
}

static void vfs_shm_barrier(sqlite3_file *file) {
  REAL(file)->pMethods->xShmBarrier(REAL(file));
}

static int vfs_shm_unmap(sqlite3_file *file, int delete_flag) {
  return REAL(file)->pMethods->xShmUnmap(REAL(file), delete_flag);
}

static int vfs_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **p) {
  return REAL(file)->pMethods->xFetch(REAL(file), off, amt, p);
}

static int vfs_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p) {
  return REAL(file)->pMethods->xUnfetch(REAL(file), off, p);
}

static const sqlite3_io_methods vfs_io = {
    3,
    vfs_close,
    vfs_read,
    vfs_write,
    vfs_truncate,
    vfs_sync,
    vfs_file_size,
    vfs_lock,
    vfs_unlock,
    vfs_check_reserved,
    vfs_file_control,
    vfs_sector_size,
    vfs_device_characteristics,
    vfs_shm_map,
    vfs_shm_lock,
    vfs_shm_barrier,
    vfs_shm_unmap,
    vfs_fetch,
    vfs_unfetch,
};

static int vfs_open(sqlite3_vfs *self, const char *name, sqlite3_file *file, int flags,
                    int *out_flags) {
  (void)self;
  vfs_file_t *f = (vfs_file_t *)file;
  memset(f, 0, sizeof(*f));
  f->real = (sqlite3_file *)(f + 1);
  f->wal = (flags & SQLITE_OPEN_WAL) != 0;
  int rc = vfs_real->xOpen(vfs_real, name, f->real, flags, out_flags);
  /* SQLite closes a file whose methods are set, even when opening failed. */
  f->base.pMethods = f->real->pMethods ? &vfs_io : NULL;
  return rc;
}

/* The VFS calls that are not about one file. */
static int vfs_delete(sqlite3_vfs *self, const char *name, int sync_dir) {
  (void)self;
  return vfs_real->xDelete(vfs_real, name, sync_dir);
}

static int vfs_access(sqlite3_vfs *self, const char *name, int flags, int *out) {
  (void)self;
  return vfs_real->xAccess(vfs_real, name, flags, out);
}

static int vfs_full_pathname(sqlite3_vfs *self, const char *name, int n, char *out) {
  (void)self;
  return vfs_real->xFullPathname(vfs_real, name, n, out);
}

static void *vfs_dl_open(sqlite3_vfs *self, const char *name) {
  (void)self;
  return vfs_real->xDlOpen(vfs_real, name);
}

static void vfs_dl_error(sqlite3_vfs *self, int n, char *msg) {
  (void)self;
  vfs_real->xDlError(vfs_real, n, msg);
}

static void (*vfs_dl_sym(sqlite3_vfs *self, void *lib, const char *sym))(void) {
  (void)self;
  return vfs_real->xDlSym(vfs_real, lib, sym);
}

static void vfs_dl_close(sqlite3_vfs *self, void *lib) {
  (void)self;
  vfs_real->xDlClose(vfs_real, lib);
}

static int vfs_randomness(sqlite3_vfs *self, int n, char *out) {
  (void)self;
  return vfs_real->xRandomness(vfs_real, n, out);
}

static int vfs_sleep(sqlite3_vfs *self, int us) {
  (void)self;
  return vfs_real->xSleep(vfs_real, us);
}

static int vfs_current_time(sqlite3_vfs *self, double *out) {
  (void)self;
  return vfs_real->xCurrentTime(vfs_real, out);
}

static int vfs_last_error(sqlite3_vfs *self, int n, char *out) {
  (void)self;
  return vfs_real->xGetLastError(vfs_real, n, out);
}

static int vfs_current_time_int64(sqlite3_vfs *self, sqlite3_int64 *out) {
  (void)self;
  return vfs_real->xCurrentTimeInt64(vfs_real, out);
}

static void vfs_register(void) {
  vfs_real = sqlite3_vfs_find(NULL);
  if (vfs_real == NULL) return;
  vfs = (sqlite3_vfs){
      .iVersion = 2,
      .szOsFile = (int)(sizeof(vfs_file_t) + (size_t)vfs_real->szOsFile),
      .mxPathname = vfs_real->mxPathname,
      .zName = VFS_NAME,
      .xOpen = vfs_open,
      .xDelete = vfs_delete,
      .xAccess = vfs_access,
      .xFullPathname = vfs_full_pathname,
      .xDlOpen = vfs_dl_open,
      .xDlError = vfs_dl_error,
      .xDlSym = vfs_dl_sym,
      .xDlClose = vfs_dl_close,
      .xRandomness = vfs_randomness,
      .xSleep = vfs_sleep,
      .xCurrentTime = vfs_current_time,
      .xGetLastError = vfs_last_error,
      .xCurrentTimeInt64 = vfs_current_time_int64,
  };
  if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) vfs_real = NULL;
}

const char *bylaw__store_vfs(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, vfs_register);
  return vfs_real ? VFS_NAME : NULL;
}
