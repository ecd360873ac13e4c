/*
 * process.c - processes one event exactly once, in one transaction: check
 * the inbox (a replayed id is a duplicate and changes nothing; the same id
 * with another body is refused), record the event and its facts, run the
 * pack's rules (each action is validated, applied and logged as it comes),
 * and commit.  Any failure rolls everything back: nothing is half-applied.
 */
#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "core/engine.h"
#include "core/util.h"
#include "lua/lua_json.h"

/* Builds the event table rules see and calls api.dispatch(event, explain)
 * inside the sandbox's protected call, so even building it may fail safely.
 * Upvalue-free: the event comes as a light userdata argument. */
static int process_dispatch(lua_State *L) {
  const bylaw_event_t *ev = lua_touserdata(L, 1);
  int explain = lua_toboolean(L, 2);
  bylaw_pack_t *pack = lua_touserdata(L, 3);
  lua_rawgeti(L, LUA_REGISTRYINDEX, pack->api_ref);
  lua_getfield(L, -1, "dispatch"); /* [.., api, dispatch] */
  lua_createtable(L, 0, 5);
  lua_pushstring(L, ev->id);
  lua_setfield(L, -2, "id");
  lua_pushstring(L, ev->type);
  lua_setfield(L, -2, "type");
  lua_pushstring(L, pack->name);
  lua_setfield(L, -2, "pack");
  lua_pushinteger(L, ev->at);
  lua_setfield(L, -2, "at");
  bylaw__lua_push_json(L, ev->data);
  lua_setfield(L, -2, "data"); /* [.., api, dispatch, event] */
  lua_pushboolean(L, explain);
  lua_call(L, 2, 1);
  return 1;
}

/* Runs the rules for ev with call in place; on failure err names the rule. */
static int process_rules(bylaw_pack_t *pack, const bylaw_event_t *ev, bylaw_call_t *call,
                         cJSON **notes, bylaw_error_t *err) {
  lua_State *L = pack->sb.L;
  pack->call = call;
  lua_pushcfunction(L, process_dispatch);
  lua_pushlightuserdata(L, (void *)ev);
  lua_pushboolean(L, notes != NULL);
  lua_pushlightuserdata(L, pack);
  int rc = bylaw__sandbox_call(&pack->sb, 3, 1, err);
  if (rc == 0) {
    if (notes) {
      const char *why;
      *notes = bylaw__lua_to_json(L, -1, &why);
    }
    lua_pop(L, 1);
  } else if (rc == BYLAW_EBUDGET || rc == BYLAW_EMEMLIMIT) {
    /* The rule was stopped where it stood: ask the vocabulary which one. */
    bylaw_error_t where = {0};
    if (bylaw__pack_call(pack, "current", 0, 1, &where) == 0) {
      /* When the vocabulary could still name the rule itself (a memory
       * error it caught and raised again), the message says it already. */
      const char *rule = lua_tostring(L, -1);
      if (err->message == NULL || strstr(err->message, ", rule \"") == NULL)
        bylaw__error(err, rc, "%s: %s", rule, err->message ? err->message : bylaw_strerror(rc));
      lua_pop(L, 1);
    }
    bylaw_error_clear(&where);
  }
  pack->call = NULL;
  return rc;
}

static void result_error(cJSON *result, int code, const char *message, const char *field) {
  cJSON *e = cJSON_CreateObject();
  cJSON_AddStringToObject(e, "code", bylaw_err_name(code));
  cJSON_AddStringToObject(e, "message", message ? message : bylaw_strerror(code));
  if (field && field[0]) cJSON_AddStringToObject(e, "field", field);
  else cJSON_AddNullToObject(e, "field");
  cJSON_ReplaceItemInObjectCaseSensitive(result, "status", cJSON_CreateString("rejected"));
  cJSON_ReplaceItemInObjectCaseSensitive(result, "actions", cJSON_CreateArray());
  cJSON_ReplaceItemInObjectCaseSensitive(result, "error", e);
}

