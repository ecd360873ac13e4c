/*
 * lua_host.c - assembles the host table of a pack's state: where a rule was
 * defined, printing, reading pack-local modules, the event type names, and
 * the time, store and action modules (lua_time.c, lua_store.c,
 * lua_action.c).
 */
#include <ctype.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/schema.h"
#include "core/util.h"
#include "core/engine.h"
#include "lua/lua_host.h"
#include "lua/lua_json.h"
#include "lua/sandbox.h"

/***
 * @function host.where(level)
 * @param level stack level (1 = the caller of where)
 * @return "pack/file.lua:line" of that level, or "?"
 */
int bylaw__lua_where(lua_State *L) {
  lua_Debug ar;
  int level = (int)luaL_checkinteger(L, 1);
  if (lua_getstack(L, level, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
    lua_pushfstring(L, "%s:%d", ar.short_src, ar.currentline);
  else lua_pushliteral(L, "?");
  return 1;
}

/***
 * @function host.print(...)
 * Writes its arguments to stderr, prefixed with the pack name: a debugging
 * aid for analysts; rules never write anywhere else.
 */
static int host_print(lua_State *L) {
  bylaw_pack_t *pack = HOST_PACK(L);
  int n = lua_gettop(L);
  fprintf(stderr, "[%s]", pack->name);
  for (int i = 1; i <= n; i++) fprintf(stderr, " %s", luaL_tolstring(L, i, NULL));
  fputc('\n', stderr);
  return 0;
}

/***
 * @function host.load_module(name)
 * @param name a plain word; the file is <pack>/lib/<name>.lua
 * @return the loaded chunk with the pack's rule environment as _ENV
 * Only while the pack loads: rules cannot read files when events run.
 */
static int host_load_module(lua_State *L) {
  bylaw_pack_t *pack = HOST_PACK(L);
  const char *name = luaL_checkstring(L, 1);
  for (const char *p = name; *p; p++)
    if (!(isalnum((unsigned char)*p) || *p == '_'))
      return luaL_error(L, "require: bad module name '%s'", name);
  if (!pack->loading) return luaL_error(L, "require is only allowed while the pack loads");
  char path[4096], chunkname[512];
  snprintf(path, sizeof(path), "%s/lib/%s.lua", pack->dir, name);
  snprintf(chunkname, sizeof(chunkname), "@%s/lib/%s.lua", pack->name, name);
  FILE *f = fopen(path, "rb");
  if (f == NULL) return luaL_error(L, "require: no module '%s' in pack %s", name, pack->name);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  size_t n;
  char buf[4096];
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) luaL_addlstring(&b, buf, n);
  fclose(f);
  luaL_pushresult(&b); /* [name, text] */
  size_t len;
  const char *text = lua_tolstring(L, -1, &len);
  if (luaL_loadbufferx(L, text, len, chunkname, "t") != LUA_OK) return lua_error(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, pack->api_ref);
  lua_getfield(L, -1, "env"); /* [name, text, chunk, api, env] */
  lua_setupvalue(L, -3, 1);
  lua_pop(L, 1);
  return 1;
}

/***
 * @function host.renew_limits()
 * A fresh instruction budget and time limit for the call in progress: the
 * clock's overdue rule takes one per page of tasks (see sandbox.h).
 */
static int host_renew_limits(lua_State *L) {
  bylaw__sandbox_renew(L);
  return 0;
}

static const luaL_Reg host_funcs[] = {
    {"where", bylaw__lua_where},
    {"renew_limits", host_renew_limits},
    {"print", host_print},
    {"load_module", host_load_module},
    {NULL, NULL}};

void bylaw__open_host(lua_State *L, bylaw_pack_t *pack) {
  lua_newtable(L);
  lua_pushlightuserdata(L, pack);
  luaL_setfuncs(L, host_funcs, 1);
  bylaw__open_time(L, pack);
  bylaw__open_store(L, pack);
  bylaw__open_action(L, pack);
  bylaw__open_csv(L, pack);
  lua_newtable(L); /* [host, types] */
  for (const bylaw_shape_t *s = bylaw__event_shapes; s->type; s++) {
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, s->type);
  }
  lua_setfield(L, -2, "event_types");
  lua_pushstring(L, pack->name);
  lua_setfield(L, -2, "pack_name");
  /* host.param_overrides: values a spec gives in place of pack.lua's. */
  cJSON *overrides = pack->engine && pack->engine->param_overrides
                         ? cJSON_Parse(pack->engine->param_overrides)
                         : NULL;
  if (overrides != NULL) {
    bylaw__lua_push_json(L, overrides); /* [host, overrides] */
    cJSON_Delete(overrides);
    lua_setfield(L, -2, "param_overrides");
  }
}
