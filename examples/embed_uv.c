/*
 * embed_uv.c - bylaw inside a program that already runs a libuv loop: the
 * engine's scheduler arms a timer on the caller's loop and ticks the packs
 * when work falls due.  The clock is the program's own (here a variable),
 * so the example does not wait for real time: it moves the clock past a
 * follow-up's due date and the scheduler escalates it on the next turn of
 * the loop.  The scheduler reports what a tick did as counts per action
 * type; the actions themselves are read back from the action log.
 *
 *   cc embed_uv.c $(pkg-config --cflags --libs bylaw libuv) -o embed_uv
 *   ./embed_uv rules var/embed_uv.db
 */
#include <bylaw.h>
#include <stdio.h>
#include <string.h>
#include <uv.h>

static int64_t clock_now; /* the program's clock, Unix seconds */

static int64_t program_clock(void *ud) {
  (void)ud;
  return clock_now;
}

/* Called after every tick the scheduler ran on our loop, with one summary
 * per pack: {"event","pack","status","action_count","action_types",...}. */
static void on_tick(bylaw_scheduler_t *sched, int status, const char *result,
                    const bylaw_error_t *err) {
  if (status != 0) fprintf(stderr, "tick: %s\n", err && err->message ? err->message : "failed");
  printf("%s\n", result ? result : "");
  /* One tick is all this example needs: closing the scheduler lets the
   * loop end once its timer is released. */
  bylaw_scheduler_close(sched, NULL);
}

int main(int argc, char **argv) {
  uv_loop_t loop;
  if (uv_loop_init(&loop) != 0) return 1;

  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.rules_dir = argc > 1 ? argv[1] : "rules";
  opts.db_path = argc > 2 ? argv[2] : "var/embed_uv.db";
  bylaw_error_t err = {0};
  bylaw_engine_t *engine;
  if (bylaw_engine_new(&engine, &opts, &err) != 0) {
    fprintf(stderr, "open: %s\n", err.message);
    bylaw_error_clear(&err);
    return 1;
  }

  /* A highway customer: class A in siwei (第五条), followed monthly. */
  const char *event =
      "{\"id\": \"uv-1\", \"pack\": \"siwei\", \"type\": \"customer.upsert\","
      " \"at\": \"2026-01-05T09:00:00+08:00\","
      " \"data\": {\"id\": \"c1\", \"segment\": \"highway\", \"region\": \"west\"}}";
  char *result = NULL;
  bylaw_submit(engine, event, strlen(event), &result, &err);
  printf("%s\n", result ? result : "");
  bylaw_free(result);
  bylaw_error_clear(&err);

  /* A day after the follow-up was due: the scheduler finds it overdue. */
  bylaw_parse_time("2026-02-06T09:00:00+08:00", 0, &clock_now);
  bylaw_scheduler_t sched;
  if (bylaw_scheduler_init(&sched, engine, &loop, program_clock, NULL) != 0 ||
      bylaw_scheduler_start(&sched, on_tick) != 0) {
    fprintf(stderr, "scheduler failed to start\n");
    return 1;
  }
  uv_run(&loop, UV_RUN_DEFAULT);

  /* What the tick escalated, from the action log. */
  const char *const escalations[] = {"type", "escalate", NULL};
  bylaw_query_t q = {.pack = "siwei", .table = "actions", .filters = escalations};
  if (bylaw_query(engine, &q, &result, &err) == 0) printf("%s\n", result);
  bylaw_free(result);
  bylaw_error_clear(&err);

  int rc = uv_loop_close(&loop);
  bylaw_engine_free(engine);
  return rc == 0 ? 0 : 1;
}
