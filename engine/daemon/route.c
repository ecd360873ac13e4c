/*
 * route.c - from an h2o request to an API handler: the header-size limit,
 * bearer-token authentication, the route table, query parameters and the
 * JSON body (with its nesting limit).
 *
 * Tokens: a pack token may read and write its own pack only (403 for any
 * other); an admin token may do everything, and is the only one allowed to
 * reload packs, take backups and move the test clock.  No token, or one the
 * config does not know, is 401.  Strings decoded here live in the request's
 * memory pool and die with the request.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "daemon.h"

enum {
  ACCESS_PUBLIC,  /* no token */
  ACCESS_TOKEN,   /* any valid token; pack checks in the handler */
  ACCESS_ADMIN,   /* an admin token */
  ACCESS_METRICS, /* public unless public_metrics = false, then admin */
  ACCESS_BENCH,   /* public, and only with --bench */
  ACCESS_CLOCK    /* admin, and only with --test-clock */
};

typedef struct {
  const char *method;
  const char *pattern; /* "*" matches one path segment, passed as call->arg */
  bylawd_api_fn fn;
  int access;
  const char *table;
} route_t;

static const route_t routes[] = {
    {"GET", "/healthz", bylawd_api_healthz, ACCESS_PUBLIC, NULL},
    {"GET", "/metrics", bylawd_api_metrics, ACCESS_METRICS, NULL},
    {"GET", "/bench", bylawd_api_bench, ACCESS_BENCH, NULL},
    {"POST", "/v1/events", bylawd_api_events, ACCESS_TOKEN, NULL},
    {"GET", "/v1/packs", bylawd_api_packs, ACCESS_TOKEN, NULL},
    {"POST", "/v1/packs/*/reload", bylawd_api_reload, ACCESS_ADMIN, NULL},
    {"GET", "/v1/customers/*", bylawd_api_customer, ACCESS_TOKEN, "customers"},
    {"GET", "/v1/customers", bylawd_api_list, ACCESS_TOKEN, "customers"},
    {"GET", "/v1/tasks", bylawd_api_list, ACCESS_TOKEN, "tasks"},
    {"GET", "/v1/approvals", bylawd_api_list, ACCESS_TOKEN, "approvals"},
    {"POST", "/v1/approvals/*/decision", bylawd_api_decision, ACCESS_TOKEN,
     NULL},
    {"GET", "/v1/penalties", bylawd_api_list, ACCESS_TOKEN, "penalties"},
    {"GET", "/v1/actions", bylawd_api_list, ACCESS_TOKEN, "actions"},
    {"GET", "/v1/clock", bylawd_api_clock_get, ACCESS_CLOCK, NULL},
    {"POST", "/v1/clock", bylawd_api_clock_set, ACCESS_CLOCK, NULL},
    {"POST", "/v1/admin/backup", bylawd_api_backup, ACCESS_ADMIN, NULL},
};

/* --- decoding ------------------------------------------------------------- */

static int route_hex(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Percent-decodes s[0..len) into the pool ('+' is a space in a query).
 * Returns NULL for a malformed escape or an embedded NUL. */
static char *route_decode(h2o_mem_pool_t *pool, const char *s, size_t len,
                          int plus_is_space) {
  char *out = h2o_mem_alloc_pool(pool, len + 1);
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '%') {
      if (i + 2 >= len)
        return NULL;
      int hi = route_hex(s[i + 1]), lo = route_hex(s[i + 2]);
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
        return NULL;
      out[n++] = (char)(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+' && plus_is_space) {
      out[n++] = ' ';
    } else {
      out[n++] = s[i];
    }
  }
  out[n] = '\0';
  return out;
}

/* Splits the query string into call->params.  Returns 0, or -1 after
 * replying 400. */
static int route_parse_query(bylawd_call_t *call, const char *q, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t end = i;
    while (end < len && q[end] != '&')
      end++;
    if (end > i) {
      if (call->nparams == BYLAWD_MAX_PARAMS) {
        bylawd_reply_error(call->req, 400, "too_many_params",
                           "at most 16 query parameters", NULL);
        return -1;
      }
      size_t eq = i;
      while (eq < end && q[eq] != '=')
        eq++;
      bylawd_param_t *p = &call->params[call->nparams++];
      p->key = route_decode(&call->req->pool, q + i, eq - i, 1);
      p->value = eq < end ? route_decode(&call->req->pool, q + eq + 1,
                                         end - eq - 1, 1)
                          : "";
      if (p->key == NULL || p->value == NULL) {
        bylawd_reply_error(call->req, 400, "bad_query",
                           "malformed percent-escape in the query string",
                           NULL);
        return -1;
      }
    }
    i = end + 1;
  }
  return 0;
}

