/*
 * metrics.h - counters bylawd keeps for GET /metrics (Prometheus text).
 *
 * Plain integers updated on the loop thread; rendering reads them and a few
 * live values (packs, store size, open connections) at scrape time.
 */
#ifndef BYLAWD_METRICS_H
#define BYLAWD_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include <cJSON.h>

#define BYLAWD_METRICS_BUCKETS 12
#define BYLAWD_METRICS_MAX_TYPES 64
#define BYLAWD_METRICS_MAX_CODES 32

/* How a checkpoint ended (checkpoint.c). */
enum { BYLAWD_CKPT_COMPLETE, BYLAWD_CKPT_PARTIAL, BYLAWD_CKPT_BUSY, BYLAWD_CKPT_FAILED,
       BYLAWD_CKPT_RESULTS };

typedef struct {
  uint64_t applied, duplicate, rejected, failed; /* events by status */
  struct {
    char name[48];
    uint64_t count;
  } actions[BYLAWD_METRICS_MAX_TYPES]; /* actions by type */
  size_t nactions;
  uint64_t rule_errors[BYLAWD_METRICS_MAX_CODES]; /* by -BYLAW_E* code */
  uint64_t latency_buckets[BYLAWD_METRICS_BUCKETS]; /* cumulative on render */
  uint64_t latency_count;
  double latency_sum;
  uint64_t reloads_ok, reloads_failed;
  uint64_t ticks_ok, ticks_failed;
  uint64_t http_responses[6]; /* by class: index 1..5 = 1xx..5xx */
  uint64_t connections_rejected;
  uint64_t checkpoints[BYLAWD_CKPT_RESULTS]; /* by BYLAWD_CKPT_* */
  uint64_t log_flushes;    /* fdatasync()s of the log by bylawd (durable.c) */
  int64_t started_at; /* Unix seconds */
} bylawd_metrics_t;

void bylawd_metrics_init(bylawd_metrics_t *m);

/* Counts one processed event: rc is bylaw_submit()'s return, result its
 * parsed result (NULL after a store failure) with its "actions" listed or,
 * for a tick's summary, counted in "action_types", and seconds the time it
 * took (negative: not timed). */
void bylawd_metrics_event(bylawd_metrics_t *m, int rc, const cJSON *result,
                          double seconds);

/* Counts a tick: results is its bylaw_tick_summary() array, parsed (NULL
 * when the tick failed and nothing was recorded). */
void bylawd_metrics_tick(bylawd_metrics_t *m, const cJSON *results);

/* The code of a rejected result ("error": {"code": "BYLAW_ERULE"}), 0 for
 * applied and duplicate events. */
int bylawd_metrics_result_code(const cJSON *result);

/* Live values the renderer cannot know by itself. */
typedef struct {
  int64_t now;
  int64_t store_bytes;
  int connections;
  cJSON *packs; /* bylaw_packs_json() parsed; borrowed, may be NULL */
  int wal_pages; /* pages in the write-ahead log after the latest commit */
} bylawd_metrics_live_t;

/* Returns the Prometheus text exposition; caller frees with free(). */
char *bylawd_metrics_render(const bylawd_metrics_t *m,
                            const bylawd_metrics_live_t *live);

#endif
