/*
 * daemon.h - the state of one bylawd process and the functions its parts
 * share: the HTTP server (http.c), the API handlers (api_*.c), pack
 * reloading and folder watching (reload.c), group commit (group.c), WAL
 * checkpoints (checkpoint.c), flushing the log before answering
 * (durable.c), scheduler pokes (poke.c), and the lifecycle (main.c).
 *
 * Everything runs on one libuv loop, so no locking: a group of events is
 * processed to its commit inside one callback (an HTTP handler for a batch,
 * the group-commit check handle for single events), which is also why a
 * reload always lands between two events.  The exceptions run in libuv's
 * thread pool: the checkpoint, on a SQLite connection of its own that the
 * loop leaves alone meanwhile, and the log's flush, an fdatasync() of a
 * file.  Every libuv handle lives
 * inside the struct that owns it, with handle->data pointing back, and is
 * freed only from its close callback.
 */
#ifndef BYLAWD_DAEMON_H
#define BYLAWD_DAEMON_H

#ifndef H2O_USE_LIBUV
#define H2O_USE_LIBUV 1
#endif
#include <h2o.h>
#include <sqlite3.h>
#include <uv.h>

#include "bylaw.h"
#include "config.h"
#include "log.h"
#include "metrics.h"

typedef struct bylawd_s bylawd_t;

/* One accepted connection handed to h2o.  tcp must stay first: h2o's close
 * callback hands back the uv_handle_t, which is also the record. */
typedef struct bylawd_conn_s {
  uv_tcp_t tcp;
  bylawd_t *d;
  struct bylawd_conn_s *prev, *next;
} bylawd_conn_t;

/* A connection refused over the limit: answered by us, drained, closed. */
typedef struct bylawd_refusal_s {
  uv_tcp_t tcp; /* tcp.data points to this record */
  uv_write_t write;
  uv_shutdown_t shutdown;
  bylawd_t *d;
  struct bylawd_refusal_s *prev, *next;
  char drain[512];
} bylawd_refusal_t;

/* Watches one pack folder (and its spec/ folder) for changes. */
typedef struct bylawd_watch_s {
  uv_fs_event_t dir;  /* dir.data, spec.data, debounce.data -> this */
  uv_fs_event_t spec;
  uv_timer_t debounce; /* editors write in bursts: reload once it settles */
  int has_spec;
  int open_handles; /* freed when the last close callback ran */
  bylawd_t *d;
  struct bylawd_watch_s *next;
  char pack[64];
} bylawd_watch_t;

typedef struct {
  h2o_globalconf_t config;
  h2o_context_t ctx;
  h2o_accept_ctx_t accept_ctx;
  uv_tcp_t listener; /* listener.data -> bylawd_t */
  int listener_open;
  int h2o_ready; /* ctx initialised, needs h2o_context_dispose */
  bylawd_conn_t *conns;
  int nconns;
  bylawd_refusal_t *refusals;
  int nrefusals;
  char address[80]; /* "127.0.0.1:8080" once listening */
  char refusal[256]; /* the 429 answer to connections over the limit */
  size_t refusal_len;
} bylawd_http_t;

/* Lives in a request's pool while a queue holds the request: clears *ref
 * when h2o disposes of the request (the client went away), so the queue
 * skips it.  ref is NULL once the request is answered. */
typedef struct {
  h2o_req_t **ref;
} bylawd_guard_t;

/* Group commit (group.c): single-event requests of one loop turn, queued
 * until the check handle submits them as one transaction. */
#define BYLAWD_GROUP_MAX 256

typedef struct {
  h2o_req_t *req; /* NULL once h2o disposed of the request */
  bylawd_guard_t *guard;
  const char *json; /* the request body, in the request's pool */
  size_t len;
} bylawd_group_slot_t;

typedef struct {
  uv_check_t check; /* check.data -> bylawd_t; runs after each poll phase */
  uv_idle_t wake;   /* while active, the loop's poll does not block */
  int open;         /* handles not yet closed */
  int n;
  bylawd_group_slot_t slots[BYLAWD_GROUP_MAX];
  uint64_t flushes, events; /* transactions and the events they carried */
} bylawd_group_t;

