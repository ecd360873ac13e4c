/*
 * http.c - bylawd's HTTP server: h2o (built on libuv) on our loop.
 *
 * h2o parses HTTP and enforces the body-size and read-timeout limits; this
 * file adds what h2o leaves to the application: the connection limit
 * (refused connections get a 429 written here, then are drained and closed),
 * JSON bodies for the errors h2o sends by itself (a filter on the fallback
 * path, which is where h2o routes requests it rejects before routing), reply
 * helpers, and a graceful stop.
 *
 * Ownership: every accepted connection is a bylawd_conn_t on d->http.conns,
 * freed by the close callback h2o calls once it closes the socket; refused
 * ones are bylawd_refusal_t records freed by their own close callback.  h2o's
 * context and config are released once the last connection is gone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cJSON.h>

#include "daemon.h"

/* --- replies ----------------------------------------------------------- */

static const char *http_reason(int status) {
  switch (status) {
  case 200: return "OK";
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 409: return "Conflict";
  case 413: return "Payload Too Large";
  case 415: return "Unsupported Media Type";
  case 422: return "Unprocessable Entity";
  case 429: return "Too Many Requests";
  case 431: return "Request Header Fields Too Large";
  case 500: return "Internal Server Error";
  case 503: return "Service Unavailable";
  default: return status < 400 ? "OK" : "Error";
  }
}

static void http_send(bylawd_t *d, h2o_req_t *req, int status,
                      const char *json, size_t len) {
  if (status >= 100 && status < 600)
    d->metrics.http_responses[status / 100]++;
  LOG_DEBUG("http: %.*s %.*s -> %d", (int)req->method.len, req->method.base,
            (int)req->path.len, req->path.base, status);
  req->res.status = status;
  req->res.reason = http_reason(status);
  req->res.content_length = len;
  h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL,
                 H2O_STRLIT("application/json"));
  h2o_send_inline(req, json, len);
}

/* The context is the one embedded in bylawd_t (bylawd_http_start). */
#define HTTP_DAEMON(req) H2O_STRUCT_FROM_MEMBER(bylawd_t, http.ctx, (req)->conn->ctx)

void bylawd_reply(h2o_req_t *req, int status, const char *json, size_t len) {
  bylawd_t *d = HTTP_DAEMON(req);
  /* Nothing is said, nor shown, that a power cut could take back. */
  if (bylawd_durable_wait(d) != 0)
    http_send(d, req, 503, BYLAWD_UNFLUSHED, sizeof(BYLAWD_UNFLUSHED) - 1);
  else
    http_send(d, req, status, json, len);
}

void bylawd_reply_flushed(h2o_req_t *req, int status, const char *json,
                          size_t len) {
  http_send(HTTP_DAEMON(req), req, status, json, len);
}

static char *http_error_json(const char *code, const char *message,
                             const char *field) {
  cJSON *root = cJSON_CreateObject();
  cJSON *e = cJSON_AddObjectToObject(root, "error");
  cJSON_AddStringToObject(e, "code", code);
  cJSON_AddStringToObject(e, "message", message);
  if (field)
    cJSON_AddStringToObject(e, "field", field);
  else
    cJSON_AddNullToObject(e, "field");
  char *text = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  return text;
}

void bylawd_reply_error(h2o_req_t *req, int status, const char *code,
                        const char *message, const char *field) {
  char *text = http_error_json(code, message, field);
  if (text == NULL) {
    static const char oom[] =
        "{\"error\":{\"code\":\"BYLAW_ENOMEM\",\"message\":\"out of memory\","
        "\"field\":null}}";
    bylawd_reply(req, 503, oom, sizeof(oom) - 1);
    return;
  }
  bylawd_reply(req, status, text, strlen(text));
  cJSON_free(text);
}

int bylawd_http_status(int code) {
  switch (code) {
  case BYLAW_EINVAL:
  case BYLAW_EEVENT: return 400;
  case BYLAW_ENOPACK:
  case BYLAW_ENOTFOUND: return 404;
  case BYLAW_ECONFLICT: return 409;
  case BYLAW_EPACK:
  case BYLAW_ESPEC:
  case BYLAW_ERULE:
  case BYLAW_EBUDGET:
  case BYLAW_EMEMLIMIT:
  case BYLAW_EACTION: return 422;
  case BYLAW_EBUSY:
  case BYLAW_ENOMEM: return 503;
  default: return 500;
  }
}

void bylawd_reply_bylaw_error(h2o_req_t *req, int code,
                              const bylaw_error_t *err, const char *field) {
  const char *message =
      err && err->message ? err->message : bylaw_strerror(code);
  bylawd_reply_error(req, bylawd_http_status(code), bylaw_err_name(code),
                     message, field);
}

/* --- JSON for h2o's own errors ---------------------------------------------- */

