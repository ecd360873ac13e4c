/*
 * process.c - processes one event exactly once, in one transaction: check
 * the inbox (a replayed id is a duplicate and changes nothing; the same id
 * with another body is refused), record the event and its facts, run the
 * pack's rules (each action is validated, applied and logged as it comes),
 * and commit.  Any failure rolls everything back: nothing is half-applied.
 */
#include <lauxlib.h>
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

/* Runs one validated event inside the open transaction, under a savepoint
 * of its own: when it fails, only this event is undone and the others of a
 * batch keep their outcome.  Returns 0 (applied or duplicate, *status says
 * which) or the rejection code.  With notes (explain) the event is a dry
 * run: it is not checked against or added to the inbox, and is undone. */
static int process_in_transaction(bylaw_engine_t *engine, bylaw_pack_t *pack,
                                  bylaw_event_t *ev, cJSON *actions, cJSON **notes,
                                  const char **status, bylaw_error_t *err) {
  bylaw_store_t *st = engine->store;
  int dry_run = notes != NULL;
  int64_t since = INT64_MIN;
  int found = 0;
  char *body = cJSON_PrintUnformatted(ev->root);
  if (body == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  int rc = bylaw__store_savepoint(st, err);
  if (rc != 0) {
    bylaw_free(body);
    return rc;
  }
  if (!dry_run) rc = bylaw__store_inbox_find(st, pack->name, ev->id, body, &found, err);
  if (rc == 0 && found == 2)
    rc = bylaw__error(err, BYLAW_ECONFLICT,
                      "event id '%s' was already used for a different event", ev->id);
  /* The clock's previous reading is read before this tick moves it, and
   * handed to rules without becoming part of the stored body. */
  if (rc == 0 && !found && strcmp(ev->type, "tick") == 0) {
    rc = bylaw__store_last_tick(st, pack->name, &since, err);
    if (rc == 0 && since != INT64_MIN)
      cJSON_AddNumberToObject(ev->data, "since", (double)since);
  }
  if (rc == 0 && !found && !dry_run)
    rc = bylaw__store_inbox_add(st, pack->name, ev->id, ev->type, ev->at, body, pack->version, err);
  bylaw_free(body);
  if (rc == 0 && !found)
    rc = bylaw__store_intake(st, pack->name, ev->id, ev->type, ev->at, ev->data, err);
  bylaw_call_t call = {ev->id, ev->at, actions};
  if (rc == 0 && !found) rc = process_rules(pack, ev, &call, notes, err);
  bylaw__store_savepoint_end(st, rc == 0 && !dry_run);
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

int bylaw__process_batch(bylaw_engine_t *engine, cJSON **roots, size_t n, cJSON **results,
                         cJSON **notes, bylaw_error_t *err) {
  bylaw_event_t *evs = bylaw__calloc(n, sizeof(*evs));
  int *codes = bylaw__calloc(n, sizeof(*codes));
  int rc = 0, applied = 0;
  if (evs == NULL || codes == NULL) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  /* Validation first: bad events never reach the transaction. */
  for (size_t i = 0; rc == 0 && i < n; i++) {
    char field[96];
    bylaw_error_t e = {0};
    codes[i] = bylaw__event_parse(engine, roots[i], &evs[i], field, sizeof(field), &e);
    results[i] = result_new(&evs[i]);
    if (results[i] == NULL) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
    else if (codes[i] != 0) result_error(results[i], codes[i], e.message, field);
    bylaw_error_clear(&e);
  }
  if (rc == 0) rc = bylaw__store_begin(engine->store, err);
  for (size_t i = 0; rc == 0 && i < n; i++) {
    if (codes[i] != 0) continue;
    const char *status = "rejected";
    bylaw_error_t e = {0};
    cJSON *actions = cJSON_GetObjectItemCaseSensitive(results[i], "actions");
    codes[i] = process_in_transaction(engine, bylaw__engine_pack(engine, evs[i].pack), &evs[i],
                                      actions, notes, &status, &e);
    if (codes[i] == 0) {
      cJSON_ReplaceItemInObjectCaseSensitive(results[i], "status", cJSON_CreateString(status));
      applied++;
    } else {
      result_error(results[i], codes[i], e.message, NULL);
      /* A store failure (disk full, I/O) dooms the whole transaction. */
      if (codes[i] == BYLAW_EIO || codes[i] == BYLAW_EBUSY || codes[i] == BYLAW_ESTORE ||
          codes[i] == BYLAW_ENOMEM)
        rc = bylaw__error(err, codes[i], "%s", e.message ? e.message : bylaw_strerror(codes[i]));
    }
    bylaw_error_clear(&e);
  }
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

int bylaw__process_explained(bylaw_engine_t *engine, cJSON *root, cJSON **result,
                             cJSON **notes, bylaw_error_t *err) {
  *result = NULL;
  return bylaw__process_batch(engine, &root, 1, result, notes, err);
}

int bylaw__process(bylaw_engine_t *engine, cJSON *root, cJSON **result, bylaw_error_t *err) {
  return bylaw__process_explained(engine, root, result, NULL, err);
}