/* WAL checkpoints in libuv's thread pool (checkpoint.c). */
typedef struct {
  uv_work_t work; /* work.data -> bylawd_t */
  sqlite3 *db;    /* the checkpointer's own connection; NULL when closed */
  int pages;      /* pages in the log after the latest commit */
  int mark;       /* pages when the latest checkpoint started */
  int running;    /* one checkpoint at a time: the worker owns db */
  int sync;       /* flush the database file after this checkpoint */
  int rc, log, copied; /* the latest one's outcome */
  int sync_rc;         /* and of the flush after it */
  int holding;         /* the closing checkpoint runs: groups wait */
} bylawd_ckpt_t;

/* Answers held until the log is flushed (durable.c). */
typedef struct {
  h2o_req_t *req; /* NULL once h2o disposed of the request */
  bylawd_guard_t *guard;
  char *result;    /* the event's result; bylaw_free */
  int code;        /* 0, or the event's rejection code */
  uint64_t commit; /* the commit that must be on disk first */
} bylawd_durable_reply_t;

typedef struct {
  uv_work_t work;     /* work.data -> bylawd_t */
  char *wal;          /* the log file; NULL when commits flush themselves */
  uint64_t committed; /* commits so far (the engine's wal_hook counts) */
  uint64_t synced;    /* commits known to be on disk */
  uint64_t target;    /* what the running flush covers */
  int running;        /* one flush in the thread pool at a time */
  int err;            /* the running flush's errno */
  int failed;         /* a flush failed: nothing more is answered */
  bylawd_durable_reply_t *replies; /* in commit order */
  size_t n, cap;
} bylawd_durable_t;

/* Scheduler pokes, at most one a second (poke.c). */
typedef struct {
  uv_timer_t timer; /* timer.data -> bylawd_t; armed while a poke waits */
  uint64_t last;    /* loop time (ms) of the latest poke */
  int used;         /* a poke was made: last is set */
  int open;
} bylawd_poke_t;

struct bylawd_s {
  uv_loop_t loop;
  bylawd_config_t cfg;
  char *config_path; /* for re-reading tokens on SIGHUP; may be NULL */
  int argc;          /* the command line, for --admin-token on SIGHUP */
  char **argv;
  bylaw_engine_t *engine;
  bylaw_scheduler_t sched; /* sched.data -> bylawd_t */
  int sched_open;
  int64_t test_now; /* the frozen clock with --test-clock */
  uv_signal_t sigterm, sigint, sighup; /* .data -> bylawd_t */
  int signals_open;
  uv_fs_event_t rules_watch; /* new pack folders; .data -> bylawd_t */
  int rules_watch_open;
  bylawd_watch_t *watches;
  bylawd_http_t http;
  bylawd_group_t group;
  bylawd_ckpt_t ckpt;
  bylawd_durable_t durable;
  bylawd_poke_t poke;
  bylawd_metrics_t metrics;
  int stopping;
  int exit_code;
};

/* --- http.c --------------------------------------------------------------- */

/* Binds the listen address and starts serving.  Returns 0, or a negative
 * libuv code with *errmsg (static text) saying what failed. */
int bylawd_http_start(bylawd_t *d, const char **errmsg);

/* Stops accepting, asks every connection to finish and close; once the last
 * one closed, releases h2o.  Safe to call twice. */
void bylawd_http_stop(bylawd_t *d);

/* Sends a JSON body (copied) with status, once whatever the store has
 * committed is on disk (bylawd_durable_wait); a 503 when it cannot be. */
void bylawd_reply(h2o_req_t *req, int status, const char *json, size_t len);

/* Sends a JSON body (copied) with status at once: the caller knows that
 * what it answers for is on disk (durable.c). */
void bylawd_reply_flushed(h2o_req_t *req, int status, const char *json,
                          size_t len);

