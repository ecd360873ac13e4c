/*
 * bylaw.h - the public C API of libbylaw, a Lua-scriptable rules engine for
 * customer-management policy.
 *
 * An engine owns one SQLite store and one sandboxed Lua state per rule pack
 * (one folder of Lua scripts under the rules directory).  Callers submit
 * events as JSON text and get back, as JSON text, what happened: the status of
 * the event and every action the rules fired.  Time is always explicit: events
 * carry their own "at", and the clock is advanced with bylaw_tick().
 *
 * Conventions (as in libuv):
 * - every fallible function returns 0 on success or a negative BYLAW_E* code;
 * - where a message helps, an optional bylaw_error_t out-parameter receives a
 *   code and a heap message, released with bylaw_error_clear();
 * - strings returned through char ** are heap memory the caller frees with
 *   bylaw_free();
 * - there is no global state: two engines in one process never interfere.
 *   An engine is not thread-safe; use one per thread or lock around it.
 */
#ifndef BYLAW_H
#define BYLAW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define BYLAW_EXTERN __attribute__((visibility("default")))
#else
#define BYLAW_EXTERN
#endif

#define BYLAW_VERSION_MAJOR 0
#define BYLAW_VERSION_MINOR 1
#define BYLAW_VERSION_PATCH 0
#define BYLAW_VERSION_STRING "0.1.0"

/* Error codes: name, value, message.  One list feeds the enum,
 * bylaw_err_name() and bylaw_strerror(). */
#define BYLAW_ERRNO_MAP(XX)                                                    \
  XX(EINVAL, -1, "invalid argument")                                           \
  XX(ENOMEM, -2, "out of memory")                                              \
  XX(EIO, -3, "input/output error")                                            \
  XX(ESTORE, -4, "store error")                                                \
  XX(ESCHEMA, -5, "database schema is newer than this program")               \
  XX(EEVENT, -6, "invalid event")                                              \
  XX(ENOPACK, -7, "unknown rule pack")                                         \
  XX(EPACK, -8, "rule pack failed to load")                                    \
  XX(ERULE, -9, "rule failed")                                                 \
  XX(EBUDGET, -10, "rule exceeded its instruction budget")                     \
  XX(EMEMLIMIT, -11, "rule exceeded its memory limit")                         \
  XX(EACTION, -12, "rule returned an invalid action")                          \
  XX(ESPEC, -13, "pack specs failed")                                          \
  XX(ENOTFOUND, -14, "not found")                                              \
  XX(EBUSY, -15, "store is busy")                                              \
  XX(ECONFLICT, -16, "event id reused with a different body")

typedef enum {
#define BYLAW_ERR_ENUM(name, val, msg) BYLAW_##name = val,
  BYLAW_ERRNO_MAP(BYLAW_ERR_ENUM)
#undef BYLAW_ERR_ENUM
  BYLAW_OK = 0
} bylaw_errno_t;

/** Returns the symbolic name ("BYLAW_EINVAL") of an error code; static. */
BYLAW_EXTERN const char *bylaw_err_name(int code);
/** Returns a short English description of an error code; static. */
BYLAW_EXTERN const char *bylaw_strerror(int code);

/** A detailed error: a code and a heap message (NULL when none). */
typedef struct {
  int code;
  char *message;
} bylaw_error_t;

/** Frees the message and resets the error; accepts NULL. */
BYLAW_EXTERN void bylaw_error_clear(bylaw_error_t *err);

/** Frees memory returned by any bylaw function; accepts NULL. */
BYLAW_EXTERN void bylaw_free(void *ptr);

/**
 * Replaces the allocator libbylaw uses for its own memory (not SQLite's or
 * libuv's).  Call before creating any engine.  All four must be given.
 * @return 0, or BYLAW_EINVAL if a function is missing.
 */
BYLAW_EXTERN int bylaw_replace_allocator(void *(*malloc_fn)(size_t),
                                         void *(*realloc_fn)(void *, size_t),
                                         void *(*calloc_fn)(size_t, size_t),
                                         void (*free_fn)(void *));

/** How hard the store pushes each commit to disk (SQLite PRAGMA synchronous). */
typedef enum {
  BYLAW_SYNC_FULL = 0, /* default: money data survives power loss */
  BYLAW_SYNC_NORMAL = 1,
  BYLAW_SYNC_OFF = 2 /* tests and scratch replays only */
} bylaw_sync_t;

