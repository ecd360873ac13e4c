/*
 * durable.c - durability FULL without waiting for the disk on the loop.
 *
 * Under synchronous=FULL SQLite flushes the write-ahead log inside every
 * COMMIT, so the loop sat idle for the disk once per group of single
 * events, and nobody's request was read meanwhile (about a third of the
 * daemon's time under load: bench/README.md).  With durability full, bylawd
 * instead opens the engine with synchronous=NORMAL, which writes the log
 * at each commit and flushes it only around checkpoints (the store stays
 * consistent after a power cut, SQLite's own guarantee), and adds the
 * missing half itself: nothing is answered before the log holding it has
 * been flushed.
 *
 * - A group of single events is answered after an fdatasync() of the log
 *   file, run in libuv's thread pool, that started after the group's
 *   commit.  Meanwhile the loop reads and commits the next groups; one
 *   flush covers every commit made before it started, so under load the
 *   flushes group themselves as the commits do.  The log is written in
 *   commit order and a flush covers all of it, so what a power cut can lose
 *   is always a tail of commits that nobody was told about.
 * - Every other answer (batches, reads, admin calls) first flushes on the
 *   loop when anything was committed since the last flush
 *   (bylawd_durable_wait): what the daemon has said, and what a client has
 *   read, survives a power cut, as under FULL.
 * - Commits no one is answered for (the scheduler's ticks) are flushed by
 *   the next flush of either kind, or by the checkpoint.
 *
 * A flush that fails leaves the log's state on disk unknown (Linux may
 * drop the pages it could not write), so the daemon answers what was
 * waiting with a retryable error and stops, as PostgreSQL does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"

static void durable_guard_dispose(void *p) {
  bylawd_guard_t *g = p;
  if (g->ref)
    *g->ref = NULL;
}

bylawd_guard_t *bylawd_guard_new(h2o_req_t *req, h2o_req_t **ref) {
  bylawd_guard_t *g =
      h2o_mem_alloc_shared(&req->pool, sizeof(*g), durable_guard_dispose);
  g->ref = ref;
  return g;
}

int bylawd_durable_enabled(const bylawd_config_t *cfg) {
  return cfg->sync == BYLAW_SYNC_FULL && strcmp(cfg->db, ":memory:") != 0;
}

int bylawd_durable_start(bylawd_t *d, sqlite3 *db) {
  bylawd_durable_t *u = &d->durable;
  u->work.data = d;
  if (!bylawd_durable_enabled(&d->cfg))
    return 0;
  const char *wal =
      db ? sqlite3_filename_wal(sqlite3_db_filename(db, "main")) : NULL;
  if (wal == NULL || (u->wal = strdup(wal)) == NULL) {
    LOG_ERROR("cannot name the write-ahead log of %s", d->cfg.db);
    return -1;
  }
  return 0;
}

void bylawd_durable_on_commit(bylawd_t *d) { d->durable.committed++; }

/* fdatasync() of the log file; returns 0 or an errno.  The file is opened
 * by name each time: a descriptor of our own would outlive a log that
 * SQLite deleted and made again (a restart after the last connection
 * closed), and an open costs nothing next to the flush. */
