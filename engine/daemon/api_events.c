/*
 * api_events.c - the write side of the API: POST /v1/events (one event or a
 * batch) and POST /v1/approvals/{id}/decision, which becomes an
 * approval.decided event.
 *
 * A batch is handed to bylaw_submit_batch(): one transaction in which each
 * event commits or fails alone, so the batch costs one commit.  A single
 * event joins the group of single events that arrived in the same turn of
 * the loop (group.c), submitted the same way.
 * The inbox makes a retried event a "duplicate" that changes nothing: a
 * client that lost a response (timeout, crash of the daemon) simply sends
 * the same events again.  The response carries each result object exactly
 * as the library produced it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "daemon.h"

/* Counts and logs one event's outcome. */
static void events_account(bylawd_t *d, int rc, const char *result,
                           const bylaw_error_t *err, double seconds,
                           int *code) {
  cJSON *parsed = result ? cJSON_Parse(result) : NULL;
  if (code)
    *code = rc = parsed ? bylawd_metrics_result_code(parsed) : rc;
  bylawd_metrics_event(&d->metrics, rc, parsed, seconds);
  const char *id =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(parsed, "event"));
  const char *pack =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(parsed, "pack"));
  const char *status =
      cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(parsed, "status"));
  if (result == NULL) {
    LOG_ERROR("event not recorded (client may retry): %s: %s",
              bylaw_err_name(rc),
              err && err->message ? err->message : bylaw_strerror(rc));
  } else if (rc != 0) {
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(parsed, "error");
    const char *message =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
    LOG_WARN("event %s/%s rejected: %s: %s", pack ? pack : "?", id ? id : "?",
             bylaw_err_name(rc), message ? message : bylaw_strerror(rc));
  } else {
    LOG_DEBUG("event %s/%s %s", pack ? pack : "?", id ? id : "?",
              status ? status : "?");
  }
  cJSON_Delete(parsed);
}

int bylawd_submit(bylawd_t *d, const char *json, size_t len, char **result,
                  bylaw_error_t *err) {
  uint64_t t0 = uv_hrtime();
  int rc = bylaw_submit(d->engine, json, len, result, err);
  double seconds = (double)(uv_hrtime() - t0) / 1e9;
  events_account(d, rc, *result, err, seconds, NULL);
  /* A new event can create due work (a follow-up task, a deadline). */
  if (rc == 0)
    bylawd_poke(d);
  return rc;
}

int bylawd_submit_group(bylawd_t *d, const char *const *events,
                        const size_t *lens, size_t n, char **results,
                        int *codes, bylaw_error_t *err) {
  uint64_t t0 = uv_hrtime();
  int rc = bylaw_submit_batch(d->engine, events, lens, n, results, err);
  /* The histogram counts processing time per event: a group's time is
   * shared among its events. */
  double seconds = (double)(uv_hrtime() - t0) / 1e9 / (double)(n ? n : 1);
  int applied = 0;
  for (size_t i = 0; i < n; i++) {
    if (rc != 0) {
      /* Nothing was written: every event is counted as failed, once. */
      codes[i] = rc;
      events_account(d, rc, NULL, err, seconds, NULL);
      continue;
    }
    events_account(d, 0, results[i], err, seconds, &codes[i]);
    applied += codes[i] == 0;
  }
  if (applied)
    bylawd_poke(d);
  return rc;
}

/* Replies to a single event with its result object; the HTTP status says
 * whether it was taken (200) or why not. */
static void events_reply_one(bylawd_call_t *call, const char *json,
                             size_t len) {
  char *result = NULL;
  bylaw_error_t err = {0, NULL};
  int rc = bylawd_submit(call->d, json, len, &result, &err);
  if (result == NULL)
    bylawd_reply_bylaw_error(call->req, rc ? rc : BYLAW_ESTORE, &err, NULL);
  else
    bylawd_reply(call->req, rc == 0 ? 200 : bylawd_http_status(rc), result,
                 strlen(result));
  bylaw_free(result);
  bylaw_error_clear(&err);
}

/* Checks that every event in list names a pack the caller may write.
 * Returns 0, or -1 after replying. */
static int events_authorize(bylawd_call_t *call, cJSON *list) {
  int i = 0;
  cJSON *ev;
  cJSON_ArrayForEach(ev, list) {
    char field[32];
    snprintf(field, sizeof(field), "[%d]", i);
    if (!cJSON_IsObject(ev)) {
      bylawd_reply_error(call->req, 400, "bad_request",
                         "each event must be a JSON object", field);
      return -1;
    }
    /* Exactly one key may spell "pack", in lower case: whatever JSON reader
     * the engine uses, it must see the pack checked here. */
    int spellings = 0, exact = 0;
    const cJSON *key;
    cJSON_ArrayForEach(key, ev) {
      if (key->string && strcasecmp(key->string, "pack") == 0) {
        spellings++;
        exact += strcmp(key->string, "pack") == 0;
      }
    }
    if (spellings > 1 || spellings != exact) {
      snprintf(field, sizeof(field), "[%d].pack", i);
      bylawd_reply_error(call->req, 400, "bad_request",
                         "an event must name its pack once, as \"pack\"",
                         field);
      return -1;
    }
    const char *pack =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "pack"));
    /* An event without a pack is rejected by the engine on its own; it can
     * touch no pack, so there is nothing to forbid. */
    if (pack && !bylawd_can(call, pack)) {
      snprintf(field, sizeof(field), "[%d].pack", i);
      char msg[160];
      snprintf(msg, sizeof(msg), "this token may not submit events for pack %s",
               pack);
      bylawd_reply_error(call->req, 403, "forbidden", msg, field);
      return -1;
    }
    i++;
  }
  return 0;
}

