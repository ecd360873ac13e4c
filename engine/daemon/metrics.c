/*
 * metrics.c - bylawd's counters and their Prometheus text rendering.
 *
 * Metric names follow Prometheus conventions (bylaw_ prefix, _total for
 * counters, _seconds and _bytes units).  Rendering builds one heap string
 * with a growing buffer; a scrape is rare, so simplicity beats speed here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bylaw.h"
#include "metrics.h"

/* Upper bounds (seconds) of the evaluation latency histogram: one event is
 * typically well under a millisecond, a pack with heavy rules a few tens. */
static const double metrics_bounds[BYLAWD_METRICS_BUCKETS] = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
    0.01,   0.025,   0.05,   0.1,   0.5,    2.5};

void bylawd_metrics_init(bylawd_metrics_t *m) { memset(m, 0, sizeof(*m)); }

/* Adds n actions of type. */
static void metrics_count_action(bylawd_metrics_t *m, const char *type,
                                 uint64_t n) {
  for (size_t i = 0; i < m->nactions; i++) {
    if (strcmp(m->actions[i].name, type) == 0) {
      m->actions[i].count += n;
      return;
    }
  }
  /* Action types come from the engine's fixed vocabulary; past the table's
   * size the rest are counted under "other" instead of growing forever. */
  if (m->nactions == BYLAWD_METRICS_MAX_TYPES - 1 && strcmp(type, "other"))
    type = "other";
  if (m->nactions < BYLAWD_METRICS_MAX_TYPES) {
    snprintf(m->actions[m->nactions].name, sizeof(m->actions[0].name), "%s",
             type);
    m->actions[m->nactions++].count = n;
  } else {
    m->actions[m->nactions - 1].count += n;
  }
}

/* The type of an action object, whatever its key is called. */
static const char *metrics_action_type(const cJSON *action) {
  static const char *const keys[] = {"type", "action", "kind", NULL};
  for (int i = 0; keys[i]; i++) {
    const char *s =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(action, keys[i]));
    if (s)
      return s;
  }
  return "unknown";
}

int bylawd_metrics_result_code(const cJSON *result) {
  const cJSON *e = cJSON_GetObjectItemCaseSensitive(result, "error");
  const char *name =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "code"));
  if (name == NULL)
    return 0;
#define METRICS_CODE(n, val, msg)                                              \
  if (strcmp(name, "BYLAW_" #n) == 0)                                          \
    return val;
  BYLAW_ERRNO_MAP(METRICS_CODE)
#undef METRICS_CODE
  return BYLAW_ERULE;
}

void bylawd_metrics_event(bylawd_metrics_t *m, int rc, const cJSON *result,
                          double seconds) {
  if (result == NULL) {
    m->failed++;
    return;
  }
  const char *status =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(result, "status"));
  if (status && strcmp(status, "duplicate") == 0)
    m->duplicate++;
  else if (rc == 0)
    m->applied++;
  else
    m->rejected++;
  if (rc < 0 && -rc < BYLAWD_METRICS_MAX_CODES)
    m->rule_errors[-rc]++;

  /* A submitted event lists its actions; a tick's summary counts them. */
  const cJSON *action;
  cJSON_ArrayForEach(action,
                     cJSON_GetObjectItemCaseSensitive(result, "actions")) {
    metrics_count_action(m, metrics_action_type(action), 1);
  }
  const cJSON *type;
  cJSON_ArrayForEach(type,
                     cJSON_GetObjectItemCaseSensitive(result, "action_types")) {
    if (cJSON_IsNumber(type) && type->valuedouble >= 1)
      metrics_count_action(m, type->string, (uint64_t)type->valuedouble);
  }

  if (seconds < 0)
    return; /* not timed: an event of a tick */
  for (int i = 0; i < BYLAWD_METRICS_BUCKETS; i++) {
    if (seconds <= metrics_bounds[i]) {
      m->latency_buckets[i]++;
      break;
    }
  }
  m->latency_count++;
  m->latency_sum += seconds;
}

