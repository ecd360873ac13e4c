/*
 * store.h - the narrow interface to the SQLite store.  All SQL of the engine
 * lives behind it (schema, intake of event facts, effects of actions, reads),
 * so a second backend can replace this module without touching rules, the
 * engine, the daemon or the CLI.  Every call is scoped to one pack.
 *
 * Rows cross the interface as cJSON objects whose keys are column names.
 */
#ifndef BYLAW_STORE_H
#define BYLAW_STORE_H

#include <cjson/cJSON.h>
#include <stdint.h>

#include "bylaw.h"

typedef struct bylaw_store_s bylaw_store_t;

/* The schema version this build writes; a newer file is refused. */
#define BYLAW_SCHEMA_VERSION 7

/* Opens (creating and migrating) the store at path.  *out is freed with
 * bylaw__store_close(). */
int bylaw__store_open(bylaw_store_t **out, const char *path, bylaw_sync_t sync,
                      int busy_timeout_ms, bylaw_error_t *err);
void bylaw__store_close(bylaw_store_t *st);
/* Turns a store nobody else opens (replay's) into a scratch one: its
 * journal in memory and the file locked for this connection alone. */
int bylaw__store_make_scratch(bylaw_store_t *st, bylaw_error_t *err);
/* Hands checkpoints to the caller (bylaw_options_t.wal_hook): after every
 * commit fn(data, pages) runs instead of the inline checkpoint; fn NULL
 * brings the inline checkpoint back. */
void bylaw__store_wal_hook(bylaw_store_t *st, void (*fn)(void *data, int pages),
                           void *data);
int bylaw__store_schema_version(bylaw_store_t *st, int *version);

/* Transactions: one per event.  begin takes the write lock at once
 * (BEGIN IMMEDIATE) so an event never fails half-way on SQLITE_BUSY. */
int bylaw__store_begin(bylaw_store_t *st, bylaw_error_t *err);
int bylaw__store_commit(bylaw_store_t *st, bylaw_error_t *err);
void bylaw__store_rollback(bylaw_store_t *st);

/* Savepoints inside the transaction: around a run of events of a batch,
 * and around one event.  undo rolls the work back to the savepoint and
 * keeps it open; release ends it, keeping what is left. */
typedef enum { BYLAW_SAVEPOINT_RUN, BYLAW_SAVEPOINT_EVENT } bylaw_savepoint_t;
int bylaw__store_savepoint(bylaw_store_t *st, bylaw_savepoint_t sp, bylaw_error_t *err);
void bylaw__store_undo(bylaw_store_t *st, bylaw_savepoint_t sp);
void bylaw__store_release(bylaw_store_t *st, bylaw_savepoint_t sp);

/* Inbox.  Looks up an event id: *found is 0 (new), 1 (the same event: a
 * duplicate) or 2 (same id, another event: a conflict).  body is the
 * event's JSON text, len bytes (stored as it came, so it need not end in
 * NUL). */
int bylaw__store_inbox_find(bylaw_store_t *st, const char *pack, const char *id,
                            const char *body, size_t len, int *found, bylaw_error_t *err);
/* Adds an event to the inbox; *seq is its row, or 0 when the id was
 * already there (nothing is added: look it up with inbox_find). */
int bylaw__store_inbox_add(bylaw_store_t *st, const char *pack, const char *id,
                           const char *type, int64_t at, const char *body, size_t len,
                           const char *version, int64_t *seq, bylaw_error_t *err);

/* Records the facts an event carries (a customer upsert, an order, a
 * violation...) before the rules run.  data is the validated event data. */
int bylaw__store_intake(bylaw_store_t *st, const char *pack, const char *event_id,
                        const char *type, int64_t at, const cJSON *data,
                        bylaw_error_t *err);

/* The context an action is applied and logged under. */
typedef struct {
  const char *pack;
  const char *event_id;
  const char *rule;
  const char *clause;
  const char *version;
  int64_t at;
} bylaw_action_ctx_t;

/* Applies a validated action's effect.  Sets *new_id to the id of a
 * created task (0 otherwise). */
int bylaw__store_apply(bylaw_store_t *st, const bylaw_action_ctx_t *ctx,
                       const char *type, const cJSON *action, int64_t *new_id,
                       bylaw_error_t *err);

/* The action log (apply.c).  An event's actions are stored together, as
 * JSON arrays of up to STORE_LOG_CHUNK of them in rows keyed by the event's
 * inbox row (seq); the `actions` view shows them one row each, with the
 * event's pack, id, time and pack version.  log_open starts the event whose
 * inbox row is seq, log_action appends an action's JSON body (nothing
 * while no event is open: a dry run), and log_close writes what is left
 * (keep) or drops it (the event failed and is being undone anyway). */
void bylaw__store_log_open(bylaw_store_t *st, int64_t seq);
int bylaw__store_log_action(bylaw_store_t *st, const char *body, bylaw_error_t *err);
int bylaw__store_log_close(bylaw_store_t *st, int keep, bylaw_error_t *err);