/** Engine options; fill with bylaw_options_init() then change fields. */
typedef struct {
  const char *db_path;   /* SQLite file, ":memory:" for a scratch store */
  const char *rules_dir; /* folder holding one sub-folder per pack */
  const char *only_pack; /* load just this pack (NULL: every pack) */
  size_t mem_limit;      /* bytes of Lua heap per pack (default 64 MiB) */
  uint64_t instr_budget; /* Lua instructions per evaluation (default 10M) */
  bylaw_sync_t sync;     /* default BYLAW_SYNC_FULL */
  int busy_timeout_ms;   /* default 5000 */
  /* Checkpoints copy the write-ahead log back into the database file.  By
   * default (wal_hook NULL) the engine runs one itself after the commit that
   * brings the log to 1,000 pages, so that commit's caller also waits for
   * the copy and an fsync of the database file.  A program that checkpoints
   * on its own connection instead (bylawd does, in a worker thread) sets
   * wal_hook: the engine then never checkpoints and, after every commit,
   * calls wal_hook(wal_hook_data, pages) with the pages the log now holds
   * (on the committing thread, with no lock held). */
  void (*wal_hook)(void *data, int pages);
  void *wal_hook_data;
} bylaw_options_t;

BYLAW_EXTERN void bylaw_options_init(bylaw_options_t *opts);

typedef struct bylaw_engine_s bylaw_engine_t;

/**
 * Opens (creating and migrating as needed) the store and loads every pack of
 * the rules directory.  A pack that fails to load fails the whole open.
 * The first engine of a process turns SQLite's memory statistics off
 * (SQLITE_CONFIG_MEMSTATUS: a global mutex on every SQLite allocation),
 * unless the program has already initialised SQLite.
 * @param out receives the engine; free it with bylaw_engine_free().
 * @return 0, or a negative code with details in err.
 */
BYLAW_EXTERN int bylaw_engine_new(bylaw_engine_t **out,
                                  const bylaw_options_t *opts,
                                  bylaw_error_t *err);

/** Closes the store and every Lua state; accepts NULL. */
BYLAW_EXTERN void bylaw_engine_free(bylaw_engine_t *engine);

/**
 * Processes one event given as JSON text, in one transaction.
 *
 * On return *result (caller frees with bylaw_free) holds one JSON object:
 *   {"event": ID, "pack": P, "status": "applied"|"duplicate"|"rejected",
 *    "actions": [...], "error": null|{"code","message","field"}}
 * The result is filled for rejected events too; the return value is then the
 * code of the rejection (BYLAW_EEVENT, BYLAW_ERULE, ...), 0 for applied and
 * duplicate events.  A store failure (disk full, I/O error, busy) is a
 * rejection too, with code BYLAW_EIO, BYLAW_EBUSY or BYLAW_ESTORE: the event
 * was not recorded and may be sent again once the fault clears.  *result is
 * NULL only when memory ran out.
 */
BYLAW_EXTERN int bylaw_submit(bylaw_engine_t *engine, const char *json,
                              size_t len, char **result, bylaw_error_t *err);

/**
 * Processes n events in one transaction (group commit): every event keeps
 * its own all-or-nothing outcome, and the batch costs one commit.  Events
 * run in runs under one savepoint; when one is rejected, the events before
 * it in its run are undone and run again, so a pack's rules must not keep
 * state of their own between events.  results[i] (caller frees each with
 * bylaw_free) receives event i's result in the bylaw_submit() format.
 * @return 0 when the transaction committed (events may still be rejected
 * one by one: see their results), or the store's error (BYLAW_EIO,
 * BYLAW_EBUSY...), in which case nothing was written and every event may
 * be sent again.
 */
BYLAW_EXTERN int bylaw_submit_batch(bylaw_engine_t *engine, const char *const *events,
                                    const size_t *lens, size_t n, char **results,
                                    bylaw_error_t *err);

/**
 * Explains what the rules would do with one event, as a dry run: the event
 * runs against the current store, is not checked against or added to the
 * inbox, and everything is rolled back.  *result (caller frees with
 * bylaw_free) is the bylaw_submit() object with status "explained" (or
 * "rejected") plus "rules": [{"rule","clause","note"}...], what each rule
 * saw and decided, in the order the rules ran.
 */
