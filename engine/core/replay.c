/*
 * replay.c - what-if runs over stored history.  A scratch engine holding
 * the candidate pack replays the live store's events of that pack in their
 * order, in batches (one transaction per batch, as bylawd's group commit
 * does), and the two action logs are then compared by the store.  The same
 * machinery rebuilds the state before one stored event to explain it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/engine.h"
#include "core/util.h"

/* Events per transaction of the scratch store: each commit writes every
 * page the batch changed, so the more events share a page the fewer writes.
 * 2,000 replayed 51,000 orders a tenth faster than 500; with 100,000
 * customers, whose pages events share less, 4,000 wrote 481,000 pages for
 * 400,000 events where 2,000 wrote 694,000, and took 17.3-18.3 s instead of
 * 21.0 (8,000: 317,000 pages, about as fast, 26 MB more).  The price is
 * memory: the batch's parsed events and the first copy of each page it
 * changes, which the scratch store's journal keeps in memory (137 MB in
 * all for that history, 131 MB with 2,000). */
#define REPLAY_BATCH 4000
#define REPLAY_MAX_REJECTED 100

/* The batch being queued: on the heap, as it is too big for a caller's
 * thread stack. */
typedef struct {
  cJSON *roots[REPLAY_BATCH];
  char *texts[REPLAY_BATCH]; /* the stored bodies, kept as they were */
  size_t lens[REPLAY_BATCH];
  cJSON *results[REPLAY_BATCH];
} replay_batch_t;

typedef struct {
  bylaw_store_t *live;   /* the live store, read-only */
  char *temp;            /* the scratch store's temporary file, if ours */
  bylaw_engine_t *scratch;
  replay_batch_t *b;
  size_t n;
  uint64_t done, total;
  const char *stop_at;   /* explain: stop before the event with this id */
  char *stopped_body;    /* ... and keep its body here */
  cJSON *rejected;       /* [{event, message}] */
  int64_t nrejected;
  bylaw_progress_cb progress;
  void *ud;
  bylaw_error_t *err;
} replay_t;

/* Processes the queued events as one batch; a store failure stops replay. */
static int replay_flush(replay_t *r) {
  if (r->n == 0) return 0;
  replay_batch_t *b = r->b;
  int rc = bylaw__process_texts(r->scratch, b->roots, (const char *const *)b->texts, b->lens,
                                r->n, b->results, NULL, r->err);
  for (size_t i = 0; i < r->n; i++) {
    bylaw_free(b->texts[i]);
    cJSON *res = b->results[i];
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "status"));
    if (status && strcmp(status, "rejected") == 0) {
      if (r->nrejected++ < REPLAY_MAX_REJECTED) {
        cJSON *row = cJSON_CreateObject();
        cJSON_AddItemToObject(row, "event",
                              cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(res, "event"), 1));
        cJSON *e = cJSON_GetObjectItemCaseSensitive(res, "error");
        cJSON_AddItemToObject(row, "message",
                              cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(e, "message"), 1));
        cJSON_AddItemToArray(r->rejected, row);
      }
    }
    cJSON_Delete(res);
  }
  r->done += r->n;
  r->n = 0;
  if (r->progress) r->progress(r->ud, r->done, r->total);
  return bylaw__store_failed(rc) ? rc : 0;
}

static int replay_event(void *ud, const char *body) {
  replay_t *r = ud;
  cJSON *root = cJSON_Parse(body);
  if (root == NULL) return bylaw__error(r->err, BYLAW_ESTORE, "a stored event is not JSON");
  if (r->stop_at) {
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "id"));
    if (id && strcmp(id, r->stop_at) == 0) {
      cJSON_Delete(root);
      r->stopped_body = bylaw__strdup(body);
      return r->stopped_body ? 1 : bylaw__error(r->err, BYLAW_ENOMEM, "out of memory");
    }
  }
  replay_batch_t *b = r->b;
  b->lens[r->n] = strlen(body);
  b->texts[r->n] = bylaw__strndup(body, b->lens[r->n]);
  if (b->texts[r->n] == NULL) {
    cJSON_Delete(root);
    return bylaw__error(r->err, BYLAW_ENOMEM, "out of memory");
  }
  b->roots[r->n++] = root;
  return r->n == REPLAY_BATCH ? replay_flush(r) : 0;
}