void bylawd_metrics_tick(bylawd_metrics_t *m, const cJSON *results) {
  if (results == NULL) {
    m->ticks_failed++;
    return;
  }
  m->ticks_ok++;
  /* Each pack's tick by its own outcome: one rejected pack does not make
   * the others' ticks rejected. */
  const cJSON *ev;
  cJSON_ArrayForEach(ev, results) {
    bylawd_metrics_event(m, bylawd_metrics_result_code(ev), ev, -1);
  }
}

/* --- rendering --------------------------------------------------------- */

typedef struct {
  char *buf;
  size_t len, cap;
  int oom;
} metrics_buf_t;

static void metrics_printf(metrics_buf_t *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void metrics_printf(metrics_buf_t *b, const char *fmt, ...) {
  if (b->oom)
    return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
      b->oom = 1;
      return;
    }
    if ((size_t)n < b->cap - b->len) {
      b->len += (size_t)n;
      return;
    }
    size_t cap = (b->cap + (size_t)n + 1) * 2;
    char *grown = realloc(b->buf, cap);
    if (grown == NULL) {
      b->oom = 1;
      return;
    }
    b->buf = grown;
    b->cap = cap;
  }
}

/* Writes a label value with Prometheus escaping (\\, \", \n). */
static void metrics_label(metrics_buf_t *b, const char *s) {
  for (; *s; s++) {
    if (*s == '\\' || *s == '"')
      metrics_printf(b, "\\%c", *s);
    else if (*s == '\n')
      metrics_printf(b, "\\n");
    else
      metrics_printf(b, "%c", *s);
  }
}