static int durable_flush(const char *wal) {
  int fd = open(wal, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno;
  int rc = fdatasync(fd) == 0 ? 0 : errno;
  close(fd);
  return rc;
}

static void durable_work(uv_work_t *work) {
  bylawd_durable_t *u = &((bylawd_t *)work->data)->durable;
  u->err = durable_flush(u->wal);
}

/* The flush failed: answers everything waiting with a retryable error and
 * stops the daemon. */
static void durable_failed(bylawd_t *d, int err) {
  bylawd_durable_t *u = &d->durable;
  u->failed = 1;
  LOG_ERROR("cannot flush %s to disk: %s; stopping", u->wal, strerror(err));
  d->exit_code = 1;
  for (size_t i = 0; i < u->n; i++) {
    bylawd_durable_reply_t *r = &u->replies[i];
    if (r->req) {
      r->guard->ref = NULL;
      bylawd_reply_flushed(r->req, 503, BYLAWD_UNFLUSHED,
                           sizeof(BYLAWD_UNFLUSHED) - 1);
    }
    bylaw_free(r->result);
  }
  u->n = 0;
  bylawd_shutdown(d, "the store could not be flushed to disk");
}

/* Points the guards of the held requests at their slots again, after the
 * array moved. */
static void durable_repoint(bylawd_durable_t *u) {
  for (size_t i = 0; i < u->n; i++)
    if (u->replies[i].req)
      u->replies[i].guard->ref = &u->replies[i].req;
}

/* Answers, in order, the requests whose commits are on disk now. */
static void durable_answer(bylawd_t *d) {
  bylawd_durable_t *u = &d->durable;
  size_t done = 0;
  while (done < u->n && u->replies[done].commit <= u->synced)
    done++;
  if (done == 0)
    return;
  /* Take them off the list first: an answer may let h2o route a request
   * that defers a reply of its own. */
  bylawd_durable_reply_t *ready = malloc(done * sizeof(*ready));
  if (ready == NULL) {
    durable_failed(d, ENOMEM);
    return;
  }
  memcpy(ready, u->replies, done * sizeof(*ready));
  memmove(u->replies, u->replies + done, (u->n - done) * sizeof(*ready));
  u->n -= done;
  durable_repoint(u);
  for (size_t i = 0; i < done; i++) {
    bylawd_durable_reply_t *r = &ready[i];
    if (r->req) {
      r->guard->ref = NULL;
      bylawd_reply_flushed(r->req,
                           r->code == 0 ? 200 : bylawd_http_status(r->code),
                           r->result, strlen(r->result));
    }
    bylaw_free(r->result);
  }
  free(ready);
}

static void durable_done(uv_work_t *work, int status);

static void durable_kick(bylawd_t *d) {
  bylawd_durable_t *u = &d->durable;
  if (u->running || u->failed || u->n == 0)
    return;
  u->target = u->committed;
  u->running = 1;
  int rc = uv_queue_work(&d->loop, &u->work, durable_work, durable_done);
  if (rc != 0) {
    u->running = 0;
    LOG_WARN("cannot flush off the loop: %s", uv_strerror(rc));
    bylawd_durable_wait(d); /* flush here instead */
  }
}

static void durable_done(uv_work_t *work, int status) {
  bylawd_t *d = work->data;
  bylawd_durable_t *u = &d->durable;
  u->running = 0;
  if (u->failed)
    return;
  int err = status != 0 ? EIO : u->err;
  if (err != 0) {
    durable_failed(d, err);
    return;
  }
  d->metrics.log_flushes++;
  if (u->target > u->synced)
    u->synced = u->target;
  durable_answer(d);
  durable_kick(d);
}

int bylawd_durable_defer(bylawd_t *d, h2o_req_t *req, bylawd_guard_t *guard,
                         char *result, int code) {
  bylawd_durable_t *u = &d->durable;
  if (u->wal == NULL || u->failed || u->synced >= u->committed)
    return -1;
  if (u->n == u->cap) {
    size_t cap = u->cap ? 2 * u->cap : 256;
    bylawd_durable_reply_t *grown = realloc(u->replies, cap * sizeof(*grown));
    if (grown == NULL)
      return -1;
    u->replies = grown;
    u->cap = cap;
    durable_repoint(u);
  }
  bylawd_durable_reply_t *r = &u->replies[u->n++];
  r->req = req;
  r->guard = guard;
  r->result = result;
  r->code = code;
  r->commit = u->committed;
  guard->ref = &r->req;
  durable_kick(d);
  return 0;
}

int bylawd_durable_wait(bylawd_t *d) {
  bylawd_durable_t *u = &d->durable;
  if (u->failed)
    return -1;
  if (u->wal == NULL || u->synced >= u->committed)
    return 0;
  uint64_t target = u->committed;
  int err = durable_flush(u->wal);
  if (err != 0) {
    durable_failed(d, err);
    return -1;
  }
  d->metrics.log_flushes++;
  u->synced = target;
  /* Deferred answers wait for the flush that is running, which will find
   * them covered. */
  return 0;
}

void bylawd_durable_stop(bylawd_t *d) {
  if (bylawd_durable_wait(d) == 0)
    durable_answer(d);
}

void bylawd_durable_free(bylawd_t *d) {
  bylawd_durable_t *u = &d->durable;
  for (size_t i = 0; i < u->n; i++)
    bylaw_free(u->replies[i].result);
  free(u->replies);
  free(u->wal);
  memset(u, 0, sizeof(*u));
}
