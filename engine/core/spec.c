/*
 * spec.c - runs a pack's specs (the Lua files in rules/<pack>/spec).  Each spec file
 * runs in its own sandboxed state with the spec language (lua/spec.lua);
 * each spec in it gets a fresh engine on an in-memory store holding only
 * its pack, and drives it through the same paths as real events.
 */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/embedded.h"
#include "core/engine.h"
#include "core/util.h"
#include "lua/lua_host.h"
#include "lua/lua_json.h"

#define SPEC_MEM_LIMIT (512u << 20)
#define SPEC_BUDGET 2000000000u


typedef struct {
  const char *rules_dir;
  const char *pack;
  const char *file;
  bylaw_engine_t *engine;
  bylaw_spec_cb report;
  void *ud;
  int passed, failed;
  cJSON *covered;  /* rule id -> times exercised, for the current pack */
  cJSON *coverage; /* per pack: {pack, rules, exercised, never}; NULL: off */
} spec_run_t;

/* Counts the rules an event's result shows at work: those that produced
 * its actions, and the one a rejection names. */
static void spec_cover(spec_run_t *run, const cJSON *result) {
  if (run->coverage == NULL || !cJSON_IsObject(result)) return;
  const cJSON *actions = cJSON_GetObjectItemCaseSensitive(result, "actions");
  for (const cJSON *a = actions ? actions->child : NULL; a; a = a->next) {
    cJSON *shown = cJSON_IsRaw(a) ? cJSON_Parse(a->valuestring) : NULL; /* see action.c */
    const char *rule =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(shown ? shown : a, "rule"));
    cJSON *n = rule ? cJSON_GetObjectItemCaseSensitive(run->covered, rule) : NULL;
    if (n) cJSON_SetNumberValue(n, n->valuedouble + 1);
    else if (rule) cJSON_AddNumberToObject(run->covered, rule, 1);
    cJSON_Delete(shown);
  }
  const cJSON *e = cJSON_GetObjectItemCaseSensitive(result, "error");
  const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
  const char *start = msg ? strstr(msg, ", rule \"") : NULL;
  const char *end = start ? strchr(start + 8, '"') : NULL;
  if (end) {
    char *rule = bylaw__strndup(start + 8, (size_t)(end - start - 8));
    if (rule && !cJSON_HasObjectItem(run->covered, rule)) cJSON_AddNumberToObject(run->covered, rule, 1);
    bylaw_free(rule);
  }
}

#define SPEC_RUN(L) ((spec_run_t *)lua_touserdata((L), lua_upvalueindex(1)))

static int spec_raise(lua_State *L, bylaw_error_t *err) {
  lua_pushstring(L, err->message ? err->message : bylaw_strerror(err->code));
  bylaw_error_clear(err);
  return lua_error(L);
}

static bylaw_pack_t *spec_pack(lua_State *L, spec_run_t *run) {
  if (run->engine == NULL) luaL_error(L, "no engine: call reset first");
  return run->engine->packs[0];
}

/* host.reset([params]): a fresh engine and store for the next spec.  With
 * a params table, the pack is loaded again with those parameter values in
 * place of pack.lua's (a spec trying the pack as an analyst would set it). */
static int spec_reset(lua_State *L) {
  spec_run_t *run = SPEC_RUN(L);
  bylaw_engine_free(run->engine);
  run->engine = NULL;
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.db_path = ":memory:";
  opts.rules_dir = run->rules_dir;
  opts.only_pack = run->pack;
  opts.sync = BYLAW_SYNC_OFF;
  bylaw_error_t err = {0};
  if (bylaw_engine_new(&run->engine, &opts, &err) != 0) return spec_raise(L, &err);
  if (lua_istable(L, 1)) {
    const char *why;
    cJSON *params = bylaw__lua_to_json(L, 1, &why);
    if (params == NULL) return luaL_error(L, "params: %s", why);
    char *text = cJSON_PrintUnformatted(params);
    cJSON_Delete(params);
    run->engine->param_overrides = text ? bylaw__strdup(text) : NULL;
    cJSON_free(text);
    if (run->engine->param_overrides == NULL) return luaL_error(L, "out of memory");
    bylaw_pack_t *fresh;
    if (bylaw__pack_load(run->engine, run->pack, &fresh, &err) != 0) return spec_raise(L, &err);
    bylaw__pack_free(run->engine->packs[0]);
    run->engine->packs[0] = fresh;
  }
  return 0;
}

