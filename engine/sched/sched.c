/*
 * sched.c - the engine's clock on a libuv loop (bylaw_scheduler_*).
 *
 * One uv_timer_t per scheduler, armed for the earliest due work the store
 * knows about (bylaw_next_due()).  When it fires the scheduler reads its
 * clock, runs bylaw_tick_summary() for every pack up to that time (counts,
 * not every action: a tick may mark a million tasks overdue), and asks the
 * store again.  Nothing about pending work is kept in memory: the store is
 * the only truth, so a restarted process picks up exactly where the last one
 * stopped, and a tick id derived from its time ("tick@...") keeps a repeated
 * tick from firing anything twice.
 *
 * A backlog (the first tick after a long stop) is caught up with in steps:
 * a pack with more due tasks than a step takes is ticked to an earlier time
 * first, as it would have been had the clock been running, and the timer
 * fires again on the next loop iteration, after the requests that came in.
 *
 * Uses: libuv timers, bylaw_next_due(), bylaw__clock_step(),
 * bylaw_tick_summary().  The timer lives in a private block (struct
 * bylaw__sched_state) that init allocates and the close callback frees, so
 * bylaw.h never needs uv.h.
 */
#include <string.h>
#include <time.h>

#include <uv.h>

#include "bylaw.h"
#include "core/engine.h"
#include "core/util.h"

/* While nothing is due, look again this often: the wall clock may jump
 * (NTP, suspend) and another process (the CLI) may add work to the store. */
#define SCHED_IDLE_RECHECK_MS (60 * 1000)
/* A failed tick (store busy, disk full) is retried after this, doubling up to
 * the idle recheck, so a broken store does not spin the loop. */
#define SCHED_RETRY_FIRST_MS 1000
/* Tasks one step of the clock marks while it catches up with a backlog (a
 * restart after a long stop): one page of the overdue rule, some 20 ms of
 * the loop, after which the requests that came in are served.  In one tick
 * a backlog of 600,000 tasks held the loop for 8 to 25 s. */
#define SCHED_STEP_TASKS 1000
#define SCHED_STEP_PAUSE_MS 1

struct bylaw__sched_state {
  uv_timer_t timer; /* timer.data points back to the bylaw_scheduler_t */
  bylaw_scheduler_t *owner;
  bylaw_engine_t *engine; /* borrowed until the close callback */
  bylaw_clock_fn clock;
  void *clock_ud;
  bylaw_tick_cb on_tick;
  bylaw_scheduler_close_cb on_close;
  uint64_t retry_ms; /* 0 while the last tick succeeded */
  int started;
};

static int64_t sched_real_clock(void *ud) {
  (void)ud;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec;
}

static void sched_on_timer(uv_timer_t *timer);

/* Arms the timer to fire after delay_ms (a started scheduler only). */
static void sched_arm(struct bylaw__sched_state *st, uint64_t delay_ms) {
  if (st->started)
    uv_timer_start(&st->timer, sched_on_timer, delay_ms, 0);
}

/* Milliseconds until the earliest due work after now, capped at the idle
 * recheck; 0 when something is due already.  Sets *due_now accordingly. */
static uint64_t sched_delay(struct bylaw__sched_state *st, int64_t now,
                            int *due_now) {
  int64_t at;
  *due_now = 0;
  if (bylaw_next_due(st->engine, NULL, &at, NULL) != 0)
    return SCHED_IDLE_RECHECK_MS; /* nothing scheduled, or the store is busy */
  if (at <= now) {
    *due_now = 1;
    return 0;
  }
  if ((uint64_t)(at - now) >= SCHED_IDLE_RECHECK_MS / 1000)
    return SCHED_IDLE_RECHECK_MS;
  return (uint64_t)(at - now) * 1000;
}

/* Appends the summaries of JSON array more to those of *all (both printed
 * by the engine: "[...]"); more is consumed. */
static int sched_join(char **all, char *more) {
  if (*all == NULL || strcmp(*all, "[]") == 0) {
    bylaw_free(*all);
    *all = more;
    return 0;
  }
  if (strcmp(more, "[]") == 0) {
    bylaw_free(more);
    return 0;
  }
  size_t a = strlen(*all), m = strlen(more);
  char *joined = bylaw__malloc(a + m);
  if (joined != NULL) {
    memcpy(joined, *all, a - 1);
    joined[a - 1] = ',';
    memcpy(joined + a, more + 1, m); /* with its '\0' */
  }
  bylaw_free(*all);
  bylaw_free(more);
  *all = joined;
  return joined ? 0 : BYLAW_ENOMEM;
}

/* Runs the clock one step: every pack up to now, or, while a pack has a
 * backlog of more than SCHED_STEP_TASKS due tasks, that pack up to the time
 * that marks about that many of them (*stepped). */
static int sched_tick(struct bylaw__sched_state *st, int64_t now, char **out,
                      bylaw_error_t *err, int *stepped) {
  const char *pack;
  int64_t at;
  *stepped = 0;
  int rc = bylaw__clock_step(st->engine, now, SCHED_STEP_TASKS, &pack, &at, err);
  if (rc != 0 || pack == NULL)
    return rc != 0 ? rc : bylaw_tick_summary(st->engine, NULL, now, out, err);
  rc = bylaw_tick_summary(st->engine, pack, at, out, err);
  *stepped = rc == 0;
  if (rc == 0 || *out == NULL)
    return rc;
  /* A step its pack rejected must not hold the other packs back: every
   * pack is ticked to now as well, as without a backlog. */
  char *rest = NULL;
  rc = bylaw_tick_summary(st->engine, NULL, now, &rest, err);
  if (rest && sched_join(out, rest) != 0)
    return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  return rc;
}

