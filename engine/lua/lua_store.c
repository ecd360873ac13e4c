/*
 * lua_store.c - read-only queries for rules: select, count and sum over the
 * store's readable tables, always scoped to the pack the function is bound
 * to.  Filters come as a Lua table:
 *   { staff = "s1" }                  equal
 *   { kind = { "late", "dress" } }    any of
 *   { at = { from = t1, to = t2 } }   from/to inclusive, after/before not
 */
#include <lauxlib.h>
#include <string.h>

#include "core/util.h"
#include "lua/lua_host.h"
#include "lua/lua_json.h"

#define STORE_MAX_FILTERS 16
#define STORE_DEFAULT_ROWS 1000
#define STORE_MAX_ROWS 100000

typedef struct {
  bylaw_filter_t f[STORE_MAX_FILTERS];
  int n;
} filters_t;

static const struct {
  const char *key;
  bylaw_op_t op;
} range_ops[] = {{"from", BYLAW_OP_GE}, {"to", BYLAW_OP_LE},
                 {"after", BYLAW_OP_GT}, {"before", BYLAW_OP_LT}};

/* Adds one filter; values are kept in holder (a cJSON array the caller
 * holds, store_filters).  Raises on misuse: the hold is swept when the
 * call ends, nothing leaks. */
static void add_filter(lua_State *L, filters_t *fs, cJSON *holder, const char *column,
                       bylaw_op_t op, int vidx) {
  if (fs->n == STORE_MAX_FILTERS) luaL_error(L, "too many filters (at most %d)", STORE_MAX_FILTERS);
  const char *why;
  cJSON *v = bylaw__lua_to_json(L, vidx, &why);
  if (v == NULL) luaL_error(L, "filter %s: %s", column, why);
  cJSON_AddItemToArray(holder, v);
  fs->f[fs->n].column = column;
  fs->f[fs->n].op = op;
  fs->f[fs->n].value = v;
  fs->n++;
}

/* Reads the filter table at idx into fs; strings stay owned by Lua (the
 * table stays on the stack for the call). */
static void read_filters(lua_State *L, int idx, filters_t *fs, cJSON *holder) {
  fs->n = 0;
  if (lua_isnoneornil(L, idx)) return;
  luaL_checktype(L, idx, LUA_TTABLE);
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) { /* [key, value] */
    if (lua_type(L, -2) != LUA_TSTRING) luaL_error(L, "filter keys must be column names");
    const char *column = lua_tostring(L, -2);
    if (lua_type(L, -1) != LUA_TTABLE) {
      add_filter(L, fs, holder, column, BYLAW_OP_EQ, -1);
    } else if (lua_rawlen(L, -1) > 0) {
      add_filter(L, fs, holder, column, BYLAW_OP_IN, -1);
    } else {
      int any = 0;
      for (size_t i = 0; i < BYLAW_ARRAY_SIZE(range_ops); i++) {
        if (lua_getfield(L, -1, range_ops[i].key) != LUA_TNIL) {
          add_filter(L, fs, holder, column, range_ops[i].op, -1);
          any = 1;
        }
        lua_pop(L, 1);
      }
      if (!any) luaL_error(L, "filter %s: use a value, a list, or { from =, to =, after =, before = }", column);
    }
    lua_pop(L, 1);
  }
}

/* Reads the filter table at idx into fs, their values held in one array
 * until the caller releases the returned hold. */
static int store_filters(lua_State *L, int idx, filters_t *fs) {
  cJSON *values = cJSON_CreateArray();
  if (values == NULL) return luaL_error(L, "out of memory");
  int hold = bylaw__lua_json_hold(L, values);
  read_filters(L, idx, fs, values);
  return hold;
}

/* Raises the store's error after copying it to Lua and freeing ours. */
static int store_raise(lua_State *L, bylaw_error_t *err) {
  lua_pushstring(L, err->message ? err->message : bylaw_strerror(err->code));
  bylaw_error_clear(err);
  return lua_error(L);
}

static bylaw_pack_t *store_pack(lua_State *L) {
  bylaw_pack_t *pack = HOST_PACK(L);
  if (pack->call == NULL)
    luaL_error(L, "facts can only be read while an event is processed, not when the pack loads");
  return pack;
}