const char *bylawd_param(const bylawd_call_t *call, const char *key) {
  for (int i = 0; i < call->nparams; i++)
    if (strcmp(call->params[i].key, key) == 0)
      return call->params[i].value;
  return NULL;
}

/* Matches path (without query) against pattern; on a match stores the
 * segment the star matched (still encoded) in arg and arglen, returns 1. */
static int route_match(const char *pattern, const char *path, size_t len,
                       const char **arg, size_t *arglen) {
  size_t i = 0;
  for (const char *p = pattern; *p; p++) {
    if (*p == '*') {
      size_t start = i;
      while (i < len && path[i] != '/')
        i++;
      if (i == start)
        return 0;
      *arg = path + start;
      *arglen = i - start;
    } else {
      if (i >= len || path[i] != *p)
        return 0;
      i++;
    }
  }
  return i == len;
}

/* --- authentication ----------------------------------------------------------- */

/* Compares in time that depends on the lengths only, so a token cannot be
 * guessed byte by byte from response times. */
static int route_token_equal(const char *a, size_t alen, const char *b) {
  size_t blen = strlen(b);
  unsigned char diff = alen != blen;
  for (size_t i = 0; i < alen; i++)
    diff |= (unsigned char)a[i] ^ (unsigned char)b[i % (blen ? blen : 1)];
  return diff == 0;
}

/* Fills call->who from the Authorization header.  Returns 0, or -1 after
 * replying 401. */
static int route_authenticate(bylawd_call_t *call) {
  h2o_req_t *req = call->req;
  ssize_t at = h2o_find_header(&req->headers, H2O_TOKEN_AUTHORIZATION, -1);
  const char *why = "a bearer token is required";
  if (at >= 0) {
    h2o_iovec_t v = req->headers.entries[at].value;
    if (v.len > 7 && h2o_lcstris(v.base, 7, H2O_STRLIT("bearer "))) {
      const char *tok = v.base + 7;
      size_t len = v.len - 7;
      const bylawd_token_t *found = NULL;
      int admin = 0;
      for (size_t i = 0; i < call->d->cfg.ntokens; i++) {
        const bylawd_token_t *t = &call->d->cfg.tokens[i];
        if (route_token_equal(tok, len, t->token)) {
          found = t;
          admin |= t->pack == NULL;
        }
      }
      if (found) {
        call->who.token = found;
        call->who.admin = admin;
        return 0;
      }
      why = "unknown token";
    } else {
      why = "the Authorization header must be \"Bearer TOKEN\"";
    }
  }
  h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_WWW_AUTHENTICATE,
                 NULL, H2O_STRLIT("Bearer realm=\"bylawd\""));
  bylawd_reply_error(req, 401, "unauthorized", why, NULL);
  return -1;
}

int bylawd_can(const bylawd_call_t *call, const char *pack) {
  if (call->who.admin)
    return 1;
  if (call->who.token == NULL || pack == NULL)
    return 0;
  const char *tok = call->who.token->token;
  for (size_t i = 0; i < call->d->cfg.ntokens; i++) {
    const bylawd_token_t *t = &call->d->cfg.tokens[i];
    if (t->pack && strcmp(t->token, tok) == 0 && strcmp(t->pack, pack) == 0)
      return 1;
  }
  return 0;
}

const char *bylawd_call_pack(bylawd_call_t *call, const char *given) {
  if (given == NULL)
    given = bylawd_param(call, "pack");
  if (given) {
    if (given[0] == '\0') {
      bylawd_reply_error(call->req, 400, "bad_request", "pack is empty",
                         "pack");
      return NULL;
    }
    if (!bylawd_can(call, given)) {
      bylawd_reply_error(call->req, 403, "forbidden",
                         "this token may not use that pack", "pack");
      return NULL;
    }
    return given;
  }
  /* A token of exactly one pack names it implicitly. */
  const char *only = NULL;
  int count = 0;
  if (!call->who.admin && call->who.token) {
    const char *tok = call->who.token->token;
    for (size_t i = 0; i < call->d->cfg.ntokens; i++) {
      const bylawd_token_t *t = &call->d->cfg.tokens[i];
      if (t->pack && strcmp(t->token, tok) == 0) {
        only = t->pack;
        count++;
      }
    }
  }
  if (count == 1)
    return only;
  bylawd_reply_error(call->req, 400, "bad_request",
                     "say which pack with ?pack=NAME", "pack");
  return NULL;
}

/* --- body --------------------------------------------------------------------- */

/* Returns 1 when the JSON text nests deeper than max ([ and { outside
 * strings).  Checked before parsing, so a hostile body never reaches the
 * parser's recursion. */
static int route_too_deep(const char *s, size_t len, int max) {
  int depth = 0, in_string = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = 0;
    } else if (c == '"') {
      in_string = 1;
    } else if (c == '[' || c == '{') {
      if (++depth > max)
        return 1;
    } else if (c == ']' || c == '}') {
      depth--;
    }
  }
  return 0;
}