/* host.submit(event): processes an event table; returns the result table. */
static int spec_submit(lua_State *L) {
  spec_run_t *run = SPEC_RUN(L);
  spec_pack(L, run);
  luaL_checktype(L, 1, LUA_TTABLE);
  const char *why;
  cJSON *ev = bylaw__lua_to_json(L, 1, &why);
  if (ev == NULL) return luaL_error(L, "bad event: %s", why);
  cJSON *result = NULL;
  bylaw_error_t err = {0};
  bylaw__process(run->engine, ev, &result, &err); /* takes ev; the result says how it went */
  bylaw_error_clear(&err);
  int hold = bylaw__lua_json_hold(L, result);
  spec_cover(run, result);
  bylaw__lua_push_json(L, result);
  bylaw__lua_json_release(L, hold);
  return 1;
}

/* host.tick(time): runs the clock of the spec's pack to time. */
static int spec_tick(lua_State *L) {
  spec_run_t *run = SPEC_RUN(L);
  bylaw_pack_t *pack = spec_pack(L, run);
  int64_t now;
  if (bylaw_parse_time(luaL_checkstring(L, 1), pack->offset_s, &now) != 0)
    return luaL_error(L, "'%s' is not a time", lua_tostring(L, 1));
  char *text = NULL;
  bylaw_error_t err = {0};
  bylaw_tick(run->engine, pack->name, now, &text, &err);
  bylaw_error_clear(&err);
  cJSON *results = text ? cJSON_Parse(text) : NULL;
  bylaw_free(text);
  if (results == NULL) return luaL_error(L, "tick failed");
  int hold = bylaw__lua_json_hold(L, results);
  for (const cJSON *r = results->child; r; r = r->next) spec_cover(run, r);
  bylaw__lua_push_json(L, results);
  bylaw__lua_json_release(L, hold);
  return 1;
}

/* host.select(table, {column = value}): rows with times as ISO text. */
static int spec_select(lua_State *L) {
  spec_run_t *run = SPEC_RUN(L);
  bylaw_pack_t *pack = spec_pack(L, run);
  const char *table = luaL_checkstring(L, 1);
  bylaw_filter_t filters[8];
  int n = 0;
  cJSON *values = cJSON_CreateArray();
  if (values == NULL) return luaL_error(L, "out of memory");
  int held = bylaw__lua_json_hold(L, values);
  if (lua_istable(L, 2)) {
    lua_pushnil(L);
    while (lua_next(L, 2) != 0 && n < 8) {
      const char *why;
      cJSON *v = bylaw__lua_to_json(L, -1, &why);
      if (v == NULL) return luaL_error(L, "filter: %s", why);
      cJSON_AddItemToArray(values, v);
      filters[n++] = (bylaw_filter_t){lua_tostring(L, -2), BYLAW_OP_EQ, v};
      lua_pop(L, 1);
    }
  }
  cJSON *rows = NULL;
  bylaw_error_t err = {0};
  int rc = bylaw__store_select(run->engine->store, pack->name, table, filters, n, NULL, 0, -1,
                               0, pack->offset_s, &rows, NULL, &err);
  int rows_held = bylaw__lua_json_hold(L, rows);
  if (rc != 0) return spec_raise(L, &err);
  bylaw__lua_push_json(L, rows);
  bylaw__lua_json_release(L, rows_held);
  bylaw__lua_json_release(L, held);
  return 1;
}

/* host.money(text): fen, raising on bad amounts. */
static int spec_money(lua_State *L) {
  if (lua_isinteger(L, 1)) {
    lua_pushvalue(L, 1);
    return 1;
  }
  int64_t fen;
  const char *why;
  if (bylaw__parse_money(luaL_checkstring(L, 1), &fen, &why) != 0)
    return luaL_error(L, "'%s': %s", lua_tostring(L, 1), why);
  lua_pushinteger(L, fen);
  return 1;
}