/* A growing text buffer for the batch response. */
typedef struct {
  char *buf;
  size_t len, cap;
} events_buf_t;

static int events_append(events_buf_t *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->cap + n + 1) * 2;
    char *grown = realloc(b->buf, cap);
    if (grown == NULL)
      return -1;
    b->buf = grown;
    b->cap = cap;
  }
  memcpy(b->buf + b->len, s, n);
  b->len += n;
  b->buf[b->len] = '\0';
  return 0;
}

void bylawd_api_events(bylawd_call_t *call) {
  bylawd_t *d = call->d;
  cJSON *body = bylawd_body_json(call);
  if (body == NULL)
    return;

  if (cJSON_IsObject(body)) {
    cJSON *one = cJSON_CreateArray();
    cJSON_AddItemReferenceToArray(one, body);
    int ok = events_authorize(call, one) == 0;
    cJSON_Delete(one);
    if (ok && bylawd_group_add(d, call->req, call->req->entity.base,
                               call->req->entity.len) != 0)
      events_reply_one(call, call->req->entity.base, call->req->entity.len);
    cJSON_Delete(body);
    return;
  }
  if (!cJSON_IsArray(body)) {
    bylawd_reply_error(call->req, 400, "bad_request",
                       "the body must be an event object or an array of them",
                       NULL);
    cJSON_Delete(body);
    return;
  }
  int n = cJSON_GetArraySize(body);
  if (n == 0 || n > d->cfg.limits.batch_events) {
    char msg[96];
    snprintf(msg, sizeof(msg), "a batch holds 1 to %d events, not %d",
             d->cfg.limits.batch_events, n);
    bylawd_reply_error(call->req, n ? 413 : 400,
                       n ? "batch_too_large" : "bad_request", msg, NULL);
    cJSON_Delete(body);
    return;
  }
  if (events_authorize(call, body) != 0) {
    cJSON_Delete(body);
    return;
  }

  /* The events as text, each printed from the parsed body (the engine
   * parses them again: it never trusts what the daemon parsed). */
  char **texts = calloc((size_t)n, sizeof(*texts));
  size_t *lens = calloc((size_t)n, sizeof(*lens));
  char **results = calloc((size_t)n, sizeof(*results));
  int *codes = calloc((size_t)n, sizeof(*codes));
  int oom = texts == NULL || lens == NULL || results == NULL || codes == NULL;
  int i = 0;
  cJSON *ev;
  cJSON_ArrayForEach(ev, body) {
    if (oom)
      break;
    texts[i] = cJSON_PrintUnformatted(ev);
    oom |= texts[i] == NULL;
    if (texts[i])
      lens[i] = strlen(texts[i]);
    i++;
  }
  bylaw_error_t err = {0, NULL};
  int failed = 0;
  events_buf_t out = {NULL, 0, 0};
  if (!oom) {
    failed = bylawd_submit_group(d, (const char *const *)texts, lens,
                                 (size_t)n, results, codes, &err);
    oom |= events_append(&out, "[", 1);
    for (i = 0; !failed && i < n; i++) {
      if (i > 0)
        oom |= events_append(&out, ",", 1);
      oom |= events_append(&out, results[i], strlen(results[i]));
    }
    oom |= events_append(&out, "]", 1);
  }

  if (oom) {
    bylawd_reply_error(call->req, 503, "BYLAW_ENOMEM", "out of memory", NULL);
  } else if (failed) {
    /* {"error": {...}, "results": []}: the store failed, nothing of the
     * batch was written, and the client retries the whole batch. */
    cJSON *root = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(root, "error");
    cJSON_AddStringToObject(e, "code", bylaw_err_name(failed));
    cJSON_AddStringToObject(e, "message", err.message ? err.message
                                                      : bylaw_strerror(failed));
    cJSON_AddNullToObject(e, "field");
    cJSON_AddArrayToObject(root, "results");
    char *text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (text)
      bylawd_reply(call->req, bylawd_http_status(failed), text, strlen(text));
    else
      bylawd_reply_error(call->req, 503, "BYLAW_ENOMEM", "out of memory",
                         NULL);
    cJSON_free(text);
  } else {
    bylawd_reply(call->req, 200, out.buf, out.len);
  }
  for (i = 0; i < n; i++) {
    if (texts)
      cJSON_free(texts[i]);
    if (results)
      bylaw_free(results[i]);
  }
  free(texts);
  free(lens);
  free(results);
  free(codes);
  bylaw_error_clear(&err);
  free(out.buf);
  cJSON_Delete(body);
}

