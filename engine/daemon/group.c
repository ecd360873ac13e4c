/*
 * group.c - group commit for single-event requests.
 *
 * Under durability FULL every commit waits for the disk, so one transaction
 * per request caps the daemon at the disk's flush rate however many clients
 * send.  Instead, a POST /v1/events with one event is queued here, and the
 * requests that arrived within one turn of the loop (h2o reads and routes
 * them all during libuv's poll phase) are submitted together with
 * bylaw_submit_batch() from a check handle, which libuv runs right after that
 * poll phase: one transaction in which each event still commits or fails
 * alone, and each request is answered with its own result once that
 * commit is on disk (durable.c).
 * While a group commits, new requests wait in the kernel's socket buffers,
 * so the busier the daemon, the larger the next group.  A store failure of
 * the group answers every request in it with the retryable error; nothing
 * of the group was written.
 *
 * Ownership: a queued request stays h2o's.  Its body (req->entity) lives in
 * the request's pool, which h2o keeps until the response is sent.  Should
 * h2o dispose of the request first (the client went away), a guard
 * allocated in that pool clears the queue slot from its dispose callback,
 * and the event is skipped: never answered means never applied, and the
 * client sends it again.
 */
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

static void group_on_check(uv_check_t *check) {
  bylawd_group_flush(check->data);
}

static void group_on_wake(uv_idle_t *idle) { (void)idle; }

static void group_on_close(uv_handle_t *handle) {
  bylawd_t *d = handle->data;
  d->group.open--;
}

int bylawd_group_start(bylawd_t *d) {
  bylawd_group_t *g = &d->group;
  int rc = uv_check_init(&d->loop, &g->check);
  if (rc != 0)
    return rc;
  uv_idle_init(&d->loop, &g->wake);
  g->check.data = g->wake.data = d;
  g->open = 2;
  g->n = 0;
  return 0;
}

void bylawd_group_stop(bylawd_t *d) {
  bylawd_group_t *g = &d->group;
  bylawd_group_flush(d);
  if (g->open && !uv_is_closing((uv_handle_t *)&g->check)) {
    uv_close((uv_handle_t *)&g->check, group_on_close);
    uv_close((uv_handle_t *)&g->wake, group_on_close);
  }
}

/* Answers one request with its event's result once the group's commit is
 * on disk, or at once with the store's error when the group could not
 * commit (result NULL; nothing was written).  Takes result. */
static void group_reply(bylawd_t *d, h2o_req_t *req, bylawd_guard_t *guard,
                        int rc, char *result, const bylaw_error_t *err) {
  if (result && bylawd_durable_defer(d, req, guard, result, rc) == 0)
    return;
  if (result == NULL)
    bylawd_reply_bylaw_error(req, rc ? rc : BYLAW_ESTORE, err, NULL);
  else
    bylawd_reply(req, rc == 0 ? 200 : bylawd_http_status(rc), result,
                 strlen(result));
  bylaw_free(result);
}

int bylawd_group_add(bylawd_t *d, h2o_req_t *req, const char *json,
                     size_t len) {
  bylawd_group_t *g = &d->group;
  if (!g->open || d->stopping)
    return -1;
  if (g->n == BYLAWD_GROUP_MAX)
    bylawd_group_flush(d);
  bylawd_group_slot_t *s = &g->slots[g->n++];
  s->req = req;
  s->guard = bylawd_guard_new(req, &s->req);
  s->json = json;
  s->len = len;
  if (g->n == 1) {
    uv_check_start(&g->check, group_on_check);
    /* Most requests are routed in the poll phase, and the check handle
     * flushes them right after it.  But h2o routes a client's next,
     * pipelined request from the callback of the previous answer's write,
     * which libuv runs before polling: that poll would then wait for the
     * next read or timer (up to the read timeout) with the request queued.
     * While the idle handle is active, the poll does not block. */
    uv_idle_start(&g->wake, group_on_wake);
  }
  return 0;
}

void bylawd_group_flush(bylawd_t *d) {
  bylawd_group_t *g = &d->group;
  int n = g->n;
  /* While the closing checkpoint copies the rest of the log, a commit
   * would leave it frames again (checkpoint.c): the group waits, and the
   * checkpoint flushes it when it ends.  A full queue, or a stop, goes. */
  if (g->open)
    uv_idle_stop(&g->wake);
  if (d->ckpt.holding && !d->stopping && n < BYLAWD_GROUP_MAX) {
    if (g->open)
      uv_check_stop(&g->check);
    return;
  }
  if (n == 0) {
    if (g->open)
      uv_check_stop(&g->check);
    return;
  }
  /* Take the queue: replies may let h2o route new requests, which then
   * start a fresh group. */
  h2o_req_t *reqs[BYLAWD_GROUP_MAX];
  bylawd_guard_t *guards[BYLAWD_GROUP_MAX];
  const char *events[BYLAWD_GROUP_MAX];
  size_t lens[BYLAWD_GROUP_MAX];
  char *results[BYLAWD_GROUP_MAX];
  int codes[BYLAWD_GROUP_MAX];
  size_t m = 0;
  for (int i = 0; i < n; i++) {
    bylawd_group_slot_t *s = &g->slots[i];
    if (s->req == NULL)
      continue; /* disposed by h2o: the client is gone */
    /* Nothing disposes of a request until this function returns, and an
     * answer may let h2o route a request into this slot: detach now. */
    s->guard->ref = NULL;
    reqs[m] = s->req;
    guards[m] = s->guard;
    events[m] = s->json;
    lens[m] = s->len;
    m++;
  }
  g->n = 0;
  uv_check_stop(&g->check);
  if (m == 0)
    return;

  bylaw_error_t err = {0, NULL};
  int rc = bylawd_submit_group(d, events, lens, m, results, codes, &err);
  g->flushes++;
  g->events += m;
  for (size_t i = 0; i < m; i++) {
    if (rc) {
      bylaw_free(results[i]);
      results[i] = NULL;
    }
    group_reply(d, reqs[i], guards[i], rc ? rc : codes[i], results[i], &err);
  }
  bylaw_error_clear(&err);
}