/* host.report(name, passed, message) */
static int spec_report(lua_State *L) {
  spec_run_t *run = SPEC_RUN(L);
  int passed = lua_toboolean(L, 2);
  if (passed) run->passed++;
  else run->failed++;
  if (run->report)
    run->report(run->ud, run->pack, luaL_checkstring(L, 1), passed, luaL_optstring(L, 3, NULL));
  return 0;
}

static int spec_print(lua_State *L) {
  int n = lua_gettop(L);
  for (int i = 1; i <= n; i++) fprintf(stderr, "%s%s", i > 1 ? " " : "", luaL_tolstring(L, i, NULL));
  fputc('\n', stderr);
  return 0;
}

static const luaL_Reg spec_funcs[] = {
    {"reset", spec_reset},   {"submit", spec_submit}, {"tick", spec_tick},
    {"select", spec_select}, {"money", spec_money},   {"report", spec_report},
    {"print", spec_print},   {NULL, NULL}};

/* Runs the chunk that loads the spec file and the specs it declared,
 * inside the sandbox's protected call. */
static int spec_main(lua_State *L) {
  spec_run_t *run = lua_touserdata(L, 1);
  size_t len;
  const char *text = lua_tolstring(L, 2, &len);
  const char *prelude = lua_tostring(L, 3);
  size_t plen = lua_rawlen(L, 3);
  if (luaL_loadbufferx(L, prelude, plen, "=spec language", "t") != LUA_OK) return lua_error(L);
  lua_newtable(L);
  lua_pushlightuserdata(L, run);
  luaL_setfuncs(L, spec_funcs, 1);
  lua_pushcfunction(L, bylaw__lua_where);
  lua_setfield(L, -2, "where");
  lua_pushstring(L, run->pack);
  lua_setfield(L, -2, "pack_name");
  lua_call(L, 1, 1); /* [.., api] */
  int api = lua_gettop(L);
  char chunkname[512];
  snprintf(chunkname, sizeof(chunkname), "@%s/spec/%s", run->pack, run->file);
  if (luaL_loadbufferx(L, text, len, chunkname, "t") != LUA_OK) return lua_error(L);
  lua_getfield(L, api, "env");
  lua_setupvalue(L, -2, 1);
  lua_call(L, 0, 0);
  lua_getfield(L, api, "run");
  lua_call(L, 0, 1);
  return 1;
}

/* Runs one spec file; a file that fails to load counts as one failure. */
static void spec_run_file(spec_run_t *run, const char *path, const bylaw__embedded_t *lang) {
  bylaw_sandbox_t sb;
  bylaw_error_t err = {0};
  char *text = NULL;
  FILE *f = fopen(path, "rb");
  int rc = f ? 0 : bylaw__error(&err, BYLAW_EIO, "cannot read %s", path);
  if (rc == 0) {
    size_t cap = 1 << 16, n = 0, got;
    text = bylaw__malloc(cap);
    while (text && (got = fread(text + n, 1, cap - n - 1, f)) > 0)
      if ((n += got) == cap - 1) {
        char *t = bylaw__realloc(text, cap *= 2);
        if (t == NULL) bylaw_free(text);
        text = t;
      }
    if (text) text[n] = '\0';
    fclose(f);
    if (text == NULL) rc = bylaw__error(&err, BYLAW_ENOMEM, "out of memory");
  }
  if (rc == 0) rc = bylaw__sandbox_init(&sb, SPEC_MEM_LIMIT, SPEC_BUDGET, &err);
  if (rc == 0) {
    lua_State *L = sb.L;
    lua_pushcfunction(L, spec_main);
    lua_pushlightuserdata(L, run);
    lua_pushstring(L, text);
    lua_pushlstring(L, lang->text, lang->size);
    rc = bylaw__sandbox_call(&sb, 3, 1, &err);
    if (rc == 0) lua_pop(L, 1);
    bylaw__sandbox_close(&sb);
  }
  if (rc != 0) {
    run->failed++;
    if (run->report) run->report(run->ud, run->pack, run->file, 0, err.message);
  }
  bylaw_engine_free(run->engine);
  run->engine = NULL;
  bylaw_free(text);
  bylaw_error_clear(&err);
}