BYLAW_EXTERN int bylaw_explain(bylaw_engine_t *engine, const char *json,
                               size_t len, char **result, bylaw_error_t *err);

/**
 * Runs the clock of one pack (or of every pack when pack is NULL) up to now
 * (Unix seconds): due and overdue follow-ups, deadlines, calendar rules.  A
 * tick is an event ("tick" type, id "tick@<ISO time>") and is processed
 * exactly once like any other.  *result is a JSON array of event results in
 * the bylaw_submit() format; caller frees it with bylaw_free().
 */
BYLAW_EXTERN int bylaw_tick(bylaw_engine_t *engine, const char *pack,
                            int64_t now, char **result, bylaw_error_t *err);

/**
 * Runs the clock as bylaw_tick() does (the same events, actions, effects and
 * action log) but reports how many actions each tick fired instead of every
 * action, so a tick that marks a million tasks overdue does not hold a
 * million action objects in memory.  *result (caller frees with bylaw_free)
 * is a JSON array with one object per pack:
 *   {"event": ID, "pack": P, "status": "applied"|"duplicate"|"rejected",
 *    "action_count": N, "action_types": {"mark_overdue": N, ...},
 *    "error": null|{"code","message","field"}}
 * A rejected tick changed nothing: its counts are 0 and {}.  The action log
 * (bylaw_query() on "actions") holds every action of an applied tick.
 */
BYLAW_EXTERN int bylaw_tick_summary(bylaw_engine_t *engine, const char *pack,
                                    int64_t now, char **result,
                                    bylaw_error_t *err);

/**
 * Earliest time after the last tick at which pack (NULL: any pack) has
 * time-based work due (an open task's due time, a deadline, a calendar rule).
 * @return 0 with *at set, or BYLAW_ENOTFOUND when nothing is scheduled.
 */
BYLAW_EXTERN int bylaw_next_due(bylaw_engine_t *engine, const char *pack,
                                int64_t *at, bylaw_error_t *err);

/** Flags for bylaw_reload(). */
enum { BYLAW_RELOAD_RUN_SPECS = 1 };

/**
 * Loads pack (NULL: every pack) again from the rules directory into a new Lua
 * state and, with BYLAW_RELOAD_RUN_SPECS, runs its specs on a scratch store.
 * Only if all of that succeeds does the new version replace the old one; on
 * failure the old version keeps running and the error is also remembered for
 * bylaw_packs_json().
 */
BYLAW_EXTERN int bylaw_reload(bylaw_engine_t *engine, const char *pack,
                              unsigned flags, bylaw_error_t *err);

/**
 * Describes the loaded packs as a JSON array of
 *   {"pack","title","version","loaded_at","rules","last_error"}.
 * Caller frees *out with bylaw_free().
 */
BYLAW_EXTERN int bylaw_packs_json(bylaw_engine_t *engine, char **out,
                                  bylaw_error_t *err);

/** A read of the store, always scoped to one pack. */
typedef struct {
  const char *pack;    /* required */
  const char *table;   /* customers, staff, tasks, approvals, complaints,
                          penalties, actions, events */
  const char *id;      /* one row by id (NULL: a page of rows) */
  const char *const *filters; /* NULL or "key","value",...,NULL: column
                                 equality tests, e.g. "class","A" */
  int limit;           /* rows per page (default 100, at most 1000) */
  int offset;
} bylaw_query_t;

/**
 * Reads rows as a JSON object {"rows": [...], "total": N}; with an id, the
 * single row object or BYLAW_ENOTFOUND.  An unknown table or filter column is
 * BYLAW_EINVAL naming it.  Caller frees *out with bylaw_free().
 */
BYLAW_EXTERN int bylaw_query(bylaw_engine_t *engine, const bylaw_query_t *q,
                             char **out, bylaw_error_t *err);

/**
 * Lints the loaded packs (pack NULL: all): what is legal but probably wrong
 * — parameters never used, classification rows that overlap, can never
 * match or leave customers unclassified, cadences without an owner, approval
 * amount tiers with gaps or overlaps.  *out (caller frees with bylaw_free)
 * is a JSON array of {"pack","rule","where","message"}.
 */
