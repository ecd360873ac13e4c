/*
 * api_query.c - the read side of the API: one customer by id, and paged
 * lists of customers, tasks, approvals, penalties and actions.
 *
 * Every read goes through bylaw_query(), scoped to one pack, so the daemon
 * holds no SQL and knows no column names: query parameters other than pack,
 * limit and offset become equality filters, and the engine answers an
 * unknown column with BYLAW_EINVAL (400 here).
 */
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

/* Runs q and replies with the rows (or the error). */
static void query_reply(bylawd_call_t *call, const bylaw_query_t *q) {
  char *out = NULL;
  bylaw_error_t err = {0, NULL};
  int rc = bylaw_query(call->d->engine, q, &out, &err);
  if (rc == 0 && out)
    bylawd_reply(call->req, 200, out, strlen(out));
  else
    bylawd_reply_bylaw_error(call->req, rc ? rc : BYLAW_ESTORE, &err,
                             q->id ? "id" : NULL);
  bylaw_free(out);
  bylaw_error_clear(&err);
}

void bylawd_api_customer(bylawd_call_t *call) {
  const char *pack = bylawd_call_pack(call, NULL);
  if (pack == NULL)
    return;
  bylaw_query_t q = {pack, "customers", call->arg, NULL, 0, 0};
  query_reply(call, &q);
}

/* Parses a non-negative integer parameter; returns 0, or -1 after replying
 * 400 naming it. */
static int query_int(bylawd_call_t *call, const char *key, int max, int *out) {
  const char *v = bylawd_param(call, key);
  if (v == NULL)
    return 0;
  char *end;
  long n = strtol(v, &end, 10);
  if (*v == '\0' || *end != '\0' || n < 0 || n > max) {
    char msg[80];
    snprintf(msg, sizeof(msg), "%s must be an integer from 0 to %d", key, max);
    bylawd_reply_error(call->req, 400, "bad_request", msg, key);
    return -1;
  }
  *out = (int)n;
  return 0;
}

/* GET /v1/actions?event=ID&explain=1: why each rule of the pack did or did
 * not fire for a stored event, as `bylaw explain --pack P ID` shows it.  The
 * pack's history before the event is replayed into a scratch store (the
 * live one is only read), so this is for people, not for hot paths. */
static void query_explain(bylawd_call_t *call, const char *pack) {
  const char *event = bylawd_param(call, "event");
  if (event == NULL) {
    bylawd_reply_error(call->req, 400, "bad_request", "explain needs event=ID", "event");
    return;
  }
  char *out = NULL;
  bylaw_error_t err = {0, NULL};
  int rc = bylaw_explain_stored(call->d->cfg.db, call->d->cfg.rules, pack, event, &out, &err);
  if (out != NULL)
    bylawd_reply(call->req, 200, out, strlen(out));
  else
    bylawd_reply_bylaw_error(call->req, rc ? rc : BYLAW_ESTORE, &err, "event");
  bylaw_free(out);
  bylaw_error_clear(&err);
}

void bylawd_api_list(bylawd_call_t *call) {
  const char *pack = bylawd_call_pack(call, NULL);
  if (pack == NULL)
    return;
  const char *explain = bylawd_param(call, "explain");
  if (explain && strcmp(call->table, "actions") == 0 && strcmp(explain, "0") != 0) {
    query_explain(call, pack);
    return;
  }
  bylaw_query_t q = {pack, call->table, NULL, NULL, 0, 0};
  if (query_int(call, "limit", 1000, &q.limit) ||
      query_int(call, "offset", 1 << 30, &q.offset))
    return;

  const char *filters[2 * BYLAWD_MAX_PARAMS + 1];
  int n = 0;
  for (int i = 0; i < call->nparams; i++) {
    const char *k = call->params[i].key;
    if (strcmp(k, "pack") == 0 || strcmp(k, "limit") == 0 ||
        strcmp(k, "offset") == 0)
      continue;
    filters[n++] = k;
    filters[n++] = call->params[i].value;
  }
  filters[n] = NULL;
  q.filters = n ? filters : NULL;
  query_reply(call, &q);
}
