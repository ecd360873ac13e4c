/*
 * checkpoint.c - WAL checkpoints off the event loop.
 *
 * The engine's own checkpoint runs inside the commit that brings the log to
 * 1,000 pages: it copies some 4 MB into the database file and fsyncs it, 20
 * to 50 ms during which the loop answers nobody, so every few groups of
 * single events took that much longer (bench/README.md).  bylawd sets the
 * engine's wal_hook instead, which reports after every commit how many
 * pages the log holds, and runs PASSIVE checkpoints on a connection of its
 * own in libuv's thread pool, one at a time, each time the log has grown by
 * checkpoint_pages since the last one started.  A passive checkpoint takes
 * no lock a writer needs, so groups keep committing while it copies.
 *
 * Keeping the log bounded: SQLite writes the log from its start again only
 * when a write transaction begins while every frame in it has been copied.
 * Under load something commits during each checkpoint, so the checkpoints
 * never catch up, and the log grew for as long as the load lasted (to
 * 400 MB in 5 seconds of the benchmark).  So when a checkpoint ends with
 * frames left and the log holds 16 × checkpoint_pages or more (64 MB by
 * default, what journal_size_limit lets the file keep anyway), one more
 * checkpoint copies the rest, the closing one, while groups of single
 * events wait (group.c): only the frames committed while the checkpoint
 * before it ran, plus two flushes (of the log, before SQLite copies, and
 * of the database file), 3 to 11 ms.  The loop meanwhile goes on reading
 * requests and answering the groups whose flush ends; it used to copy the
 * rest itself, which held those answers too (p99 2 ms and p99.9 4 ms
 * worse).  With nothing committed meanwhile, the next transaction starts
 * the log over.  Should a batch or a tick commit during the closing
 * checkpoint, the loop copies what they added right after it.
 * That is one short wait every 16 × checkpoint_pages pages instead of a
 * long one every checkpoint_pages.  (At 4 steps the waits came four times
 * as often and the 99th percentile of a request's time in the daemon was
 * some 3 ms worse.)
 *
 * A checkpoint can still leave frames when a reader (a backup, the sqlite3
 * shell, another process) holds a snapshot older than the log's end: no
 * checkpoint may copy past it, and waiting for the reader would stall the
 * daemon for as long as it reads.  The log then grows until the reader is
 * gone; the first start-over after that cuts the file back to
 * journal_size_limit (store.c).
 *
 * The checkpoint before the closing one also flushes the database file
 * (ckpt_sync), so that the closing one's flush writes only its own few
 * pages.
 */
#include <string.h>

#include "daemon.h"

#define CKPT_CLOSE_FACTOR 16 /* close the log at this many checkpoint_pages */

/* One PASSIVE checkpoint on the checkpointer's connection: in the thread
 * pool (ckpt_work), or on the loop (ckpt_close_done). */
static void ckpt_copy(bylawd_ckpt_t *c) {
  c->log = c->copied = -1;
  c->rc = sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                    &c->log, &c->copied);
}

/* Flushes the database file after the checkpoint that comes before the
 * closing one (c->sync, set by ckpt_queue).  SQLite flushes the database
 * file only after a checkpoint that reached the end of the log, which
 * under load is the closing one alone: it had to write out what the 15
 * checkpoints before it had copied, 7 ms at the median and up to 30 ms
 * during which no group committed (bench/README.md).  Flushed here, the
 * closing one is left the pages of the frames committed since.  Only once
 * per closing: the checkpoints in between copy the same busy pages again,
 * which the kernel then writes once. */
static int ckpt_sync(bylawd_ckpt_t *c) {
  sqlite3_file *f = NULL;
  if (c->rc != SQLITE_OK || c->copied <= 0 || !c->sync)
    return SQLITE_OK;
  int rc = sqlite3_file_control(c->db, "main", SQLITE_FCNTL_FILE_POINTER, &f);
  if (rc == SQLITE_OK && f && f->pMethods)
    rc = f->pMethods->xSync(f, SQLITE_SYNC_NORMAL);
  return rc;
}

static void ckpt_work(uv_work_t *work) {
  bylawd_ckpt_t *c = &((bylawd_t *)work->data)->ckpt;
  ckpt_copy(c);
  c->sync_rc = ckpt_sync(c);
}

/* Counts and logs the outcome of the checkpoint that just ended.  Busy is
 * no failure: a lock it needed was held, by another process's checkpoint,
 * or by the loop's commit while the checkpoint read the log's header (a
 * race SQLite settles with SQLITE_BUSY); the next one copies the pages. */
static int ckpt_account(bylawd_t *d, int status, const char *what) {
  bylawd_ckpt_t *c = &d->ckpt;
  int ok = status == 0 && c->rc == SQLITE_OK;
  int busy = status == 0 && c->rc == SQLITE_BUSY;
  d->metrics.checkpoints[busy                 ? BYLAWD_CKPT_BUSY
                         : !ok                ? BYLAWD_CKPT_FAILED
                         : c->copied < c->log ? BYLAWD_CKPT_PARTIAL
                                              : BYLAWD_CKPT_COMPLETE]++;
  if (!ok && !busy)
    LOG_WARN("%s failed: %s", what,
             status ? uv_strerror(status) : sqlite3_errstr(c->rc));
  else
    LOG_DEBUG("%s: %d of %d pages in the database file", what, c->copied,
              c->log);
  return ok;
}