static void metrics_head(metrics_buf_t *b, const char *name, const char *type,
                         const char *help) {
  metrics_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

char *bylawd_metrics_render(const bylawd_metrics_t *m,
                            const bylawd_metrics_live_t *live) {
  metrics_buf_t b = {malloc(4096), 0, 4096, 0};
  if (b.buf == NULL)
    return NULL;

  metrics_head(&b, "bylaw_events_total", "counter",
               "Events processed, by status (failed: not recorded, retry).");
  metrics_printf(&b, "bylaw_events_total{status=\"applied\"} %llu\n",
                 (unsigned long long)m->applied);
  metrics_printf(&b, "bylaw_events_total{status=\"duplicate\"} %llu\n",
                 (unsigned long long)m->duplicate);
  metrics_printf(&b, "bylaw_events_total{status=\"rejected\"} %llu\n",
                 (unsigned long long)m->rejected);
  metrics_printf(&b, "bylaw_events_total{status=\"failed\"} %llu\n",
                 (unsigned long long)m->failed);

  metrics_head(&b, "bylaw_actions_total", "counter",
               "Actions fired by rules, by type.");
  for (size_t i = 0; i < m->nactions; i++) {
    metrics_printf(&b, "bylaw_actions_total{type=\"");
    metrics_label(&b, m->actions[i].name);
    metrics_printf(&b, "\"} %llu\n", (unsigned long long)m->actions[i].count);
  }

  metrics_head(&b, "bylaw_rule_errors_total", "counter",
               "Events rejected, by error code.");
  for (int i = 1; i < BYLAWD_METRICS_MAX_CODES; i++) {
    if (m->rule_errors[i])
      metrics_printf(&b, "bylaw_rule_errors_total{code=\"%s\"} %llu\n",
                     bylaw_err_name(-i), (unsigned long long)m->rule_errors[i]);
  }

  metrics_head(&b, "bylaw_event_seconds", "histogram",
               "Time to process one submitted event, store commit included.");
  uint64_t cum = 0;
  for (int i = 0; i < BYLAWD_METRICS_BUCKETS; i++) {
    cum += m->latency_buckets[i];
    metrics_printf(&b, "bylaw_event_seconds_bucket{le=\"%g\"} %llu\n",
                   metrics_bounds[i], (unsigned long long)cum);
  }
  metrics_printf(&b, "bylaw_event_seconds_bucket{le=\"+Inf\"} %llu\n",
                 (unsigned long long)m->latency_count);
  metrics_printf(&b, "bylaw_event_seconds_sum %.6f\n", m->latency_sum);
  metrics_printf(&b, "bylaw_event_seconds_count %llu\n",
                 (unsigned long long)m->latency_count);

  metrics_head(&b, "bylaw_reloads_total", "counter",
               "Pack reloads, by result (failed: the old version kept).");
  metrics_printf(&b, "bylaw_reloads_total{result=\"ok\"} %llu\n",
                 (unsigned long long)m->reloads_ok);
  metrics_printf(&b, "bylaw_reloads_total{result=\"failed\"} %llu\n",
                 (unsigned long long)m->reloads_failed);

  metrics_head(&b, "bylaw_ticks_total", "counter",
               "Clock ticks run by the scheduler, by result.");
  metrics_printf(&b, "bylaw_ticks_total{result=\"ok\"} %llu\n",
                 (unsigned long long)m->ticks_ok);
  metrics_printf(&b, "bylaw_ticks_total{result=\"failed\"} %llu\n",
                 (unsigned long long)m->ticks_failed);

  metrics_head(&b, "bylaw_http_responses_total", "counter",
               "HTTP responses, by status class.");
  for (int i = 1; i <= 5; i++)
    metrics_printf(&b, "bylaw_http_responses_total{class=\"%dxx\"} %llu\n", i,
                   (unsigned long long)m->http_responses[i]);

  metrics_head(&b, "bylaw_http_connections", "gauge", "Open connections.");
  metrics_printf(&b, "bylaw_http_connections %d\n", live->connections);
  metrics_head(&b, "bylaw_http_connections_rejected_total", "counter",
               "Connections refused over the connection limit.");
  metrics_printf(&b, "bylaw_http_connections_rejected_total %llu\n",
                 (unsigned long long)m->connections_rejected);

  metrics_head(&b, "bylaw_store_bytes", "gauge",
               "Size of the SQLite store (main file plus write-ahead log).");
  metrics_printf(&b, "bylaw_store_bytes %lld\n", (long long)live->store_bytes);

  metrics_head(&b, "bylaw_wal_pages", "gauge",
               "Pages in the write-ahead log after the latest commit.");
  metrics_printf(&b, "bylaw_wal_pages %d\n", live->wal_pages);
  metrics_head(&b, "bylaw_checkpoints_total", "counter",
               "Checkpoints of the write-ahead log, by result (partial: "
               "pages left for the next one; busy: a lock it needed was "
               "held, nothing copied).");
  static const char *const results[BYLAWD_CKPT_RESULTS] = {
      [BYLAWD_CKPT_COMPLETE] = "complete", [BYLAWD_CKPT_PARTIAL] = "partial",
      [BYLAWD_CKPT_BUSY] = "busy", [BYLAWD_CKPT_FAILED] = "failed"};
  for (int i = 0; i < BYLAWD_CKPT_RESULTS; i++)
    metrics_printf(&b, "bylaw_checkpoints_total{result=\"%s\"} %llu\n",
                   results[i], (unsigned long long)m->checkpoints[i]);

  metrics_head(&b, "bylaw_log_flushes_total", "counter",
               "Flushes of the write-ahead log to disk that bylawd made "
               "before answering (durability full).");
  metrics_printf(&b, "bylaw_log_flushes_total %llu\n",
                 (unsigned long long)m->log_flushes);

  metrics_head(&b, "bylaw_pack_info", "gauge",
               "Loaded rule packs (value 1), with version and rule count.");
  const cJSON *p;
  cJSON_ArrayForEach(p, live->packs) {
    const char *name =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "pack"));
    const char *version =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "version"));
    const cJSON *last = cJSON_GetObjectItemCaseSensitive(p, "last_error");
    metrics_printf(&b, "bylaw_pack_info{pack=\"");
    metrics_label(&b, name ? name : "");
    metrics_printf(&b, "\",version=\"");
    metrics_label(&b, version ? version : "");
    metrics_printf(&b, "\",last_reload_failed=\"%s\"} 1\n",
                   last && !cJSON_IsNull(last) ? "true" : "false");
  }

  metrics_head(&b, "bylaw_start_time_seconds", "gauge",
               "Unix time the daemon started.");
  metrics_printf(&b, "bylaw_start_time_seconds %lld\n",
                 (long long)m->started_at);

  if (b.oom) {
    free(b.buf);
    return NULL;
  }
  return b.buf;
}
