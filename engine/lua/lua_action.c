/*
 * lua_action.c - the one way rules change anything: host.emit hands an
 * action table to the engine, which validates, applies and logs it inside
 * the event's transaction (core/action.c).
 */
#include <lauxlib.h>

#include "core/util.h"
#include "lua/lua_host.h"
#include "lua/lua_json.h"

/***
 * @function host.emit(rule, clause, action)
 * @param action a table with `type` and the action's fields
 * @return the id of the task created by schedule_followup, else nil
 * Raises when the action is invalid or refers to something missing; the
 * whole event is then rejected.
 */
static int action_emit(lua_State *L) {
  bylaw_pack_t *pack = HOST_PACK(L);
  const char *rule = luaL_checkstring(L, 1);
  const char *clause = luaL_optstring(L, 2, NULL);
  luaL_checktype(L, 3, LUA_TTABLE);
  if (pack->call == NULL)
    return luaL_error(L, "actions can only be returned while an event is processed");
  const char *why;
  cJSON *action = bylaw__lua_to_json_borrowed(L, 3, &why); /* the table stays at 3 meanwhile */
  if (action == NULL) return luaL_error(L, "invalid action: %s", why);
  int64_t id = 0;
  bylaw_error_t err = {0};
  /* Plain C, which cannot raise: the action is freed right after, not
   * left to the collector. */
  int rc = bylaw__action_apply(pack, rule, clause, action, &id, &err);
  cJSON_Delete(action); /* applied and logged: nothing points into it */
  if (rc != 0) {
    lua_pushstring(L, err.message ? err.message : bylaw_strerror(err.code));
    bylaw_error_clear(&err);
    return lua_error(L);
  }
  if (id) lua_pushinteger(L, id);
  else lua_pushnil(L);
  return 1;
}

static const luaL_Reg action_funcs[] = {
    {"emit", action_emit}, {NULL, NULL}};

void bylaw__open_action(lua_State *L, bylaw_pack_t *pack) {
  lua_pushlightuserdata(L, pack);
  luaL_setfuncs(L, action_funcs, 1);
}