/* The answer when the store could not be flushed to disk. */
#define BYLAWD_UNFLUSHED                                                     \
  "{\"error\":{\"code\":\"BYLAW_EIO\",\"message\":\"the store could not be " \
  "flushed to disk: send it again later\",\"field\":null}}"

/* Sends {"error":{"code","message","field"}} with status; field may be NULL. */
void bylawd_reply_error(h2o_req_t *req, int status, const char *code,
                        const char *message, const char *field);

/* Sends a library error (code is a negative BYLAW_E* value) with the HTTP
 * status that fits it and the message of err when there is one. */
void bylawd_reply_bylaw_error(h2o_req_t *req, int code,
                              const bylaw_error_t *err, const char *field);

/* The HTTP status that fits a library error code. */
int bylawd_http_status(int code);

/* --- route.c ---------------------------------------------------------------- */

/* Who is calling: the token they showed. */
typedef struct {
  const bylawd_token_t *token; /* NULL: no token needed for this route */
  int admin;
} bylawd_principal_t;

/* One decoded query-string parameter. */
typedef struct {
  const char *key, *value; /* in the request's memory pool */
} bylawd_param_t;

#define BYLAWD_MAX_PARAMS 16

/* One API call being served. */
typedef struct {
  bylawd_t *d;
  h2o_req_t *req;
  bylawd_principal_t who;
  const char *arg; /* the {id} or {pack} path segment, decoded; or NULL */
  const char *table; /* the store table a list route reads */
  bylawd_param_t params[BYLAWD_MAX_PARAMS];
  int nparams;
} bylawd_call_t;

/* Serves one request: limits, authentication, routing. */
int bylawd_route(bylawd_t *d, h2o_req_t *req);

/* Returns the value of query parameter key, or NULL. */
const char *bylawd_param(const bylawd_call_t *call, const char *key);

/* 1 when the caller may read and write pack. */
int bylawd_can(const bylawd_call_t *call, const char *pack);

/* The pack a call is about: ?pack=, else the only pack of the caller's
 * token.  Replies (400/403) and returns NULL when there is none or the
 * caller may not use it. */
const char *bylawd_call_pack(bylawd_call_t *call, const char *given);

/* Parses the request body as JSON within the depth limit.  Replies 400 and
 * returns NULL when it is not valid; caller frees the result with
 * cJSON_Delete(). */
cJSON *bylawd_body_json(bylawd_call_t *call);

/* --- api_*.c: the handlers, each replying to call->req -------------------- */

typedef void (*bylawd_api_fn)(bylawd_call_t *call);

void bylawd_api_healthz(bylawd_call_t *call);
void bylawd_api_metrics(bylawd_call_t *call);
void bylawd_api_bench(bylawd_call_t *call);
void bylawd_api_events(bylawd_call_t *call);
void bylawd_api_decision(bylawd_call_t *call);
void bylawd_api_packs(bylawd_call_t *call);
void bylawd_api_reload(bylawd_call_t *call);
void bylawd_api_customer(bylawd_call_t *call);
void bylawd_api_list(bylawd_call_t *call); /* table chosen by the path */
void bylawd_api_clock_get(bylawd_call_t *call);
void bylawd_api_clock_set(bylawd_call_t *call);
void bylawd_api_backup(bylawd_call_t *call);

/* Submits one event (JSON text) and accounts for it.  Returns the submit
 * code; *result (caller frees with bylaw_free) as bylaw_submit() gives it. */
int bylawd_submit(bylawd_t *d, const char *json, size_t len, char **result,
                  bylaw_error_t *err);

/* Submits n events (JSON texts) in one transaction with
 * bylaw_submit_batch() and accounts for each.  results[i] (caller frees
 * each with bylaw_free) and codes[i] (0, or the event's rejection code)
 * describe event i.  Returns 0, or the store's error: then nothing was
 * written and every event may be sent again. */
int bylawd_submit_group(bylawd_t *d, const char *const *events,
                        const size_t *lens, size_t n, char **results,
                        int *codes, bylaw_error_t *err);

/* --- group.c ------------------------------------------------------------------ */