/* Opens the scratch engine on path with one pack of rules_dir. */
static int replay_open_scratch(bylaw_engine_t **out, const char *path, const char *rules_dir,
                               const char *pack, bylaw_error_t *err) {
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.db_path = path;
  opts.rules_dir = rules_dir;
  opts.only_pack = pack;
  opts.sync = BYLAW_SYNC_OFF; /* a scratch store: speed over durability */
  int rc = bylaw_engine_new(out, &opts, err);
  if (rc == 0) rc = bylaw__store_make_scratch((*out)->store, err);
  return rc;
}

/* Replays the live history of pack (events with at <= to, stopping before
 * r->stop_at when set) into r->scratch. */
static int replay_history(replay_t *r, bylaw_store_t *live, const char *pack, int64_t to) {
  cJSON *v = cJSON_CreateNumber((double)to);
  bylaw_filter_t f = {"at", BYLAW_OP_LE, v};
  int64_t total = 0;
  int rc = bylaw__store_aggregate(live, pack, "events", NULL, &f, 1, &total, r->err);
  cJSON_Delete(v);
  r->total = (uint64_t)total;
  if (rc == 0) rc = bylaw__store_each_event(live, pack, to, replay_event, r, r->err);
  if (rc == 1 && r->stopped_body) rc = 0; /* stopped at the event to explain */
  if (rc == 0) rc = replay_flush(r);
  for (size_t i = 0; i < r->n; i++) {
    cJSON_Delete(r->b->roots[i]);
    bylaw_free(r->b->texts[i]);
  }
  r->n = 0;
  return rc;
}

static void replay_add_totals(cJSON *summary, const cJSON *money) {
  static const char *const types[] = {"fine", "sanction", "reward"};
  static const char *const fields[] = {"live_count", "live_fen", "candidate_count",
                                       "candidate_fen"};
  for (size_t t = 0; t < BYLAW_ARRAY_SIZE(types); t++) {
    double sums[4] = {0};
    for (const cJSON *row = money->child; row; row = row->next) {
      if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(row, "type")), types[t]))
        continue;
      for (size_t k = 0; k < 4; k++)
        sums[k] += cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, fields[k]));
    }
    cJSON *o = cJSON_AddObjectToObject(summary, types[t]);
    for (size_t k = 0; k < 4; k++) cJSON_AddNumberToObject(o, fields[k], sums[k]);
  }
}

/* Counts task rows added (candidate schedules more) and removed. */
static void replay_count_tasks(cJSON *summary, const cJSON *tasks) {
  double added = 0, removed = 0;
  for (const cJSON *row = tasks->child; row; row = row->next) {
    double d = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "candidate")) -
               cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "live"));
    if (d > 0) added += d;
    else removed -= d;
  }
  cJSON_AddNumberToObject(summary, "tasks_added", added);
  cJSON_AddNumberToObject(summary, "tasks_removed", removed);
}

/* Makes a temporary scratch file path; caller frees and unlinks. */
static char *replay_temp_path(void) {
  const char *dir = getenv("TMPDIR");
  char *path = bylaw__sprintf("%s/bylaw-replay-XXXXXX", dir && *dir ? dir : "/tmp");
  if (path == NULL) return NULL;
  int fd = mkstemp(path);
  if (fd < 0) {
    bylaw_free(path);
    return NULL;
  }
  close(fd);
  return path;
}

static void replay_remove(const char *path) {
  char buf[4200];
  unlink(path);
  snprintf(buf, sizeof(buf), "%s-wal", path);
  unlink(buf);
  snprintf(buf, sizeof(buf), "%s-shm", path);
  unlink(buf);
}

/* Opens the live store read-only and a scratch engine holding pack from
 * rules_dir, on scratch_path or a temporary file; undone by replay_close. */
static int replay_open(replay_t *r, const char *db_path, const char *scratch_path,
                       const char *rules_dir, const char *pack) {
  r->rejected = cJSON_CreateArray();
  r->b = bylaw__malloc(sizeof(*r->b));
  if (r->rejected == NULL || r->b == NULL) return bylaw__error(r->err, BYLAW_ENOMEM, "out of memory");
  if (scratch_path == NULL) scratch_path = r->temp = replay_temp_path();
  if (scratch_path == NULL) return bylaw__error(r->err, BYLAW_EIO, "cannot create a scratch store");
  int rc = bylaw__store_open_readonly(&r->live, db_path, r->err);
  if (rc == 0) rc = replay_open_scratch(&r->scratch, scratch_path, rules_dir, pack, r->err);
  return rc;
}