/***
 * @function host.select(table, filters, opts)
 * @param opts { limit = n, order = "column", desc = true }
 * @return a list of rows (tables keyed by column); times are Unix seconds
 */
/* Appends one row, as a table, to the rows table on top of the stack.
 * Times stay Unix seconds; JSON columns become tables.  A Lua error here
 * (memory) unwinds past the read, which select.c allows for. */
static int store_push_row(void *ud, const bylaw_val_t *row, int ncols) {
  lua_State *L = ud;
  lua_createtable(L, 0, ncols);
  for (int c = 0; c < ncols; c++) {
    const bylaw_val_t *v = &row[c];
    switch (v->kind) {
    case BYLAW_VAL_NULL: continue;
    case BYLAW_VAL_INT:
    case BYLAW_VAL_TIME: lua_pushinteger(L, v->i); break;
    case BYLAW_VAL_REAL: lua_pushnumber(L, v->d); break;
    case BYLAW_VAL_JSON: {
      cJSON *parsed = cJSON_Parse(v->text);
      if (parsed == NULL) {
        lua_pushstring(L, v->text);
        break;
      }
      int hold = bylaw__lua_json_hold(L, parsed); /* freed even if pushing raises */
      bylaw__lua_push_json(L, parsed);
      bylaw__lua_json_release(L, hold);
      break;
    }
    default: lua_pushstring(L, v->text);
    }
    lua_setfield(L, -2, v->name);
  }
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
  return 0;
}

static int store_select(lua_State *L) {
  bylaw_pack_t *pack = store_pack(L);
  const char *table = luaL_checkstring(L, 1);
  int limit = STORE_DEFAULT_ROWS, desc = 0;
  const char *order = NULL;
  if (lua_istable(L, 3)) {
    lua_getfield(L, 3, "limit");
    limit = (int)luaL_optinteger(L, -1, STORE_DEFAULT_ROWS);
    lua_getfield(L, 3, "order");
    order = luaL_optstring(L, -1, NULL);
    lua_getfield(L, 3, "desc");
    desc = lua_toboolean(L, -1);
    lua_pop(L, 3); /* order's string stays referenced by opts */
  }
  if (limit < 1 || limit > STORE_MAX_ROWS) return luaL_error(L, "limit must be 1 to %d", STORE_MAX_ROWS);
  filters_t fs;
  int hold = store_filters(L, 2, &fs);
  lua_newtable(L); /* the rows */
  bylaw_error_t err = {0};
  if (bylaw__store_select_each(pack->engine->store, pack->name, table, fs.f, fs.n, order, desc,
                               limit, 0, store_push_row, L, &err) != 0)
    return store_raise(L, &err);
  bylaw__lua_json_release(L, hold);
  return 1;
}

static int store_aggregate(lua_State *L, const char *column, int filter_idx) {
  bylaw_pack_t *pack = store_pack(L);
  const char *table = luaL_checkstring(L, 1);
  filters_t fs;
  int hold = store_filters(L, filter_idx, &fs);
  int64_t out;
  bylaw_error_t err = {0};
  if (bylaw__store_aggregate(pack->engine->store, pack->name, table, column, fs.f, fs.n,
                             &out, &err) != 0)
    return store_raise(L, &err);
  bylaw__lua_json_release(L, hold);
  lua_pushinteger(L, out);
  return 1;
}

/***
 * @function host.count(table, filters)
 * @return the number of matching rows
 */
static int store_count(lua_State *L) { return store_aggregate(L, NULL, 2); }

/***
 * @function host.sum(table, column, filters)
 * @return the sum of column over matching rows (0 when none)
 */
static int store_sum(lua_State *L) { return store_aggregate(L, luaL_checkstring(L, 2), 3); }

static const luaL_Reg store_funcs[] = {
    {"select", store_select}, {"count", store_count}, {"sum", store_sum}, {NULL, NULL}};

void bylaw__open_store(lua_State *L, bylaw_pack_t *pack) {
  lua_pushlightuserdata(L, pack);
  luaL_setfuncs(L, store_funcs, 1);
}