/* --- approval decisions --------------------------------------------------- */

static const char *decision_string(bylawd_call_t *call, cJSON *body,
                                   const char *key, int required) {
  cJSON *v = cJSON_GetObjectItemCaseSensitive(body, key);
  if (v == NULL || cJSON_IsNull(v)) {
    if (required)
      bylawd_reply_error(call->req, 400, "bad_request", "field is required",
                         key);
    return NULL;
  }
  if (!cJSON_IsString(v) || v->valuestring[0] == '\0') {
    bylawd_reply_error(call->req, 400, "bad_request",
                       "field must be a non-empty string", key);
    return NULL;
  }
  return v->valuestring;
}

/* Replies 404 when the approval does not exist in pack; returns 0 if it
 * does, -1 after replying. */
static int decision_check_approval(bylawd_call_t *call, const char *pack) {
  bylaw_query_t q = {pack, "approvals", call->arg, NULL, 0, 0};
  char *row = NULL;
  bylaw_error_t err = {0, NULL};
  int rc = bylaw_query(call->d->engine, &q, &row, &err);
  bylaw_free(row);
  if (rc != 0)
    bylawd_reply_bylaw_error(call->req, rc, &err, "approval");
  bylaw_error_clear(&err);
  return rc ? -1 : 0;
}

void bylawd_api_decision(bylawd_call_t *call) {
  bylawd_t *d = call->d;
  cJSON *body = bylawd_body_json(call);
  if (body == NULL)
    return;
  char *text = NULL;
  cJSON *ev = NULL;
  if (!cJSON_IsObject(body)) {
    bylawd_reply_error(call->req, 400, "bad_request",
                       "the body must be a JSON object", NULL);
    goto done;
  }
  const char *given_pack = NULL;
  cJSON *p = cJSON_GetObjectItemCaseSensitive(body, "pack");
  if (cJSON_IsString(p))
    given_pack = p->valuestring;
  const char *pack = bylawd_call_pack(call, given_pack);
  if (pack == NULL)
    goto done;
  const char *decision = decision_string(call, body, "decision", 1);
  if (decision == NULL)
    goto done;
  if (strcmp(decision, "approve") != 0 && strcmp(decision, "reject") != 0) {
    bylawd_reply_error(call->req, 400, "bad_request",
                       "decision must be \"approve\" or \"reject\"",
                       "decision");
    goto done;
  }
  const char *by = decision_string(call, body, "by", 1);
  if (by == NULL)
    goto done;
  /* Optional fields: a bad type has already been answered when NULL comes
   * back for a field that is present. */
  const char *id = decision_string(call, body, "id", 0);
  if (id == NULL && cJSON_GetObjectItemCaseSensitive(body, "id"))
    goto done;
  const char *at = decision_string(call, body, "at", 0);
  if (at == NULL && cJSON_GetObjectItemCaseSensitive(body, "at"))
    goto done;
  if (decision_check_approval(call, pack) != 0)
    goto done;

  /* Without a client id, one is made up; a client that wants to retry
   * safely sends its own id and gets "duplicate" on the retry. */
  char made_id[64], made_at[40];
  if (id == NULL) {
    unsigned char rnd[8];
    if (uv_random(NULL, NULL, rnd, sizeof(rnd), 0, NULL) != 0)
      memset(rnd, 0, sizeof(rnd));
    int n = snprintf(made_id, sizeof(made_id), "decision-");
    for (size_t i = 0; i < sizeof(rnd); i++)
      n += snprintf(made_id + n, sizeof(made_id) - (size_t)n, "%02x", rnd[i]);
    id = made_id;
  }
  if (at == NULL) {
    bylaw_format_time(bylawd_now(d), d->cfg.utc_offset, made_at,
                      sizeof(made_at));
    at = made_at;
  }

  ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "id", id);
  cJSON_AddStringToObject(ev, "pack", pack);
  cJSON_AddStringToObject(ev, "type", "approval.decided");
  cJSON_AddStringToObject(ev, "at", at);
  cJSON *data = cJSON_AddObjectToObject(ev, "data");
  cJSON_AddStringToObject(data, "approval", call->arg);
  cJSON_AddStringToObject(data, "decision", decision);
  cJSON_AddStringToObject(data, "by", by);
  cJSON *note = cJSON_GetObjectItemCaseSensitive(body, "note");
  if (cJSON_IsString(note))
    cJSON_AddStringToObject(data, "note", note->valuestring);
  text = cJSON_PrintUnformatted(ev);
  if (text == NULL) {
    bylawd_reply_error(call->req, 503, "BYLAW_ENOMEM", "out of memory", NULL);
    goto done;
  }
  events_reply_one(call, text, strlen(text));
done:
  cJSON_free(text);
  cJSON_Delete(ev);
  cJSON_Delete(body);
}