static void replay_close(replay_t *r) {
  cJSON_Delete(r->rejected);
  bylaw_free(r->b);
  bylaw_engine_free(r->scratch);
  bylaw__store_close(r->live);
  if (r->temp) replay_remove(r->temp);
  bylaw_free(r->temp);
  bylaw_free(r->stopped_body);
}

int bylaw_replay(const bylaw_replay_opts_t *opts, char **report, bylaw_error_t *err) {
  bylaw_error_t local = {0};
  if (err == NULL) err = &local;
  if (report) *report = NULL;
  if (opts == NULL || report == NULL || opts->db_path == NULL || opts->rules_dir == NULL ||
      opts->pack == NULL) {
    bylaw_error_clear(&local);
    return bylaw__error(err, BYLAW_EINVAL, "replay needs db_path, rules_dir, pack and report");
  }
  replay_t r = {.progress = opts->progress, .ud = opts->ud, .err = err};
  cJSON *out = NULL, *diff = NULL;
  int rc = replay_open(&r, opts->db_path, opts->scratch_path, opts->rules_dir, opts->pack);
  if (rc == 0) rc = replay_history(&r, r.live, opts->pack, opts->to);
  if (rc == 0)
    rc = bylaw__store_replay_diff(r.scratch->store, opts->db_path, opts->pack, opts->from,
                                  opts->to, &diff, err);
  if (rc == 0) {
    bylaw_pack_t *p = r.scratch->packs[0];
    char from[40], to[40];
    bylaw_format_time(opts->from == INT64_MIN ? 0 : opts->from, p->offset_s, from, sizeof(from));
    bylaw_format_time(opts->to == INT64_MAX ? 253402300799 : opts->to, p->offset_s, to, sizeof(to));
    out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "pack", p->name);
    cJSON_AddStringToObject(out, "version", p->version);
    cJSON_AddItemToObject(out, "from", opts->from == INT64_MIN ? cJSON_CreateNull()
                                                               : cJSON_CreateString(from));
    cJSON_AddItemToObject(out, "to", opts->to == INT64_MAX ? cJSON_CreateNull()
                                                           : cJSON_CreateString(to));
    cJSON_AddNumberToObject(out, "events", (double)r.done);
    cJSON *summary = cJSON_AddObjectToObject(out, "summary");
    cJSON_AddNumberToObject(summary, "rejected", (double)r.nrejected);
    cJSON_AddNumberToObject(summary, "classes_changed",
                            cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(diff, "classes")));
    replay_count_tasks(summary, cJSON_GetObjectItemCaseSensitive(diff, "tasks"));
    cJSON_AddNumberToObject(summary, "approvals_changed",
                            cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(diff, "approvals")));
    replay_add_totals(summary, cJSON_GetObjectItemCaseSensitive(diff, "money"));
    cJSON_AddItemToObject(out, "rejected", r.rejected);
    r.rejected = NULL;
    for (cJSON *c = diff->child; c; c = c->next)
      cJSON_AddItemToObject(out, c->string, cJSON_Duplicate(c, 1));
    char *text = cJSON_PrintUnformatted(out);
    *report = text ? bylaw__strdup(text) : NULL;
    cJSON_free(text);
    if (*report == NULL) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  }
  cJSON_Delete(out);
  cJSON_Delete(diff);
  replay_close(&r);
  bylaw_error_clear(&local);
  return rc;
}

int bylaw_explain_stored(const char *db_path, const char *rules_dir, const char *pack,
                         const char *event_id, char **result, bylaw_error_t *err) {
  bylaw_error_t local = {0};
  if (err == NULL) err = &local;
  if (result) *result = NULL;
  if (!db_path || !rules_dir || !pack || !event_id || !result) {
    bylaw_error_clear(&local);
    return bylaw__error(err, BYLAW_EINVAL, "explain needs db_path, rules_dir, pack and an event");
  }
  replay_t r = {.stop_at = event_id, .err = err};
  int rc = replay_open(&r, db_path, NULL, rules_dir, pack);
  if (rc == 0) rc = replay_history(&r, r.live, pack, INT64_MAX);
  if (rc == 0 && r.stopped_body == NULL)
    rc = bylaw__error(err, BYLAW_ENOTFOUND, "no event '%s' in pack %s", event_id, pack);
  if (rc == 0)
    rc = bylaw_explain(r.scratch, r.stopped_body, strlen(r.stopped_body), result, err);
  replay_close(&r);
  bylaw_error_clear(&local);
  return rc;
}
