/*
 * lua_host.h - the host table the vocabulary (prelude.lua) is given: the C
 * functions rules reach through it, each bound to one pack.
 */
#ifndef BYLAW_LUA_HOST_H
#define BYLAW_LUA_HOST_H

#include <lua.h>

#include "core/engine.h"

/* Pushes the host table for pack.  Its functions hold pack as an upvalue:
 * no global state, and no way to name another pack. */
void bylaw__open_host(lua_State *L, bylaw_pack_t *pack);

/* host.where(level): "file:line" of a stack level; needs no upvalue. */
int bylaw__lua_where(lua_State *L);

/* Module openers: each sets its functions into the table on the top. */
void bylaw__open_time(lua_State *L, bylaw_pack_t *pack);
void bylaw__open_store(lua_State *L, bylaw_pack_t *pack);
void bylaw__open_action(lua_State *L, bylaw_pack_t *pack);
void bylaw__open_csv(lua_State *L, bylaw_pack_t *pack);

/* The pack a host function was bound to (its first upvalue). */
#define HOST_PACK(L) ((bylaw_pack_t *)lua_touserdata((L), lua_upvalueindex(1)))

#endif
