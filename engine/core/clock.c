/*
 * clock.c - running the clock: ticks (bylaw_tick, bylaw_tick_summary), the
 * next due time (bylaw_next_due), and the steps a scheduler takes through a
 * backlog (bylaw__clock_step).
 *
 * A tick is an event like any other ("tick@<time>", processed exactly
 * once), so the clock's work is applied, logged and undone with the same
 * guarantees as an event's.
 */
#include <lua.h>
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "core/util.h"

/* A summary tick's result: res (consumed) with its actions given as counts,
 * {"event","pack","status","action_count","action_types","error"}.  Only an
 * applied tick keeps its counts: a rejected one was rolled back whole. */
static cJSON *engine_summary(cJSON *res, cJSON *types) {
  cJSON *out = cJSON_CreateObject();
  cJSON *status = cJSON_GetObjectItemCaseSensitive(res, "status");
  if (!cJSON_IsString(status) || strcmp(status->valuestring, "applied") != 0) {
    cJSON_Delete(types);
    types = cJSON_CreateObject();
  }
  double count = 0;
  for (const cJSON *n = types ? types->child : NULL; n; n = n->next) count += n->valuedouble;
  static const char *const head[] = {"event", "pack", "status"};
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(head); i++)
    cJSON_AddItemToObject(out, head[i], cJSON_DetachItemFromObjectCaseSensitive(res, head[i]));
  cJSON_AddNumberToObject(out, "action_count", count);
  cJSON_AddItemToObject(out, "action_types", types);
  cJSON_AddItemToObject(out, "error", cJSON_DetachItemFromObjectCaseSensitive(res, "error"));
  cJSON_Delete(res);
  return out;
}

/* Ticks one pack to now; appends the result (with summary, its counts in
 * place of its actions) to results. */
static int engine_tick_pack(bylaw_engine_t *engine, bylaw_pack_t *pack, int64_t now,
                            int summary, cJSON *results, bylaw_error_t *err) {
  char at[40], id[48];
  bylaw_format_time(now, pack->offset_s, at, sizeof(at));
  snprintf(id, sizeof(id), "tick@%s", at);
  cJSON *ev = cJSON_CreateObject();
  cJSON_AddStringToObject(ev, "id", id);
  cJSON_AddStringToObject(ev, "pack", pack->name);
  cJSON_AddStringToObject(ev, "type", "tick");
  cJSON_AddStringToObject(ev, "at", at);
  cJSON *res = NULL, *types = summary ? cJSON_CreateObject() : NULL;
  if (summary && types == NULL) {
    cJSON_Delete(ev);
    return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  }
  /* A tick is processed alone, never re-run as part of a batch: whatever
   * was counted belongs to this one run of it. */
  pack->action_types = types;
  int rc = bylaw__process(engine, ev, &res, err);
  pack->action_types = NULL;
  if (summary && res) res = engine_summary(res, types);
  else cJSON_Delete(types);
  if (res) cJSON_AddItemToArray(results, res);
  return rc;
}

/* bylaw_tick and bylaw_tick_summary: summary selects counts over actions. */
static int engine_tick(bylaw_engine_t *engine, const char *pack, int64_t now, int summary,
                       char **result, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  int rc = 0;
  if (result) *result = NULL;
  if (engine == NULL || result == NULL) {
    rc = bylaw__error(err, BYLAW_EINVAL, "engine and result are required");
    goto done;
  }
  if (pack && bylaw__engine_pack(engine, pack) == NULL) {
    rc = bylaw__error(err, BYLAW_ENOPACK, "unknown pack '%s'", pack);
    goto done;
  }
  cJSON *results = cJSON_CreateArray();
  for (int i = 0; i < engine->npacks; i++) {
    if (pack && strcmp(pack, engine->packs[i]->name) != 0) continue;
    int r = engine_tick_pack(engine, engine->packs[i], now, summary, results, err);
    if (r != 0 && rc == 0) rc = r;
  }
  *result = bylaw__print(engine, results);
  cJSON_Delete(results);
done:
  ENGINE_ERR_DONE(local);
  return rc;
}

int bylaw_tick(bylaw_engine_t *engine, const char *pack, int64_t now, char **result,
               bylaw_error_t *err) {
  return engine_tick(engine, pack, now, 0, result, err);
}

int bylaw_tick_summary(bylaw_engine_t *engine, const char *pack, int64_t now, char **result,
                       bylaw_error_t *err) {
  return engine_tick(engine, pack, now, 1, result, err);
}

int bylaw_next_due(bylaw_engine_t *engine, const char *pack, int64_t *at, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  int rc = 0, found = 0;
  int64_t best = INT64_MAX;
  for (int i = 0; engine && at && i < engine->npacks; i++) {
    bylaw_pack_t *p = engine->packs[i];
    if (pack && strcmp(pack, p->name) != 0) continue;
    int64_t due, since;
    /* A task is overdue once its due second has passed. */
    rc = bylaw__store_next_task_due(engine->store, p->name, &due, err);
    if (rc == 0 && due + 1 < best) best = due + 1, found = 1;
    if (rc != 0 && rc != BYLAW_ENOTFOUND) break;
    rc = bylaw__store_last_tick(engine->store, p->name, &since, err);
    if (rc != 0) break;
    if (since == INT64_MIN) continue; /* no events yet: no calendar */
    lua_pushinteger(p->sb.L, since);
    rc = bylaw__pack_call(p, "next_due", 1, 1, err);
    if (rc != 0) break;
    if (lua_isinteger(p->sb.L, -1) && lua_tointeger(p->sb.L, -1) < best)
      best = lua_tointeger(p->sb.L, -1), found = 1;
    lua_pop(p->sb.L, 1);
  }
  if (rc == 0 && !found) rc = BYLAW_ENOTFOUND;
  if (rc == 0) *at = best;
  ENGINE_ERR_DONE(local);
  return rc;
}

/* One pack's step: the time that marks about `tasks` of its open tasks due
 * before now, or *at = now when there are no more than that. */
static int clock_pack_step(bylaw_engine_t *engine, bylaw_pack_t *p, int64_t now,
                           int64_t tasks, int64_t *at, bylaw_error_t *err) {
  int64_t first, nth, since;
  *at = now;
  int rc = bylaw__store_nth_task_due(engine->store, p->name, tasks, now, &nth, err);
  if (rc == BYLAW_ENOTFOUND) return 0;
  if (rc == 0) rc = bylaw__store_next_task_due(engine->store, p->name, &first, err);
  if (rc == 0) rc = bylaw__store_last_tick(engine->store, p->name, &since, err);
  if (rc != 0) return rc;
  /* A tick marks the tasks due before its time: the n-th task's due time
   * leaves at most n, and the first's second plus one at least one.  Tasks
   * due before the last tick (events that came in late) all go at once. */
  int64_t step = nth;
  if (step < first + 1) step = first + 1;
  if (since != INT64_MIN && step < since + 1) step = since + 1;
  if (step < now) *at = step;
  return 0;
}

int bylaw__clock_step(bylaw_engine_t *engine, int64_t now, int64_t tasks, const char **pack,
                      int64_t *at, bylaw_error_t *err) {
  *pack = NULL;
  *at = now;
  for (int i = 0; i < engine->npacks; i++) {
    int64_t step;
    int rc = clock_pack_step(engine, engine->packs[i], now, tasks, &step, err);
    if (rc != 0) return rc;
    if (step < *at) *at = step, *pack = engine->packs[i]->name;
  }
  return 0;
}