cJSON *bylawd_body_json(bylawd_call_t *call) {
  h2o_req_t *req = call->req;
  if (req->entity.base == NULL || req->entity.len == 0) {
    bylawd_reply_error(req, 400, "bad_json", "a JSON body is required", NULL);
    return NULL;
  }
  int depth = call->d->cfg.limits.json_depth;
  if (route_too_deep(req->entity.base, req->entity.len, depth)) {
    char msg[80];
    snprintf(msg, sizeof(msg), "JSON nests deeper than %d levels", depth);
    bylawd_reply_error(req, 400, "too_deep", msg, NULL);
    return NULL;
  }
  const char *end = NULL;
  cJSON *json =
      cJSON_ParseWithLengthOpts(req->entity.base, req->entity.len, &end, 0);
  /* Only white space may follow the value: "{...} junk" is not JSON. */
  while (json && end < req->entity.base + req->entity.len &&
         (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
    end++;
  if (json && end < req->entity.base + req->entity.len) {
    cJSON_Delete(json);
    json = NULL;
  }
  if (json == NULL) {
    char msg[96];
    size_t at = end ? (size_t)(end - req->entity.base) : 0;
    snprintf(msg, sizeof(msg), "the body is not valid JSON (near byte %zu)",
             at);
    bylawd_reply_error(req, 400, "bad_json", msg, NULL);
    return NULL;
  }
  return json;
}

/* --- dispatch ----------------------------------------------------------------- */

/* Bytes of the request line and headers as the client sent them (close
 * enough: h2o does not keep the raw text). */
static size_t route_header_bytes(const h2o_req_t *req) {
  size_t n = req->input.method.len + req->input.path.len + 12;
  for (size_t i = 0; i < req->headers.size; i++)
    n += req->headers.entries[i].name->len + req->headers.entries[i].value.len +
         4;
  return n + req->input.authority.len + 8;
}

int bylawd_route(bylawd_t *d, h2o_req_t *req) {
  bylawd_call_t call;
  memset(&call, 0, sizeof(call));
  call.d = d;
  call.req = req;

  if (route_header_bytes(req) > d->cfg.limits.header_bytes) {
    char msg[80];
    snprintf(msg, sizeof(msg), "request headers exceed %zu bytes",
             d->cfg.limits.header_bytes);
    req->http1_is_persistent = 0;
    bylawd_reply_error(req, 431, "headers_too_large", msg, NULL);
    return 0;
  }
  if (d->stopping) {
    req->http1_is_persistent = 0;
    bylawd_reply_error(req, 503, "shutting_down", "the daemon is stopping",
                       NULL);
    return 0;
  }

  size_t plen = req->query_at != SIZE_MAX ? req->query_at : req->path.len;
  if (req->query_at != SIZE_MAX &&
      route_parse_query(&call, req->path.base + plen + 1,
                        req->path.len - plen - 1) != 0)
    return 0;

  const route_t *found = NULL;
  int path_known = 0;
  const char *arg = NULL;
  size_t arglen = 0;
  for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
    const route_t *r = &routes[i];
    if ((r->access == ACCESS_BENCH && !d->cfg.bench) ||
        (r->access == ACCESS_CLOCK && !d->cfg.test_clock))
      continue;
    if (!route_match(r->pattern, req->path.base, plen, &arg, &arglen))
      continue;
    path_known = 1;
    if (h2o_memis(req->method.base, req->method.len, r->method,
                  strlen(r->method)) ||
        (strcmp(r->method, "GET") == 0 &&
         h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD")))) {
      found = r;
      break;
    }
  }
  if (found == NULL) {
    if (path_known)
      bylawd_reply_error(req, 405, "method_not_allowed",
                         "this method is not allowed on this path", NULL);
    else
      bylawd_reply_error(req, 404, "not_found", "no such endpoint", NULL);
    return 0;
  }

  if (arg) {
    call.arg = route_decode(&req->pool, arg, arglen, 0);
    if (call.arg == NULL) {
      bylawd_reply_error(req, 400, "bad_path",
                         "malformed percent-escape in the path", NULL);
      return 0;
    }
  }
  call.table = found->table;

  int access = found->access;
  if (access == ACCESS_METRICS)
    access = d->cfg.public_metrics ? ACCESS_PUBLIC : ACCESS_ADMIN;
  if (access == ACCESS_CLOCK)
    access = ACCESS_ADMIN;
  if (access != ACCESS_PUBLIC && access != ACCESS_BENCH) {
    if (route_authenticate(&call) != 0)
      return 0;
    if (access == ACCESS_ADMIN && !call.who.admin) {
      bylawd_reply_error(req, 403, "forbidden", "this needs an admin token",
                         NULL);
      return 0;
    }
  }
  found->fn(&call);
  return 0;
}
