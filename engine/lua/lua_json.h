/*
 * lua_json.h - converts between cJSON values and Lua values, the one way
 * data crosses between the engine and rule code.
 */
#ifndef BYLAW_LUA_JSON_H
#define BYLAW_LUA_JSON_H

#include <cjson/cJSON.h>
#include <lua.h>

#include "lua/sandbox.h"

/* Pushes v as a Lua value: objects and arrays as tables, integral numbers
 * as integers, null as nil.  May raise a Lua memory error. */
void bylaw__lua_push_json(lua_State *L, const cJSON *v);

/* Converts the Lua value at idx to a new cJSON value (caller deletes).
 * Sequences become arrays, other tables objects with string keys, the empty
 * table an object.  Returns NULL with a static reason in *why for values
 * JSON cannot hold (functions, NaN, cycles, non-UTF-8 strings). */
cJSON *bylaw__lua_to_json(lua_State *L, int idx, const char **why);
/* The same without copying: the tree's keys and strings point into the Lua
 * values at idx, so it must be deleted before that table can be collected
 * or changed (host.emit's action, used within the call). */
cJSON *bylaw__lua_to_json_borrowed(lua_State *L, int idx, const char **why);

/* Holds JSON a C function keeps while it may raise an error, so that
 * nothing leaks when one unwinds past it (L is a sandbox's state,
 * sandbox.c): v (may be NULL) is held until bylaw__lua_json_release(L,
 * hold), or until the sandbox call in progress ends.  Holds nest (release
 * the latest first).  Raises, after deleting v, when out of memory.  (A
 * userdata with a __gc finalizer per value cost the collector a call each,
 * two dozen an event on the all-packs workload.) */
int bylaw__lua_json_hold(lua_State *L, cJSON *v);
void bylaw__lua_json_release(lua_State *L, int hold);

/* Deletes the values held at mark and above (sandbox.c, as a call ends). */
void bylaw__lua_json_sweep(bylaw_sandbox_t *sb, int mark);
#endif
