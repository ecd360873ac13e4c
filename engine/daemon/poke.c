/*
 * poke.c - tells the scheduler about new events at most once a second.
 *
 * An applied event can create due work (a follow-up task, a deadline), so
 * the scheduler must look at the store again after it.  Looking after every
 * group cost 2 to 6 ms a group under load, some 15% of the loop's time
 * (bench/README.md): each look asks every pack for its next due time, and
 * while events create work that is due at once (events dated in the past,
 * as in the benchmark) each look also runs a tick of every pack, within one
 * second a duplicate that changes nothing since a tick's id is its second.
 * The clock counts whole seconds, so a look may come up to a second late at
 * no loss.  The first event after a quiet second therefore pokes at once,
 * and the events that follow within the second share one poke at its end.
 */
#include "daemon.h"

#define POKE_INTERVAL_MS 1000

static void poke_now(bylawd_t *d) {
  d->poke.last = uv_now(&d->loop);
  d->poke.used = 1;
  if (d->sched_open)
    bylaw_scheduler_poke(&d->sched);
}

static void poke_on_timer(uv_timer_t *timer) { poke_now(timer->data); }

static void poke_on_close(uv_handle_t *handle) {
  bylawd_t *d = handle->data;
  d->poke.open = 0;
}

int bylawd_poke_start(bylawd_t *d) {
  int rc = uv_timer_init(&d->loop, &d->poke.timer);
  if (rc != 0)
    return rc;
  d->poke.timer.data = d;
  d->poke.open = 1;
  return 0;
}

void bylawd_poke(bylawd_t *d) {
  bylawd_poke_t *p = &d->poke;
  if (!p->open || d->stopping || uv_is_active((uv_handle_t *)&p->timer))
    return; /* a poke is already on its way */
  uint64_t now = uv_now(&d->loop);
  if (!p->used || now - p->last >= POKE_INTERVAL_MS)
    poke_now(d);
  else
    uv_timer_start(&p->timer, poke_on_timer, p->last + POKE_INTERVAL_MS - now,
                   0);
}

void bylawd_poke_stop(bylawd_t *d) {
  if (d->poke.open && !uv_is_closing((uv_handle_t *)&d->poke.timer))
    uv_close((uv_handle_t *)&d->poke.timer, poke_on_close);
}