BYLAW_EXTERN int bylaw_lint(bylaw_engine_t *engine, const char *pack, char **out,
                            bylaw_error_t *err);

/**
 * Copies the live store to path with SQLite's online backup API; safe while
 * the engine keeps working.
 */
BYLAW_EXTERN int bylaw_backup(bylaw_engine_t *engine, const char *path,
                              bylaw_error_t *err);

/**
 * Runs the specs of every pack under rules_dir (or of pack only), each on a
 * scratch in-memory store.  For every spec, report (when not NULL) receives
 * the pack, the spec name, whether it passed and, when it failed, why
 * (borrowed for the call).  With coverage not NULL, *coverage (caller frees
 * with bylaw_free) receives a JSON array with one object per pack:
 *   {"pack","rules","exercised","never":[rule ids no spec exercised]}
 * where a rule is exercised when it produced an action or rejected an event.
 * @return 0 if all passed, BYLAW_ESPEC if any failed, or a load error.
 */
typedef void (*bylaw_spec_cb)(void *ud, const char *pack, const char *spec,
                              int passed, const char *message);
BYLAW_EXTERN int bylaw_run_specs(const char *rules_dir, const char *pack,
                                 bylaw_spec_cb report, void *ud,
                                 int *passed, int *failed, char **coverage,
                                 bylaw_error_t *err);

/** Progress of long work: done of total units (events). */
typedef void (*bylaw_progress_cb)(void *ud, uint64_t done, uint64_t total);

/** What bylaw_replay() runs and compares. */
typedef struct {
  const char *db_path;      /* the live store; only read, never written */
  const char *rules_dir;    /* the candidate rules: a folder holding the pack */
  const char *pack;         /* the pack whose history is replayed */
  int64_t from, to;         /* compare actions of events with from <= at <= to
                               (INT64_MIN / INT64_MAX: the whole history) */
  const char *scratch_path; /* scratch store (NULL: a temporary file) */
  bylaw_progress_cb progress; /* may be NULL */
  void *ud;
} bylaw_replay_opts_t;

/**
 * What-if: runs the candidate version of a pack over the pack's stored event
 * history (up to `to`, ticks included, so the clock moves as it did) in a
 * scratch store, and compares its actions with what actually happened.
 * *report (caller frees with bylaw_free) is a JSON object:
 *   {"pack","version","from","to","events","rejected":[{event,message}],
 *    "summary":{...},"classes":[...],"tasks":[...],"approvals":[...],
 *    "money":[...]}
 * The live store is never written.
 */
BYLAW_EXTERN int bylaw_replay(const bylaw_replay_opts_t *opts, char **report,
                              bylaw_error_t *err);

/**
 * Explains a stored event: replays the pack's history before it with the
 * rules in rules_dir into a scratch store, then explains the event there as
 * bylaw_explain() does.  The live store at db_path is only read.
 */
BYLAW_EXTERN int bylaw_explain_stored(const char *db_path, const char *rules_dir,
                                      const char *pack, const char *event_id,
                                      char **result, bylaw_error_t *err);

/**
 * Parses an ISO-8601 time ("2026-03-01T09:00:00+08:00", "2026-03-01 09:00",
 * "2026-03-01"); without an offset, default_offset_s (seconds east of UTC) is
 * used.  @return 0 with *out in Unix seconds, or BYLAW_EINVAL.
 */
BYLAW_EXTERN int bylaw_parse_time(const char *text, int default_offset_s,
                                  int64_t *out);

/** Formats t as "YYYY-MM-DDTHH:MM:SS+hh:mm" at offset_s; buf of >= 32. */
BYLAW_EXTERN void bylaw_format_time(int64_t t, int offset_s, char *buf,
                                    size_t size);

/* ==========================================================================
 * Scheduler: the engine's clock on a libuv loop.
 *
 * A scheduler asks bylaw_next_due() when time-based work is due, arms one
 * timer of the caller's loop for that moment and, when it fires, runs
 * bylaw_tick_summary() for every pack up to the clock's "now".  Because the
 * due time is read from the store every time, a restart neither loses nor
 * repeats a firing.  The clock is injectable so tests never wait for real time.
 *
 * The bylaw_scheduler_t lives in caller memory (like a libuv handle); its
 * timer lives in a small private block that libbylaw allocates in init and
 * frees in the close callback.  Every successful init needs a
 * bylaw_scheduler_close(), and the memory of the bylaw_scheduler_t must stay
 * valid until the close callback ran.  Declaring the loop as struct uv_loop_s
 * keeps uv.h out of this header: pass your uv_loop_t *.
 * ========================================================================== */