/* Runs one validated event inside the open transaction.  Returns 0
 * (applied or duplicate, *status says which) or the rejection code.  With
 * atomic, the event runs under a savepoint of its own and a failure undoes
 * only its work; without, the caller undoes it (see run_undo).  With notes
 * (explain) the event is a dry run: it is not checked against or added to
 * the inbox, and the caller rolls it back. */
static int process_in_transaction(bylaw_engine_t *engine, bylaw_pack_t *pack,
                                  bylaw_event_t *ev, cJSON *actions, cJSON **notes,
                                  int atomic, const char **status, bylaw_error_t *err) {
  bylaw_store_t *st = engine->store;
  int dry_run = notes != NULL;
  int64_t since = INT64_MIN;
  cJSON *since_item = NULL;
  int found = 0;
  /* The inbox keeps the event as it came; events made here (a tick) are
   * printed. */
  char *printed = ev->text ? NULL : bylaw__json_print(ev->root);
  const char *body = ev->text ? ev->text : printed;
  size_t len = ev->text ? ev->len : printed ? strlen(printed) : 0;
  if (body == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  int rc = atomic ? bylaw__store_savepoint(st, BYLAW_SAVEPOINT_EVENT, err) : 0;
  if (rc != 0) {
    bylaw_free(printed);
    return rc;
  }
  /* The inbox row first: the id is new nearly always, and when it is not,
   * nothing was added and the stored body says whether it is a duplicate. */
  int64_t seq = 0;
  if (!dry_run)
    rc = bylaw__store_inbox_add(st, pack->name, ev->id, ev->type, ev->at, body, len,
                                pack->version, &seq, err);
  if (rc == 0 && !dry_run && seq == 0)
    rc = bylaw__store_inbox_find(st, pack->name, ev->id, body, len, &found, err);
  if (rc == 0 && found == 2)
    rc = bylaw__error(err, BYLAW_ECONFLICT,
                      "event id '%s' was already used for a different event", ev->id);
  /* The clock's previous reading is read before this tick moves it, and
   * handed to rules without becoming part of the stored body. */
  if (rc == 0 && !found && strcmp(ev->type, "tick") == 0) {
    rc = bylaw__store_last_tick(st, pack->name, &since, err);
    if (rc == 0 && since != INT64_MIN) {
      since_item = cJSON_CreateNumber((double)since);
      cJSON_AddItemToObject(ev->data, "since", since_item);
    }
  }
  bylaw_free(printed);
  if (rc == 0 && !found)
    rc = bylaw__store_intake(st, pack->name, ev->id, ev->type, ev->at, ev->data, err);
  bylaw_call_t call = {ev->id, ev->at, actions};
  /* A dry run logs nothing: it opens no log. */
  bylaw__store_log_open(st, rc == 0 && !found ? seq : 0);
  if (rc == 0 && !found) rc = process_rules(pack, ev, &call, notes, err);
  if (rc == 0) rc = bylaw__store_log_close(st, 1, err);
  else bylaw__store_log_close(st, 0, NULL);
  /* The event may run again (run_undo): leave it as it came. */
  if (since_item) cJSON_Delete(cJSON_DetachItemViaPointer(ev->data, since_item));
  if (atomic) {
    if (rc != 0) bylaw__store_undo(st, BYLAW_SAVEPOINT_EVENT);
    bylaw__store_release(st, BYLAW_SAVEPOINT_EVENT);
  }
  *status = found ? "duplicate" : dry_run ? "explained" : "applied";
  return rc;
}

/* A result object for root (after validation filled ev as far as it got). */
static cJSON *result_new(const bylaw_event_t *ev) {
  cJSON *res = cJSON_CreateObject();
  if (res == NULL) return NULL;
  cJSON_AddItemToObject(res, "event", ev->id ? cJSON_CreateString(ev->id) : cJSON_CreateNull());
  cJSON_AddItemToObject(res, "pack", ev->pack ? cJSON_CreateString(ev->pack) : cJSON_CreateNull());
  cJSON_AddStringToObject(res, "status", "rejected");
  cJSON_AddArrayToObject(res, "actions");
  cJSON_AddNullToObject(res, "error");
  return res;
}

int bylaw__store_failed(int code) {
  return code == BYLAW_EIO || code == BYLAW_EBUSY || code == BYLAW_ESTORE || code == BYLAW_ENOMEM;
}

/* The events of a batch run in runs under one savepoint, not a savepoint
 * each: a savepoint journals every page an event touches again, while the
 * events of a run share their pages (the inbox's, the action log's).  When
 * an event is rejected, run_undo takes its run back and runs the events
 * before it once more, each under a savepoint of its own, so every event
 * still commits or fails alone.  Rules therefore must not keep state of
 * their own between events (docs/guide.md): an event's rules may run twice.
 *
 * How long a run is pays off depends on how often events are rejected: a
 * run costs some 100,000 instructions of savepoint, a rejection some
 * 240,000 for each event before it in its run (callgrind, bench/), so with
 * a share p of events rejected the best length is about
 * sqrt(2 * 100,000 / (p * 240,000)) = sqrt(0.8 / p).  p is the engine's
 * moving average over its latest events (a weight of 1/64 each), so a
 * batch learns from those before it; lengths stay within 1 and
 * PROCESS_RUN_CAP.  (Fixed lengths of 8, 32 and 128: 245,500, 237,700 and
 * 233,900 instructions an event with no rejections; 213,100, 249,100 and
 * 337,900 with 2.3% rejected.) */
#define PROCESS_RUN_CAP 128
#define PROCESS_REJECTED_WEIGHT (1.0 / 64)

static size_t run_length(double rejected) {
  if (rejected * PROCESS_RUN_CAP * PROCESS_RUN_CAP <= 0.8) return PROCESS_RUN_CAP;
  size_t n = (size_t)sqrt(0.8 / rejected);
  return n < 1 ? 1 : n;
}

typedef struct {
  bylaw_engine_t *engine;
  bylaw_event_t *evs;
  cJSON **results;
  cJSON **notes;
  int *codes;
} batch_t;

/* Runs event i and records its outcome in its result; returns the code of
 * a store failure that dooms the batch, else 0. */
static int batch_event(batch_t *b, size_t i, int atomic, bylaw_error_t *err) {
  const char *status = "rejected";
  bylaw_error_t e = {0};
  cJSON *actions = cJSON_CreateArray();
  if (actions == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  cJSON_ReplaceItemInObjectCaseSensitive(b->results[i], "actions", actions);
  b->codes[i] = process_in_transaction(b->engine, bylaw__engine_pack(b->engine, b->evs[i].pack),
                                       &b->evs[i], actions, b->notes, atomic, &status, &e);
  int rc = 0;
  if (b->codes[i] == 0) {
    cJSON_ReplaceItemInObjectCaseSensitive(b->results[i], "status", cJSON_CreateString(status));
  } else {
    result_error(b->results[i], b->codes[i], e.message, NULL);
    if (bylaw__store_failed(b->codes[i]))
      rc = bylaw__error(err, b->codes[i], "%s", e.message ? e.message : bylaw_strerror(b->codes[i]));
  }
  bylaw_error_clear(&e);
  return rc;
}

/* Event `failed` of the run [from, failed] was rejected: undo the run and
 * run its earlier events again, each alone. */
static int run_undo(batch_t *b, size_t from, size_t failed, bylaw_error_t *err) {
  bylaw_store_t *st = b->engine->store;
  bylaw__store_undo(st, BYLAW_SAVEPOINT_RUN);
  int rc = 0;
  for (size_t j = from; rc == 0 && j < failed; j++)
    if (b->codes[j] == 0) rc = batch_event(b, j, 1, err);
  bylaw__store_release(st, BYLAW_SAVEPOINT_RUN);
  return rc;
}

int bylaw__process_batch(bylaw_engine_t *engine, cJSON **roots, size_t n, cJSON **results,
                         cJSON **notes, bylaw_error_t *err) {
  return bylaw__process_texts(engine, roots, NULL, NULL, n, results, notes, err);
}

int bylaw__process_texts(bylaw_engine_t *engine, cJSON **roots, const char *const *texts,
                         const size_t *lens, size_t n, cJSON **results, cJSON **notes,
                         bylaw_error_t *err) {
  bylaw_event_t *evs = bylaw__calloc(n, sizeof(*evs));
  int *codes = bylaw__calloc(n, sizeof(*codes));
  int rc = 0, applied = 0;
  if (evs == NULL || codes == NULL) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  /* Validation first: bad events never reach the transaction. */
  for (size_t i = 0; rc == 0 && i < n; i++) {
    char field[96];
    bylaw_error_t e = {0};
    codes[i] = bylaw__event_parse(engine, roots[i], &evs[i], field, sizeof(field), &e);
    if (texts) evs[i].text = texts[i], evs[i].len = lens[i];
    results[i] = result_new(&evs[i]);
    if (results[i] == NULL) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
    else if (codes[i] != 0) result_error(results[i], codes[i], e.message, field);
    bylaw_error_clear(&e);
  }
  if (rc == 0) rc = bylaw__store_begin(engine->store, err);
  batch_t b = {engine, evs, results, notes, codes};
  size_t run = 0, in_run = 0; /* first event of the open run; its length */
  /* A lone event runs without a savepoint: when it fails, the whole
   * transaction rolls back.  A savepoint would keep the first version of
   * every page the event changes in memory, and undoing it would load them
   * all back into the page cache: for a tick that marks 600,000 tasks
   * overdue, over 200 MB. */
  int runs = n > 1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    if (codes[i] != 0) continue;
    if (runs && in_run == 0) {
      rc = bylaw__store_savepoint(engine->store, BYLAW_SAVEPOINT_RUN, err);
      run = i;
      if (rc != 0) break;
    }
    in_run++;
    rc = batch_event(&b, i, 0, err);
    engine->rejected += ((rc == 0 && codes[i] != 0) - engine->rejected) * PROCESS_REJECTED_WEIGHT;
    if (rc == 0 && codes[i] != 0) {
      if (runs) rc = run_undo(&b, run, i, err);
      in_run = 0;
    } else if (rc == 0 && in_run >= run_length(engine->rejected)) {
      bylaw__store_release(engine->store, BYLAW_SAVEPOINT_RUN);
      in_run = 0;
    }
  }
  if (rc == 0 && runs && in_run > 0) bylaw__store_release(engine->store, BYLAW_SAVEPOINT_RUN);
  for (size_t i = 0; codes && i < n; i++) applied += codes[i] == 0;
  if (rc == 0 && applied > 0 && notes == NULL) rc = bylaw__store_commit(engine->store, err);
  else bylaw__store_rollback(engine->store);
  if (rc != 0) {
    /* Nothing of the batch was written: every event that looked applied is
     * rejected with the store's error, and may be sent again. */
    for (size_t i = 0; i < n; i++) {
      if (results[i] == NULL) results[i] = result_new(&evs[i]);
      if (results[i] && codes[i] == 0) {
        result_error(results[i], rc, err->message, NULL);
        codes[i] = rc;
      }
    }
  }
  int first = rc;
  for (size_t i = 0; first == 0 && i < n; i++) first = codes[i];
  if (n == 1 && codes && codes[0] != 0 && rc == 0) {
    /* A single event reports its own failure through err too. */
    cJSON *e = cJSON_GetObjectItemCaseSensitive(results[0], "error");
    bylaw__error(err, codes[0], "%s",
                 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message")));
  }
  for (size_t i = 0; i < n; i++) cJSON_Delete(roots[i]);
  bylaw_free(evs);
  bylaw_free(codes);
  return n == 1 ? first : rc;
}

int bylaw__process(bylaw_engine_t *engine, cJSON *root, cJSON **result, bylaw_error_t *err) {
  *result = NULL;
  return bylaw__process_batch(engine, &root, 1, result, NULL, err);
}
