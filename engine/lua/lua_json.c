/*
 * lua_json.c - cJSON <-> Lua conversion.  Numbers that hold integers cross
 * as Lua integers so money in fen stays exact in rule code.
 */
#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "core/util.h"
#include "lua/lua_json.h"

#define JSON_MAX_DEPTH 32

void bylaw__lua_push_json(lua_State *L, const cJSON *v) {
  luaL_checkstack(L, 3, "JSON too deep");
  if (v == NULL || cJSON_IsNull(v)) {
    lua_pushnil(L);
  } else if (cJSON_IsBool(v)) {
    lua_pushboolean(L, cJSON_IsTrue(v));
  } else if (cJSON_IsNumber(v)) {
    double d = v->valuedouble;
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == floor(d))
      lua_pushinteger(L, (lua_Integer)d);
    else lua_pushnumber(L, d);
  } else if (cJSON_IsString(v)) {
    lua_pushstring(L, v->valuestring);
  } else if (cJSON_IsRaw(v)) {
    /* Text already printed (an applied action, see core/action.c). */
    cJSON *parsed = cJSON_Parse(v->valuestring);
    if (parsed == NULL) luaL_error(L, "stored JSON text does not parse");
    bylaw__lua_push_json(L, parsed);
    cJSON_Delete(parsed);
  } else if (cJSON_IsArray(v)) {
    lua_createtable(L, cJSON_GetArraySize(v), 0);
    int i = 1;
    for (const cJSON *c = v->child; c; c = c->next, i++) {
      bylaw__lua_push_json(L, c);
      lua_rawseti(L, -2, i);
    }
  } else {
    lua_createtable(L, 0, 4);
    for (const cJSON *c = v->child; c; c = c->next) {
      bylaw__lua_push_json(L, c);
      lua_setfield(L, -2, c->string);
    }
  }
}

/* Returns the length n when the table at idx has exactly the keys 1..n
 * (n > 0), otherwise 0. */
static lua_Integer json_sequence_length(lua_State *L, int idx) {
  lua_Integer n = (lua_Integer)lua_rawlen(L, idx), keys = 0;
  if (n == 0) return 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1)) {
      lua_pop(L, 1);
      return 0;
    }
    keys++;
  }
  return keys == n ? n : 0;
}

/* With borrow set, keys and strings point into the Lua values instead of
 * being copied: only for a tree used and deleted while they stay on the
 * stack (see bylaw__lua_to_json_borrowed). */
static cJSON *json_from(lua_State *L, int idx, int depth, int borrow, const char **why) {
  idx = lua_absindex(L, idx);
  switch (lua_type(L, idx)) {
  case LUA_TNIL: return cJSON_CreateNull();
  case LUA_TBOOLEAN: return cJSON_CreateBool(lua_toboolean(L, idx));
  case LUA_TNUMBER: {
    if (lua_isinteger(L, idx)) {
      lua_Integer i = lua_tointeger(L, idx);
      if (i > 9007199254740992LL || i < -9007199254740992LL) {
        *why = "integer too large to represent exactly";
        return NULL;
      }
      return cJSON_CreateNumber((double)i);
    }
    double d = lua_tonumber(L, idx);
    if (!isfinite(d)) {
      *why = "number is not finite";
      return NULL;
    }
    return cJSON_CreateNumber(d);
  }
  case LUA_TSTRING: {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    if (!bylaw__utf8_valid(s, len) || strlen(s) != len) {
      *why = "string is not valid UTF-8 text";
      return NULL;
    }
    return borrow ? cJSON_CreateStringReference(s) : cJSON_CreateString(s);
  }
  case LUA_TTABLE: break;
  default: *why = "value cannot be stored (a function or userdata)"; return NULL;
  }
  if (depth > JSON_MAX_DEPTH) {
    *why = "table nested too deeply (or a cycle)";
    return NULL;
  }
  if (!lua_checkstack(L, 4)) {
    *why = "out of stack";
    return NULL;
  }
  lua_Integer n = json_sequence_length(L, idx);
  cJSON *out = n > 0 ? cJSON_CreateArray() : cJSON_CreateObject();
  if (out == NULL) {
    *why = "out of memory";
    return NULL;
  }
  if (n > 0) {
    for (lua_Integer i = 1; i <= n; i++) {
      lua_rawgeti(L, idx, i);
      cJSON *item = json_from(L, -1, depth + 1, borrow, why);
      lua_pop(L, 1);
      if (item == NULL) goto fail;
      cJSON_AddItemToArray(out, item);
    }
    return out;
  }
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      *why = "table mixes list items and named fields";
      goto fail;
    }
    cJSON *item = json_from(L, -1, depth + 1, borrow, why);
    if (item == NULL) {
      lua_pop(L, 2);
      goto fail;
    }
    if (borrow) cJSON_AddItemToObjectCS(out, lua_tostring(L, -2), item);
    else cJSON_AddItemToObject(out, lua_tostring(L, -2), item);
    lua_pop(L, 1);
  }
  return out;
fail:
  cJSON_Delete(out);
  return NULL;
}

cJSON *bylaw__lua_to_json(lua_State *L, int idx, const char **why) {
  *why = "out of memory";
  return json_from(L, idx, 0, 0, why);
}

cJSON *bylaw__lua_to_json_borrowed(lua_State *L, int idx, const char **why) {
  *why = "out of memory";
  return json_from(L, idx, 0, 1, why);
}

int bylaw__lua_json_hold(lua_State *L, cJSON *v) {
  bylaw_sandbox_t *sb = bylaw__sandbox_of(L);
  if (sb->nheld == sb->held_cap) {
    int cap = sb->held_cap ? 2 * sb->held_cap : 16;
    cJSON **grown = bylaw__realloc(sb->held, (size_t)cap * sizeof(*grown));
    if (grown == NULL) {
      cJSON_Delete(v);
      return luaL_error(L, "out of memory");
    }
    sb->held = grown;
    sb->held_cap = cap;
  }
  sb->held[sb->nheld] = v;
  return sb->nheld++;
}

void bylaw__lua_json_release(lua_State *L, int hold) {
  bylaw_sandbox_t *sb = bylaw__sandbox_of(L);
  cJSON_Delete(sb->held[hold]);
  sb->held[hold] = NULL;
  /* Holds an error left below stay until their call ends. */
  while (sb->nheld > 0 && sb->held[sb->nheld - 1] == NULL) sb->nheld--;
}

void bylaw__lua_json_sweep(bylaw_sandbox_t *sb, int mark) {
  while (sb->nheld > mark) cJSON_Delete(sb->held[--sb->nheld]);
}