/* Prepares the group-commit queue on the loop.  Returns 0 or a libuv code. */
int bylawd_group_start(bylawd_t *d);

/* Queues the single event json (in req's pool) of req; it is answered after
 * the group commits.  Returns 0, or -1 when the queue is closed (the caller
 * then submits the event itself). */
int bylawd_group_add(bylawd_t *d, h2o_req_t *req, const char *json,
                     size_t len);

/* Submits and answers whatever is queued (the check handle's callback). */
void bylawd_group_flush(bylawd_t *d);

/* Flushes the queue and closes its handle (shutdown). */
void bylawd_group_stop(bylawd_t *d);

/* --- checkpoint.c ------------------------------------------------------------ */

/* Opens the checkpointer's connection to the store.  Returns 0, or -1 after
 * logging why. */
int bylawd_ckpt_start(bylawd_t *d);

/* The engine's wal_hook (data is the bylawd_t): notes the log's size after
 * a commit and starts a checkpoint when it has grown enough. */
void bylawd_ckpt_on_commit(void *data, int pages);

/* Closes the connection, at once or when the running checkpoint ends. */
void bylawd_ckpt_stop(bylawd_t *d);

/* --- durable.c --------------------------------------------------------------- */

/* Puts a guard for req in its pool, watching *ref. */
bylawd_guard_t *bylawd_guard_new(h2o_req_t *req, h2o_req_t **ref);

/* 1 when bylawd flushes the log itself: durability full on a file.  The
 * engine is then opened with synchronous=NORMAL. */
int bylawd_durable_enabled(const bylawd_config_t *cfg);

/* Finds the log file through db, a connection to the store.  Returns 0, or
 * -1 after logging why. */
int bylawd_durable_start(bylawd_t *d, sqlite3 *db);

/* Counts a commit (from the engine's wal_hook). */
void bylawd_durable_on_commit(bylawd_t *d);

/* Holds the answer to req (result and code as bylawd_submit_group gave
 * them; result is taken) until the latest commit is on disk; guard is
 * req's, re-pointed here.  Returns 0, or -1 when there is nothing to wait
 * for (the caller answers at once). */
int bylawd_durable_defer(bylawd_t *d, h2o_req_t *req, bylawd_guard_t *guard,
                         char *result, int code);

/* Flushes the log on the loop when anything was committed since the last
 * flush.  Returns 0, or -1 when the flush failed (the daemon is stopping). */
int bylawd_durable_wait(bylawd_t *d);

/* Flushes and answers everything held (shutdown). */
void bylawd_durable_stop(bylawd_t *d);

/* Frees what is left once the loop has ended. */
void bylawd_durable_free(bylawd_t *d);

/* --- poke.c ------------------------------------------------------------------ */

/* Prepares the poke timer.  Returns 0 or a libuv code. */
int bylawd_poke_start(bylawd_t *d);

/* An event was applied: has the scheduler look at the store, now or at the
 * end of the second that began with the previous poke. */
void bylawd_poke(bylawd_t *d);

/* Closes the poke timer (shutdown). */
void bylawd_poke_stop(bylawd_t *d);

/* --- reload.c ---------------------------------------------------------------- */

/* Reloads pack (running its specs if configured), logging and counting the
 * outcome.  Returns the bylaw_reload() code; err as it fills it. */
int bylawd_reload_pack(bylawd_t *d, const char *pack, const char *why,
                       bylaw_error_t *err);

/* Reloads every loaded pack one by one (SIGHUP). */
void bylawd_reload_all(bylawd_t *d, const char *why);

/* Starts watching the rules folder and every pack folder. */
int bylawd_watch_start(bylawd_t *d);

/* Closes every watch handle. */
void bylawd_watch_stop(bylawd_t *d);

/* --- main.c ------------------------------------------------------------------ */

/* Begins a graceful shutdown (idempotent). */
void bylawd_shutdown(bylawd_t *d, const char *why);

/* The daemon's clock: the frozen test clock, or the time of day. */
int64_t bylawd_now(bylawd_t *d);

#endif