/* Pack bookkeeping: the last clock time a pack was ticked to. */
int bylaw__store_last_tick(bylaw_store_t *st, const char *pack, int64_t *at,
                           bylaw_error_t *err);
/* Earliest due time of an open task of pack, or ENOTFOUND. */
int bylaw__store_next_task_due(bylaw_store_t *st, const char *pack, int64_t *due,
                               bylaw_error_t *err);
/* Due time of pack's open task number n (from 0) by due time among those
 * due before `before`, or ENOTFOUND when it has n or fewer of them. */
int bylaw__store_nth_task_due(bylaw_store_t *st, const char *pack, int64_t n, int64_t before,
                              int64_t *due, bylaw_error_t *err);

/* A filter of a read: column op value. */
typedef enum { BYLAW_OP_EQ, BYLAW_OP_GE, BYLAW_OP_GT, BYLAW_OP_LE, BYLAW_OP_LT,
               BYLAW_OP_IN } bylaw_op_t;
typedef struct {
  const char *column;
  bylaw_op_t op;
  const cJSON *value; /* string, number, bool; an array for BYLAW_OP_IN */
} bylaw_filter_t;

/* One value of a row read: what the store holds, and what the column
 * means (a time in Unix seconds, JSON text). */
typedef enum {
  BYLAW_VAL_NULL,
  BYLAW_VAL_INT,
  BYLAW_VAL_TIME,
  BYLAW_VAL_REAL,
  BYLAW_VAL_TEXT,
  BYLAW_VAL_JSON
} bylaw_val_kind_t;
typedef struct {
  const char *name; /* the column */
  bylaw_val_kind_t kind;
  int64_t i;        /* INT, TIME */
  double d;         /* REAL */
  const char *text; /* TEXT, JSON: borrowed for the callback */
} bylaw_val_t;
/* Receives each row; returns non-zero to stop (that value is returned). */
typedef int (*bylaw_row_cb)(void *ud, const bylaw_val_t *row, int ncols);

/* Reads rows of a readable table one at a time, handing each to cb: the
 * path rules read facts by, with no JSON in between. */
int bylaw__store_select_each(bylaw_store_t *st, const char *pack, const char *table,
                             const bylaw_filter_t *filters, int nfilters,
                             const char *order_by, int desc, int limit, int offset,
                             bylaw_row_cb cb, void *ud, bylaw_error_t *err);

/* Reads rows of a readable table.  On success *rows is a cJSON array the
 * caller deletes.  Times are Unix seconds unless time_offset_s is not
 * INT32_MIN, in which case they are ISO text at that offset.  *total (if not
 * NULL) receives the count of all matching rows, ignoring limit and offset. */
int bylaw__store_select(bylaw_store_t *st, const char *pack, const char *table,
                        const bylaw_filter_t *filters, int nfilters,
                        const char *order_by, int desc, int limit, int offset,
                        int time_offset_s, cJSON **rows, int64_t *total,
                        bylaw_error_t *err);
/* COUNT(*) or SUM(column) (column NULL: count) over matching rows. */
int bylaw__store_aggregate(bylaw_store_t *st, const char *pack, const char *table,
                           const char *sum_column, const bylaw_filter_t *filters,
                           int nfilters, int64_t *out, bylaw_error_t *err);

/* Online backup to path (SQLite backup API). */
int bylaw__store_backup(bylaw_store_t *st, const char *path, bylaw_error_t *err);

/* Events of a pack with at <= to, in processing order, for replay; the
 * callback receives the stored body (borrowed for the call).  Stops when it
 * returns non-zero, and returns that value. */
typedef int (*bylaw_store_event_cb)(void *ud, const char *body);
int bylaw__store_each_event(bylaw_store_t *st, const char *pack, int64_t to,
                            bylaw_store_event_cb cb, void *ud, bylaw_error_t *err);

/* Opens an existing store read-only (for replay and explain): it is never
 * created, migrated or written.  A schema other than this build's is refused. */
int bylaw__store_open_readonly(bylaw_store_t **out, const char *path, bylaw_error_t *err);

/* Compares the action log of this (scratch) store with the one of the live
 * store at live_path, for pack's actions with from <= at <= to: customers
 * whose class at `to` differs, follow-up tasks scheduled on one side only,
 * approvals routed differently, and fines, sanctions and rewards per staff
 * member.  *diff is a cJSON object the caller deletes:
 *   {"classes": [{customer, live, candidate}], "tasks": [{customer, kind,
 *    due, live, candidate}], "approvals": [{approval, live, candidate}],
 *    "money": [{type, staff, live_count, live_fen, candidate_count,
 *    candidate_fen}]} */
int bylaw__store_replay_diff(bylaw_store_t *st, const char *live_path, const char *pack,
                             int64_t from, int64_t to, cJSON **diff, bylaw_error_t *err);

#endif