/* Compares the pack's rules with those its specs exercised, appending
 * {pack, rules, exercised, never: [ids]} to run->coverage. */
static int spec_coverage(spec_run_t *run, bylaw_error_t *err) {
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.db_path = ":memory:";
  opts.rules_dir = run->rules_dir;
  opts.only_pack = run->pack;
  bylaw_engine_t *engine;
  int rc = bylaw_engine_new(&engine, &opts, err);
  if (rc != 0) return rc;
  bylaw_pack_t *pack = engine->packs[0];
  rc = bylaw__pack_call(pack, "rules", 0, 1, err);
  if (rc == 0) {
    lua_State *L = pack->sb.L;
    const char *why;
    cJSON *rules = bylaw__lua_to_json(L, -1, &why);
    lua_pop(L, 1);
    cJSON *o = cJSON_CreateObject(), *never = cJSON_CreateArray();
    int total = 0, exercised = 0;
    for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next, total++) {
      const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "id"));
      if (id && cJSON_HasObjectItem(run->covered, id)) exercised++;
      else if (id) cJSON_AddItemToArray(never, cJSON_CreateString(id));
    }
    cJSON_AddStringToObject(o, "pack", run->pack);
    cJSON_AddNumberToObject(o, "rules", total);
    cJSON_AddNumberToObject(o, "exercised", exercised);
    cJSON_AddItemToObject(o, "never", never);
    cJSON_AddItemToArray(run->coverage, o);
    cJSON_Delete(rules);
  }
  bylaw_engine_free(engine);
  return rc;
}

/* Runs every spec file of one pack in name order. */
static int spec_run_pack(spec_run_t *run, bylaw_error_t *err) {
  const bylaw__embedded_t *lang = bylaw__embedded_find("spec.lua");
  if (BYLAW_NEVER(lang == NULL))
    return bylaw__error(err, BYLAW_ESPEC, "the spec language is missing from this build");
  char dir[4096];
  snprintf(dir, sizeof(dir), "%s/%s/spec", run->rules_dir, run->pack);
  struct stat sb;
  if (stat(dir, &sb) != 0) return 0; /* a pack without specs */
  char **names;
  int n;
  int rc = bylaw__list_lua_files(dir, &names, &n, err);
  if (rc != 0) return rc;
  for (int i = 0; i < n; i++) {
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    run->file = names[i];
    spec_run_file(run, path, lang);
  }
  bylaw__strv_free(names, n);
  return run->coverage ? spec_coverage(run, err) : 0;
}

int bylaw_run_specs(const char *rules_dir, const char *pack, bylaw_spec_cb report, void *ud,
                    int *passed, int *failed, char **coverage, bylaw_error_t *err) {
  spec_run_t run = {rules_dir, NULL, NULL, NULL, report, ud, 0, 0, NULL, NULL};
  char **packs = NULL;
  int npacks = 0, rc;
  if (coverage) *coverage = NULL;
  if (rules_dir == NULL) return bylaw__error(err, BYLAW_EINVAL, "rules_dir is required");
  if (coverage) run.coverage = cJSON_CreateArray();
  rc = bylaw__pack_list(rules_dir, &packs, &npacks, err);
  for (int i = 0; rc == 0 && i < npacks; i++) {
    if (pack && strcmp(pack, packs[i]) != 0) continue;
    run.pack = packs[i];
    cJSON_Delete(run.covered);
    run.covered = cJSON_CreateObject();
    rc = spec_run_pack(&run, err);
  }
  bylaw__strv_free(packs, npacks);
  if (passed) *passed = run.passed;
  if (failed) *failed = run.failed;
  if (rc == 0 && run.failed) rc = BYLAW_ESPEC;
  if (coverage && run.coverage) {
    char *text = cJSON_PrintUnformatted(run.coverage);
    *coverage = text ? bylaw__strdup(text) : NULL;
    cJSON_free(text);
  }
  cJSON_Delete(run.covered);
  cJSON_Delete(run.coverage);
  return rc;
}