/* h2o answers some requests before our handler sees them (a body over the
 * size limit: 413; broken chunked encoding: 400) with a plain-text body.
 * This filter, installed on the fallback path those answers use, swaps the
 * body for our {"error": ...} shape so clients parse every error alike. */

typedef struct {
  h2o_ostream_t super;
  h2o_iovec_t body; /* in the request's pool */
  int sent;
} http_errstream_t;

static void http_errstream_send(h2o_ostream_t *self, h2o_req_t *req,
                                h2o_iovec_t *bufs, size_t bufcnt,
                                h2o_send_state_t state) {
  (void)bufs;
  (void)bufcnt;
  http_errstream_t *s = (http_errstream_t *)self;
  h2o_iovec_t out = s->body;
  size_t n = s->sent ? 0 : 1;
  s->sent = 1;
  h2o_ostream_send_next(self, req, &out, n, state);
}

typedef struct {
  h2o_filter_t super;
  bylawd_t *d;
} http_errfilter_t;

static void http_errfilter_setup(h2o_filter_t *self, h2o_req_t *req,
                                 h2o_ostream_t **slot) {
  bylawd_t *d = ((http_errfilter_t *)self)->d;
  if (req->res.status >= 400) {
    char message[128];
    const char *code = "bad_request";
    if (req->res.status == 413) {
      code = "body_too_large";
      snprintf(message, sizeof(message), "request body exceeds %zu bytes",
               d->cfg.limits.body_bytes);
    } else {
      snprintf(message, sizeof(message), "%s",
               req->res.reason ? req->res.reason : "bad request");
    }
    char *text = http_error_json(code, message, NULL);
    if (text) {
      http_errstream_t *s =
          (void *)h2o_add_ostream(req, sizeof(http_errstream_t), slot);
      s->super.do_send = http_errstream_send;
      s->body = h2o_strdup(&req->pool, text, strlen(text));
      s->sent = 0;
      cJSON_free(text);
      req->res.content_length = s->body.len;
      for (size_t i = 0; i < req->res.headers.size; i++) {
        if (req->res.headers.entries[i].name == &H2O_TOKEN_CONTENT_TYPE->buf)
          req->res.headers.entries[i].value =
              h2o_iovec_init(H2O_STRLIT("application/json"));
      }
      slot = &s->super.next;
    }
    if (req->res.status >= 100 && req->res.status < 600)
      d->metrics.http_responses[req->res.status / 100]++;
  }
  h2o_setup_next_ostream(req, slot);
}

/* --- the handler ---------------------------------------------------------- */

typedef struct {
  h2o_handler_t super;
  bylawd_t *d;
} http_handler_t;

static int http_on_req(h2o_handler_t *self, h2o_req_t *req) {
  return bylawd_route(((http_handler_t *)self)->d, req);
}

/* --- connections ------------------------------------------------------------ */

static void http_maybe_release(bylawd_t *d) {
  bylawd_http_t *h = &d->http;
  if (!d->stopping || h->listener_open || h->nconns || h->nrefusals ||
      !h->h2o_ready)
    return;
  /* Closes h2o's own timers and async handle; the loop finishes them. */
  h2o_context_dispose(&h->ctx);
  h2o_config_dispose(&h->config);
  h->h2o_ready = 0;
  LOG_DEBUG("http: all connections closed");
}

static void http_on_conn_close(uv_handle_t *handle) {
  bylawd_conn_t *c = (bylawd_conn_t *)handle;
  bylawd_t *d = c->d;
  if (c->prev)
    c->prev->next = c->next;
  else
    d->http.conns = c->next;
  if (c->next)
    c->next->prev = c->prev;
  d->http.nconns--;
  free(c);
  http_maybe_release(d);
}

static void http_on_unaccepted_close(uv_handle_t *handle) { free(handle); }

static void http_on_refusal_close(uv_handle_t *handle) {
  bylawd_refusal_t *r = handle->data;
  bylawd_t *d = r->d;
  if (r->prev)
    r->prev->next = r->next;
  else
    d->http.refusals = r->next;
  if (r->next)
    r->next->prev = r->prev;
  d->http.nrefusals--;
  free(r);
  http_maybe_release(d);
}

static void http_refusal_close(bylawd_refusal_t *r) {
  if (!uv_is_closing((uv_handle_t *)&r->tcp))
    uv_close((uv_handle_t *)&r->tcp, http_on_refusal_close);
}

static void http_refusal_alloc(uv_handle_t *handle, size_t hint,
                               uv_buf_t *buf) {
  (void)hint;
  bylawd_refusal_t *r = handle->data;
  *buf = uv_buf_init(r->drain, sizeof(r->drain));
}