/* Runs one step of the clock if work is due, then re-arms: when the step
 * left more of a backlog, for after the loop has served what came in
 * meanwhile.  Returns the tick's status (0 when nothing was due); *result,
 * when result is not NULL, takes ownership of the tick's JSON (NULL when
 * nothing ran). */
static int sched_run(struct bylaw__sched_state *st, char **result,
                     bylaw_error_t *err, int report, int *stepped) {
  int64_t now = st->clock(st->clock_ud);
  int due_now, rc = 0;
  char *out = NULL;
  bylaw_error_t local = {0, NULL};

  *stepped = 0;
  if (result)
    *result = NULL;
  uint64_t delay = sched_delay(st, now, &due_now);
  if (due_now) {
    rc = sched_tick(st, now, &out, &local, stepped);
    if (report && st->on_tick)
      st->on_tick(st->owner, rc, out, &local);
    if (rc != 0 && out == NULL) {
      /* The tick did not commit: back off, then try again. */
      st->retry_ms = st->retry_ms ? st->retry_ms * 2 : SCHED_RETRY_FIRST_MS;
      if (st->retry_ms > SCHED_IDLE_RECHECK_MS)
        st->retry_ms = SCHED_IDLE_RECHECK_MS;
      delay = st->retry_ms;
    } else if (rc == 0 && *stepped) {
      /* Not 0: libuv would run the timer again before polling. */
      st->retry_ms = 0;
      delay = SCHED_STEP_PAUSE_MS;
    } else {
      st->retry_ms = 0;
      delay = sched_delay(st, now, &due_now);
      /* The store promises work strictly after the last tick; should it
       * still report some at or before now, wait a second rather than spin. */
      if (due_now)
        delay = 1000;
    }
  }
  sched_arm(st, delay);

  if (err && local.code) {
    bylaw_error_clear(err);
    *err = local;
  } else {
    bylaw_error_clear(&local);
  }
  if (result)
    *result = out;
  else
    bylaw_free(out);
  return rc;
}

static void sched_on_timer(uv_timer_t *timer) {
  bylaw_scheduler_t *sched = timer->data;
  int stepped;
  sched_run(sched->internal, NULL, NULL, 1, &stepped);
}

int bylaw_scheduler_init(bylaw_scheduler_t *sched, bylaw_engine_t *engine,
                         struct uv_loop_s *loop, bylaw_clock_fn clock,
                         void *clock_ud) {
  if (sched == NULL || engine == NULL || loop == NULL)
    return BYLAW_EINVAL;
  sched->internal = NULL;
  struct bylaw__sched_state *st = bylaw__calloc(1, sizeof(*st));
  if (st == NULL)
    return BYLAW_ENOMEM;
  int rc = uv_timer_init(loop, &st->timer);
  if (rc != 0) {
    bylaw_free(st); /* no handle was made, so nothing to close */
    return rc;
  }
  st->timer.data = sched;
  st->owner = sched;
  st->engine = engine;
  st->clock = clock ? clock : sched_real_clock;
  st->clock_ud = clock_ud;
  sched->internal = st;
  return 0;
}

int bylaw_scheduler_start(bylaw_scheduler_t *sched, bylaw_tick_cb cb) {
  if (sched == NULL || sched->internal == NULL)
    return BYLAW_EINVAL;
  struct bylaw__sched_state *st = sched->internal;
  st->on_tick = cb;
  st->started = 1;
  st->retry_ms = 0;
  sched_arm(st, 0); /* look right away: work may be overdue since last run */
  return 0;
}

int bylaw_scheduler_stop(bylaw_scheduler_t *sched) {
  if (sched == NULL || sched->internal == NULL)
    return BYLAW_EINVAL;
  sched->internal->started = 0;
  uv_timer_stop(&sched->internal->timer);
  return 0;
}

int bylaw_scheduler_poke(bylaw_scheduler_t *sched) {
  if (sched == NULL || sched->internal == NULL)
    return BYLAW_EINVAL;
  /* A zero timeout coalesces a burst of pokes (a batch of events) into one
   * look at the store on the next loop iteration. */
  sched_arm(sched->internal, 0);
  return 0;
}

int bylaw_scheduler_run(bylaw_scheduler_t *sched, char **result,
                        bylaw_error_t *err) {
  if (result)
    *result = NULL;
  if (sched == NULL || sched->internal == NULL)
    return BYLAW_EINVAL;
  /* Every step, so the caller sees the clock caught up. */
  int stepped, rc;
  do {
    char *out = NULL;
    rc = sched_run(sched->internal, result ? &out : NULL, err, 0, &stepped);
    if (out && sched_join(result, out) != 0)
      return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  } while (rc == 0 && stepped);
  return rc;
}

int64_t bylaw_scheduler_now(const bylaw_scheduler_t *sched) {
  if (sched == NULL || sched->internal == NULL)
    return sched_real_clock(NULL);
  return sched->internal->clock(sched->internal->clock_ud);
}

static void sched_on_close(uv_handle_t *handle) {
  bylaw_scheduler_t *sched = handle->data;
  struct bylaw__sched_state *st = sched->internal;
  bylaw_scheduler_close_cb cb = st->on_close;
  sched->internal = NULL;
  bylaw_free(st);
  if (cb)
    cb(sched);
}

void bylaw_scheduler_close(bylaw_scheduler_t *sched,
                           bylaw_scheduler_close_cb cb) {
  if (sched == NULL || sched->internal == NULL)
    return;
  struct bylaw__sched_state *st = sched->internal;
  if (uv_is_closing((uv_handle_t *)&st->timer))
    return;
  st->started = 0;
  st->on_close = cb;
  uv_close((uv_handle_t *)&st->timer, sched_on_close);
}