struct uv_loop_s;

/** Returns the current time in Unix seconds; ud is the pointer given to
 *  bylaw_scheduler_init(). */
typedef int64_t (*bylaw_clock_fn)(void *ud);

typedef struct bylaw_scheduler_s bylaw_scheduler_t;

/**
 * Reports one tick the scheduler ran.  status is bylaw_tick_summary()'s
 * return value; result is its JSON array of per-pack summaries (NULL when
 * the tick failed) and err its details, both borrowed for the duration of
 * the call.  The actions themselves are in the action log.
 */
typedef void (*bylaw_tick_cb)(bylaw_scheduler_t *sched, int status,
                              const char *result, const bylaw_error_t *err);

/** Called once the scheduler's private memory is released. */
typedef void (*bylaw_scheduler_close_cb)(bylaw_scheduler_t *sched);

struct bylaw_scheduler_s {
  void *data; /* the embedder's; libbylaw never touches it */
  /* private */
  struct bylaw__sched_state *internal;
};

/**
 * Prepares a scheduler for engine on loop; it does nothing until started.
 * engine and loop are borrowed until the close callback.  clock may be NULL
 * for the real time of day; clock_ud is passed to it.
 * @return 0, BYLAW_EINVAL, BYLAW_ENOMEM, or a negative libuv error.
 */
BYLAW_EXTERN int bylaw_scheduler_init(bylaw_scheduler_t *sched,
                                      bylaw_engine_t *engine,
                                      struct uv_loop_s *loop,
                                      bylaw_clock_fn clock, void *clock_ud);

/**
 * Arms the timer for the earliest due work (checking right away) and keeps
 * re-arming it after every tick.  cb (may be NULL) hears about each tick.
 * While nothing is due the scheduler still looks again every minute, so a
 * change of the wall clock or work added by another process is not missed.
 * A pack with more than 1,000 open tasks due is ticked in steps, each to a
 * time that marks about 1,000 of them, one step per iteration of the loop,
 * so the loop's other work goes on while a backlog is caught up with.
 */
BYLAW_EXTERN int bylaw_scheduler_start(bylaw_scheduler_t *sched,
                                       bylaw_tick_cb cb);

/** Disarms the timer; start again to resume.  Accepts a stopped scheduler. */
BYLAW_EXTERN int bylaw_scheduler_stop(bylaw_scheduler_t *sched);

/**
 * Tells a started scheduler that due work may have changed (an event was
 * submitted, the clock was moved): it looks again on the next loop
 * iteration.  Many pokes in one iteration cost one look.
 */
BYLAW_EXTERN int bylaw_scheduler_poke(bylaw_scheduler_t *sched);

/**
 * Runs now, synchronously, whatever is due at the clock's current time and
 * re-arms a started scheduler.  *result (may be NULL) receives the tick's
 * bylaw_tick_summary() array, or NULL when nothing was due; caller frees it
 * with bylaw_free().  A backlog's steps (see bylaw_scheduler_start) are all
 * taken, and their summaries come one after the other in the same array.
 * The tick callback is not called for these ticks.
 */
BYLAW_EXTERN int bylaw_scheduler_run(bylaw_scheduler_t *sched, char **result,
                                     bylaw_error_t *err);

/** Returns the scheduler's clock reading (Unix seconds). */
BYLAW_EXTERN int64_t bylaw_scheduler_now(const bylaw_scheduler_t *sched);

/**
 * Stops the scheduler and releases its timer; cb (may be NULL) runs from the
 * loop once that is done.  Accepts a scheduler whose init failed or that was
 * never initialised (zeroed): cb then is not called.
 */
BYLAW_EXTERN void bylaw_scheduler_close(bylaw_scheduler_t *sched,
                                        bylaw_scheduler_close_cb cb);

#ifdef __cplusplus
}
#endif
#endif /* BYLAW_H */