/* The request of a refused client is read and thrown away until it closes:
 * closing with unread data would reset the connection and could destroy our
 * answer before the client read it. */
static void http_refusal_read(uv_stream_t *stream, ssize_t nread,
                              const uv_buf_t *buf) {
  (void)buf;
  if (nread < 0)
    http_refusal_close(stream->data);
}

static void http_refusal_shutdown(uv_shutdown_t *req, int status) {
  if (status != 0)
    http_refusal_close(req->data);
}

static void http_refusal_written(uv_write_t *req, int status) {
  bylawd_refusal_t *r = req->data;
  if (status != 0 ||
      uv_shutdown(&r->shutdown, (uv_stream_t *)&r->tcp, http_refusal_shutdown))
    http_refusal_close(r);
}

static const char http_refusal_body[] =
    "{\"error\":{\"code\":\"too_many_connections\",\"message\":"
    "\"connection limit reached\",\"field\":null}}";

/* The whole 429 response, built once: refused connections must cost as
 * little as possible. */
static size_t http_refusal_text(char *buf, size_t size) {
  int n = snprintf(buf, size,
                   "HTTP/1.1 429 Too Many Requests\r\n"
                   "Content-Type: application/json\r\n"
                   "Retry-After: 1\r\n"
                   "Connection: close\r\n"
                   "Content-Length: %zu\r\n"
                   "\r\n%s",
                   sizeof(http_refusal_body) - 1, http_refusal_body);
  return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

/* Accepts one connection over the limit and answers 429 on it.  Past twice
 * the limit, connections are closed without an answer. */
static void http_refuse(bylawd_t *d, uv_stream_t *listener) {
  d->metrics.connections_rejected++;
  bylawd_refusal_t *r = calloc(1, sizeof(*r));
  if (r == NULL)
    return;
  r->d = d;
  r->tcp.data = r;
  r->write.data = r;
  r->shutdown.data = r;
  if (uv_tcp_init(&d->loop, &r->tcp) != 0) {
    free(r);
    return;
  }
  r->next = d->http.refusals;
  if (r->next)
    r->next->prev = r;
  d->http.refusals = r;
  d->http.nrefusals++;
  if (uv_accept(listener, (uv_stream_t *)&r->tcp) != 0 ||
      d->http.nrefusals > d->cfg.limits.connections) {
    http_refusal_close(r);
    return;
  }
  LOG_WARN("http: connection limit (%d) reached, refusing a connection",
           d->cfg.limits.connections);
  if (d->http.refusal_len == 0)
    d->http.refusal_len =
        http_refusal_text(d->http.refusal, sizeof(d->http.refusal));
  uv_buf_t buf = uv_buf_init(d->http.refusal, (unsigned)d->http.refusal_len);
  if (uv_read_start((uv_stream_t *)&r->tcp, http_refusal_alloc,
                    http_refusal_read) != 0 ||
      uv_write(&r->write, (uv_stream_t *)&r->tcp, &buf, 1,
               http_refusal_written) != 0)
    http_refusal_close(r);
}

static void http_on_accept(uv_stream_t *listener, int status) {
  bylawd_t *d = listener->data;
  if (status != 0) {
    LOG_WARN("http: accept failed: %s", uv_strerror(status));
    return;
  }
  if (d->stopping)
    return;
  if (d->http.nconns >= d->cfg.limits.connections) {
    http_refuse(d, listener);
    return;
  }
  bylawd_conn_t *c = calloc(1, sizeof(*c));
  if (c == NULL)
    return;
  if (uv_tcp_init(&d->loop, &c->tcp) != 0) {
    free(c);
    return;
  }
  if (uv_accept(listener, (uv_stream_t *)&c->tcp) != 0) {
    uv_close((uv_handle_t *)&c->tcp, http_on_unaccepted_close);
    return;
  }
  c->d = d;
  c->next = d->http.conns;
  if (c->next)
    c->next->prev = c;
  d->http.conns = c;
  d->http.nconns++;
  /* From here h2o owns the handle and closes it through http_on_conn_close;
   * it also takes over tcp.data. */
  h2o_socket_t *sock =
      h2o_uv_socket_create((uv_stream_t *)&c->tcp, http_on_conn_close);
  h2o_accept(&d->http.accept_ctx, sock);
}

/* --- start and stop -------------------------------------------------------------- */

/* Parses "host:port" or "[v6]:port" into addr; returns 0 or a libuv code. */
static int http_parse_listen(const char *text, struct sockaddr_storage *addr) {
  char host[64];
  const char *colon = strrchr(text, ':');
  if (colon == NULL || colon == text || (size_t)(colon - text) >= sizeof(host))
    return UV_EINVAL;
  char *end;
  long port = strtol(colon + 1, &end, 10);
  if (*end != '\0' || colon[1] == '\0' || port < 0 || port > 65535)
    return UV_EINVAL;
  memcpy(host, text, (size_t)(colon - text));
  host[colon - text] = '\0';
  if (host[0] == '[') {
    size_t n = strlen(host);
    if (n < 3 || host[n - 1] != ']')
      return UV_EINVAL;
    host[n - 1] = '\0';
    return uv_ip6_addr(host + 1, (int)port, (struct sockaddr_in6 *)addr);
  }
  return uv_ip4_addr(host, (int)port, (struct sockaddr_in *)addr);
}

static void http_on_listener_close(uv_handle_t *handle) {
  bylawd_t *d = handle->data;
  d->http.listener_open = 0;
  http_maybe_release(d);
}

int bylawd_http_start(bylawd_t *d, const char **errmsg) {
  bylawd_http_t *h = &d->http;
  struct sockaddr_storage addr;
  int rc;

  h2o_config_init(&h->config);
  h->config.server_name = h2o_iovec_init(H2O_STRLIT("bylawd"));
  h->config.max_request_entity_size = d->cfg.limits.body_bytes;
  h->config.http1.req_timeout = d->cfg.limits.read_timeout_ms;
  /* HTTP/1.1 only: API clients gain nothing from cleartext HTTP/2, and one
   * protocol keeps the limits and the shutdown path simple. */
  h->config.http1.upgrade_to_http2 = 0;
  h2o_hostconf_t *host = h2o_config_register_host(
      &h->config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
  h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
  http_handler_t *handler = (void *)h2o_create_handler(path, sizeof(*handler));
  handler->super.on_req = http_on_req;
  handler->d = d;
  http_errfilter_t *filter =
      (void *)h2o_create_filter(&host->fallback_path, sizeof(*filter));
  filter->super.on_setup_ostream = http_errfilter_setup;
  filter->d = d;

  h2o_context_init(&h->ctx, &d->loop, &h->config);
  h->accept_ctx.ctx = &h->ctx;
  h->accept_ctx.hosts = h->config.hosts;
  h->h2o_ready = 1;

  if ((rc = http_parse_listen(d->cfg.listen, &addr)) != 0) {
    *errmsg = "listen address must be HOST:PORT or [V6]:PORT";
    return rc;
  }
  if ((rc = uv_tcp_init(&d->loop, &h->listener)) != 0) {
    *errmsg = "cannot create the listening socket";
    return rc;
  }
  h->listener.data = d;
  h->listener_open = 1;
  if ((rc = uv_tcp_bind(&h->listener, (struct sockaddr *)&addr, 0)) != 0 ||
      (rc = uv_listen((uv_stream_t *)&h->listener, 128, http_on_accept)) != 0) {
    *errmsg = "cannot listen on the configured address";
    return rc;
  }

  /* Report the address actually bound: with port 0 the kernel picks one. */
  struct sockaddr_storage bound;
  int len = sizeof(bound);
  char ip[64] = "?";
  int port = 0;
  if (uv_tcp_getsockname(&h->listener, (struct sockaddr *)&bound, &len) == 0) {
    if (bound.ss_family == AF_INET6) {
      uv_ip6_name((struct sockaddr_in6 *)&bound, ip, sizeof(ip));
      port = ntohs(((struct sockaddr_in6 *)&bound)->sin6_port);
      snprintf(h->address, sizeof(h->address), "[%s]:%d", ip, port);
    } else {
      uv_ip4_name((struct sockaddr_in *)&bound, ip, sizeof(ip));
      port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
      snprintf(h->address, sizeof(h->address), "%s:%d", ip, port);
    }
  }
  return 0;
}

void bylawd_http_stop(bylawd_t *d) {
  bylawd_http_t *h = &d->http;
  if (h->listener_open && !uv_is_closing((uv_handle_t *)&h->listener))
    uv_close((uv_handle_t *)&h->listener, http_on_listener_close);
  /* Responses from now on say "Connection: close".  (Setting the flag
   * rather than calling h2o_context_request_shutdown(): that also arms an
   * HTTP/2 GOAWAY timer, and HTTP/2 is off here.) */
  if (h->h2o_ready)
    h->ctx.shutdown_requested = 1;
  /* HTTP/1 keep-alive connections idle in h2o until their read timeout.
   * Shutting down the read side makes each see end-of-input right away (or
   * right after the response it is sending), and h2o closes it through its
   * normal path, freeing everything it holds. */
  for (bylawd_conn_t *c = h->conns; c; c = c->next) {
    uv_os_fd_t fd;
    if (uv_fileno((uv_handle_t *)&c->tcp, &fd) == 0)
      shutdown(fd, SHUT_RD);
  }
  for (bylawd_refusal_t *r = h->refusals; r; r = r->next)
    http_refusal_close(r);
  http_maybe_release(d);
}