static void ckpt_done(uv_work_t *work, int status);
static void ckpt_close_done(uv_work_t *work, int status);

/* Starts a checkpoint in the thread pool: the closing one, while groups
 * wait (c->holding), or one more step. */
static void ckpt_queue(bylawd_t *d, int closing) {
  bylawd_ckpt_t *c = &d->ckpt;
  c->running = 1;
  c->holding = closing;
  c->mark = c->pages;
  c->sync_rc = SQLITE_OK;
  c->sync = !closing && d->cfg.sync != BYLAW_SYNC_OFF &&
            c->pages >= (CKPT_CLOSE_FACTOR - 1) * d->cfg.checkpoint_pages;
  int rc = uv_queue_work(&d->loop, &c->work, ckpt_work,
                         closing ? ckpt_close_done : ckpt_done);
  if (rc != 0) {
    c->running = c->holding = 0;
    LOG_WARN("cannot start a checkpoint: %s", uv_strerror(rc));
  }
}

static void ckpt_close_db(bylawd_ckpt_t *c) {
  sqlite3_close(c->db);
  c->db = NULL;
}

static void ckpt_close_done(uv_work_t *work, int status) {
  bylawd_t *d = work->data;
  bylawd_ckpt_t *c = &d->ckpt;
  c->running = c->holding = 0;
  int ok = ckpt_account(d, status, "closing checkpoint");
  if (d->stopping) {
    ckpt_close_db(c);
    return;
  }
  /* A batch or a tick committed meanwhile: their frames, here and now. */
  if (ok && c->pages > c->copied) {
    c->mark = c->pages;
    ckpt_copy(c);
    ckpt_account(d, 0, "closing checkpoint");
  }
  bylawd_group_flush(d); /* the groups that waited */
}

static void ckpt_done(uv_work_t *work, int status) {
  bylawd_t *d = work->data;
  bylawd_ckpt_t *c = &d->ckpt;
  c->running = 0;
  int ok = ckpt_account(d, status, "checkpoint");
  if (status == 0 && c->sync_rc != SQLITE_OK && !d->stopping) {
    /* The pages copied may be lost while SQLite, whose own later flush
     * would not hear of the error, lets the log start over on them: stop,
     * as a failed flush of the log does (durable.c). */
    LOG_ERROR("cannot flush %s to disk: %s; stopping", d->cfg.db,
              sqlite3_errstr(c->sync_rc));
    d->exit_code = 1;
    bylawd_shutdown(d, "the store could not be flushed to disk");
  }
  if (d->stopping) {
    ckpt_close_db(c);
    return;
  }
  /* c->pages counts the frames committed while it ran, too. */
  if (ok && c->pages > c->copied &&
      c->pages >= CKPT_CLOSE_FACTOR * d->cfg.checkpoint_pages) {
    ckpt_queue(d, 1); /* the closing one */
  } else if (c->pages - c->mark >= d->cfg.checkpoint_pages) {
    ckpt_queue(d, 0); /* the log grew by a whole step meanwhile */
  }
}

void bylawd_ckpt_on_commit(void *data, int pages) {
  bylawd_t *d = data;
  bylawd_ckpt_t *c = &d->ckpt;
  if (pages < c->mark)
    c->mark = 0; /* the log started over */
  c->pages = pages;
  if (c->db && !c->running && !d->stopping &&
      pages - c->mark >= d->cfg.checkpoint_pages)
    ckpt_queue(d, 0);
}

int bylawd_ckpt_start(bylawd_t *d) {
  static const char *const sync_sql[] = {
      [BYLAW_SYNC_FULL] = "PRAGMA synchronous=FULL",
      [BYLAW_SYNC_NORMAL] = "PRAGMA synchronous=NORMAL",
      [BYLAW_SYNC_OFF] = "PRAGMA synchronous=OFF"};
  bylawd_ckpt_t *c = &d->ckpt;
  c->work.data = d;
  if (strcmp(d->cfg.db, ":memory:") == 0)
    return 0; /* a private store in memory has no log to copy */
  /* The checkpoint fsyncs the database file as this connection's
   * synchronous setting says: the same as the engine's. */
  int rc = sqlite3_open_v2(d->cfg.db, &c->db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                               SQLITE_OPEN_URI,
                           NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(c->db, sync_sql[d->cfg.sync], NULL, NULL, NULL);
  /* A connection finds the log on its first read; until then its
   * checkpoints do nothing (and report -1 pages). */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL,
                      NULL);
  if (rc != SQLITE_OK) {
    LOG_ERROR("cannot open %s for checkpoints: %s", d->cfg.db,
              c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
    ckpt_close_db(c);
    return -1;
  }
  /* Commits made before this point (the engine's start) are caught up. */
  bylawd_ckpt_on_commit(d, c->pages);
  return 0;
}

void bylawd_ckpt_stop(bylawd_t *d) {
  /* A running checkpoint cannot be interrupted; ckpt_done closes the
   * connection when it ends, and the loop runs until it has. */
  if (!d->ckpt.running)
    ckpt_close_db(&d->ckpt);
}
