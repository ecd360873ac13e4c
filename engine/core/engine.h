/*
 * engine.h - the engine and its packs, shared by the engine's own files
 * (engine.c, clock.c, pack.c, process.c, spec.c) and the Lua host modules.
 */
#ifndef BYLAW_CORE_ENGINE_H
#define BYLAW_CORE_ENGINE_H

#include <cjson/cJSON.h>

#include "bylaw.h"
#include "core/util.h"
#include "lua/sandbox.h"
#include "store/store.h"

typedef struct bylaw_pack_s bylaw_pack_t;

/* What the rules of one event run under; put in place on the pack for the
 * call and removed after it. */
typedef struct {
  const char *event_id;
  int64_t at;
  cJSON *actions; /* the event's result "actions" array, appended to */
} bylaw_call_t;

struct bylaw_pack_s {
  char *name;      /* folder name, the tenant key */
  char *dir;       /* path of the folder */
  char *title;
  char version[17]; /* hash of the pack's sources */
  int offset_s;     /* the pack's time zone as seconds east of UTC */
  int rule_count;
  int64_t loaded_at;
  bylaw_engine_t *engine; /* borrowed */
  bylaw_sandbox_t sb;
  int api_ref;            /* registry ref of the vocabulary's api table */
  int loading;            /* set while the pack's files run */
  bylaw_call_t *call;     /* set while an event is processed */
  /* Set while bylaw_tick_summary() processes the pack's tick: each action
   * is counted here by type ({"mark_overdue": N}) instead of being kept in
   * the result, so a tick's memory does not grow with its actions. */
  cJSON *action_types;
};

struct bylaw_engine_s {
  bylaw_options_t opts; /* strings owned (copied) */
  bylaw_store_t *store;
  bylaw_pack_t **packs;
  int npacks;
  char **last_errors; /* per pack slot: last reload error (owned) */
  /* Parameter values that replace the packs' own, as a JSON object; set
   * only by specs trying a pack with other parameters (owned, or NULL). */
  char *param_overrides;
  char *scratch; /* print.c: reused for printing JSON */
  size_t scratch_size;
  double rejected; /* process.c: moving share of events rejected */
};

/* Public entry points take an optional err; internally one always exists. */
#define ENGINE_ERR(err, local) bylaw_error_t local = {0}; if ((err) == NULL) (err) = &local
#define ENGINE_ERR_DONE(local) bylaw_error_clear(&local)

/* clock.c: the scheduler's next step when it catches up with a backlog.
 * When some pack has more than `tasks` open tasks due before now, *pack is
 * the one whose step comes first and *at a time before now to tick it to
 * that marks about `tasks` of them (never fewer than one due second's, and
 * never at or before its last tick); otherwise *pack is NULL: ticking
 * every pack to now takes at most that many of each. */
int bylaw__clock_step(bylaw_engine_t *engine, int64_t now, int64_t tasks, const char **pack,
                      int64_t *at, bylaw_error_t *err);

/* print.c: the printer of an object's members one at a time, into the
 * engine's scratch buffer (the text is what bylaw__print_scratch prints for
 * an object with those members; failed also when a value is one cJSON
 * cannot print either). */
typedef struct {
  bylaw_engine_t *engine;
  bylaw_buf_t b;
  int members;
} bylaw_printer_t;
void bylaw__printer_open(bylaw_printer_t *pr, bylaw_engine_t *engine);
void bylaw__printer_value(bylaw_printer_t *pr, const char *key, const cJSON *v);
void bylaw__printer_string(bylaw_printer_t *pr, const char *key, const char *s);
void bylaw__printer_int(bylaw_printer_t *pr, const char *key, int64_t n);
/* The object's text, valid until the next print; NULL when out of memory. */
const char *bylaw__printer_close(bylaw_printer_t *pr);

/* print.c: prints v compactly into the engine's scratch buffer; the text is
 * valid until the next print (NULL when out of memory). */
const char *bylaw__print_scratch(bylaw_engine_t *engine, const cJSON *v);
/* The same, into memory the caller frees with bylaw_free(). */
char *bylaw__print(bylaw_engine_t *engine, const cJSON *v);

/* pack.c */
int bylaw__pack_load(bylaw_engine_t *engine, const char *name, bylaw_pack_t **out,
                     bylaw_error_t *err);
void bylaw__pack_free(bylaw_pack_t *pack);
int bylaw__pack_list(const char *rules_dir, char ***names, int *count,
                     bylaw_error_t *err);
void bylaw__strv_free(char **v, int n);
/* The regular *.lua files of dir, sorted; free with bylaw__strv_free. */
int bylaw__list_lua_files(const char *dir, char ***names, int *count, bylaw_error_t *err);
/* Calls api[fname] with the values pushed above it (nargs) under the
 * sandbox's limits; see bylaw__sandbox_call for results. */
int bylaw__pack_call(bylaw_pack_t *pack, const char *fname, int nargs, int nresults,
                     bylaw_error_t *err);

/* Appends the pack's lint warnings ({pack, rule, where, message}) to out. */
int bylaw__pack_lint(bylaw_pack_t *pack, cJSON *out, bylaw_error_t *err);

bylaw_pack_t *bylaw__engine_pack(bylaw_engine_t *engine, const char *name);

/* event.c: a parsed and validated event.  Strings borrowed from root. */
typedef struct {
  cJSON *root;
  const char *id;
  const char *pack;
  const char *type;
  int64_t at;
  cJSON *data;
  const char *text; /* as received, len bytes (NULL: root is printed) */
  size_t len;
} bylaw_event_t;

/* On failure the failing field's path ("data.amount_fen") is written to
 * field (empty when the event as a whole is wrong). */
int bylaw__event_parse(bylaw_engine_t *engine, cJSON *root, bylaw_event_t *ev,
                       char *field, size_t fsize, bylaw_error_t *err);

/* process.c: whether code is a store failure (disk full, I/O, memory),
 * which dooms a whole transaction rather than one event. */
int bylaw__store_failed(int code);
/* process.c: processes a parsed JSON event (takes ownership of root) and
 * returns the result object (caller deletes). */
int bylaw__process(bylaw_engine_t *engine, cJSON *root, cJSON **result,
                   bylaw_error_t *err);
/* Processes n parsed events (takes ownership of roots) in one transaction,
 * each all or nothing (see process.c on runs): group commit.  results[i] is always set
 * (caller deletes).  Returns 0 when the transaction committed (events may
 * still be rejected one by one: see results), or the store's error, in
 * which case nothing was written.  For n == 1 returns the event's own code.
 * notes (explain, n == 1 only) makes it a dry run and receives what each
 * rule noted about its decision: a cJSON array the caller deletes. */
int bylaw__process_batch(bylaw_engine_t *engine, cJSON **roots, size_t n, cJSON **results,
                         cJSON **notes, bylaw_error_t *err);
/* The same for events the caller has as text: texts[i] (lens[i] bytes) is
 * what roots[i] was parsed from, and is what the inbox keeps. */
int bylaw__process_texts(bylaw_engine_t *engine, cJSON **roots, const char *const *texts,
                         const size_t *lens, size_t n, cJSON **results, cJSON **notes,
                         bylaw_error_t *err);

/* action.c: validates, applies and logs one action a rule returned. */
int bylaw__action_apply(bylaw_pack_t *pack, const char *rule, const char *clause,
                        cJSON *action, int64_t *new_id, bylaw_error_t *err);

#endif
