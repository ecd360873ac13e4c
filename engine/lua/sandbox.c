/*
 * sandbox.c - builds the Lua states rules run in.
 *
 * Only base, table, string, math, utf8 and coroutine are opened; from them
 * the functions that reach the host or break determinism are removed
 * (dofile, loadfile, load, collectgarbage, string.dump, math.random).  io,
 * os, package and debug are never opened.  Memory is counted by our own
 * lua_Alloc and capped during calls; instructions are counted by a count
 * hook that, once the budget is spent, fires on every instruction so a
 * pcall inside the rule cannot swallow the error and carry on.
 *
 * The count hook only runs between VM instructions, so a single call into
 * a C function could still run for a very long time.  Three guards cover
 * that: a wall-clock deadline per call, checked in the same hook (many
 * slow C calls in a row); string.rep and table.move charge the elements
 * they produce to the instruction budget before they start (an empty
 * string repeated 10^15 times allocates nothing and never returns); and
 * the pattern functions (find, match, gmatch, gsub) refuse a pattern whose
 * worst-case backtracking on the subject exceeds SANDBOX_PATTERN_COST
 * steps, since Lua's matcher cannot be interrupted once it runs.
 */
#include <lauxlib.h>
#include <lualib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "lua/lua_json.h"
#include "lua/sandbox.h"

#define SANDBOX_HOOK_STEP 1000
#define SANDBOX_TIME_LIMIT_MS 2000 /* wall clock per call into rule code */
#define SANDBOX_PATTERN_COST 2e8  /* worst-case matcher steps per call */

static uint64_t sandbox_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Makes every following instruction raise: a pcall in the rule cannot
 * swallow a tripped limit. */
static void sandbox_hook(lua_State *L, lua_Debug *ar);
static void sandbox_trip(lua_State *L, bylaw_sandbox_t *sb) {
  if (!sb->budget_tripped) {
    sb->budget_tripped = 1;
    lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
  }
}

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  bylaw_sandbox_t *sb = ud;
  if (ptr == NULL) osize = 0;
  if (nsize == 0) {
    bylaw_free(ptr);
    sb->mem_used -= osize;
    return NULL;
  }
  if (sb->limited && nsize > osize && sb->mem_used + (nsize - osize) > sb->mem_limit) {
    sb->mem_tripped = 1;
    return NULL;
  }
  void *p = bylaw__realloc(ptr, nsize);
  if (p != NULL) sb->mem_used = sb->mem_used - osize + nsize;
  return p;
}

static void sandbox_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  bylaw_sandbox_t *sb;
  lua_getallocf(L, (void **)&sb);
  sb->spent += sb->budget_tripped ? 1 : SANDBOX_HOOK_STEP;
  if (sb->spent > sb->budget) {
    sandbox_trip(L, sb);
    luaL_error(L, "instruction budget of %d exceeded", (int)sb->budget);
  }
  if (sb->deadline_ms && sandbox_now_ms() > sb->deadline_ms) {
    sandbox_trip(L, sb);
    luaL_error(L, "time limit of %d ms exceeded", SANDBOX_TIME_LIMIT_MS);
  }
}

void bylaw__sandbox_renew(lua_State *L) {
  bylaw_sandbox_t *sb;
  lua_getallocf(L, (void **)&sb);
  if (!sb->limited || sb->budget_tripped) return;
  sb->spent = 0;
  sb->deadline_ms = sandbox_now_ms() + SANDBOX_TIME_LIMIT_MS;
}

/* Charges n units of work a C function is about to do to the budget,
 * raising before it starts when they would not fit. */
static void sandbox_charge(lua_State *L, const char *what, lua_Integer n) {
  bylaw_sandbox_t *sb;
  lua_getallocf(L, (void **)&sb);
  if (!sb->limited || n <= 0) return;
  if ((uint64_t)n > sb->budget || sb->spent + (uint64_t)n > sb->budget) {
    sb->spent = sb->budget + 1;
    sandbox_trip(L, sb);
    luaL_error(L, "%s: instruction budget of %d exceeded", what, (int)sb->budget);
  }
  sb->spent += (uint64_t)n;
}

/* string.rep(s, n [, sep]) charged n, and refused at once when the result
 * could not fit the memory cap. */
static int sandbox_rep(lua_State *L) {
  size_t l, lsep = 0;
  luaL_checklstring(L, 1, &l);
  lua_Integer n = luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &lsep);
  if (n > 0) {
    bylaw_sandbox_t *sb;
    lua_getallocf(L, (void **)&sb);
    double bytes = (double)n * (double)(l + lsep);
    if (sb->limited && bytes > (double)sb->mem_limit) {
      sb->mem_tripped = 1;
      return luaL_error(L, "string.rep: a result of %f bytes exceeds the memory limit",
                        (lua_Number)bytes);
    }
    sandbox_charge(L, "string.rep", n);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* table.move(a1, f, e, t [, a2]) charged the elements it moves. */
static int sandbox_move(lua_State *L) {
  lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
  if (e >= f) sandbox_charge(L, "table.move", e - f < LUA_MAXINTEGER ? e - f + 1 : e - f);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* Worst-case steps of Lua's backtracking matcher: every repetition item
 * (*, +, -, ?) may retry at each subject position, and an unanchored
 * pattern is tried from every position. */
static double sandbox_pattern_cost(const char *p, size_t plen, size_t slen) {
  double n = (double)slen + 1, cost = (double)plen + 1;
  int reps = 0;
  for (size_t i = 0; i < plen; i++) {
    if (p[i] == '%') {
      i++;
    } else if (p[i] == '[') { /* a set: skip to its end */
      i++;
      if (i < plen && p[i] == '^') i++;
      if (i < plen && p[i] == ']') i++;
      while (i < plen && p[i] != ']') {
        if (p[i] == '%') i++;
        i++;
      }
    } else if (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?') {
      if (i > 0) reps++;
    }
  }
  if (plen == 0 || p[0] != '^') cost *= n;
  for (int r = 0; r < reps && cost <= SANDBOX_PATTERN_COST; r++) cost *= n;
  return cost;
}

/* string.find/match/gmatch/gsub: refuse a pattern too costly for its
 * subject before Lua's matcher, which no hook can stop, starts. */
static int sandbox_pattern(lua_State *L) {
  size_t slen, plen;
  const char *name = lua_tostring(L, lua_upvalueindex(2));
  luaL_checklstring(L, 1, &slen);
  const char *p = luaL_checklstring(L, 2, &plen);
  int plain = strcmp(name, "find") == 0 && lua_toboolean(L, 4);
  if (!plain) {
    double cost = sandbox_pattern_cost(p, plen, slen);
    if (cost > SANDBOX_PATTERN_COST)
      return luaL_error(L, "string.%s: pattern too costly for a subject of %d bytes"
                           " (at most %f matching steps)", name, (int)slen,
                        (lua_Number)SANDBOX_PATTERN_COST);
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

/* Replaces t[name] (t on the top of the stack) by fn with the original as
 * upvalue 1 and the name as upvalue 2. */
static void sandbox_wrap(lua_State *L, const char *name, lua_CFunction fn) {
  lua_getfield(L, -1, name);
  lua_pushstring(L, name);
  lua_pushcclosure(L, fn, 2);
  lua_setfield(L, -2, name);
}

static const luaL_Reg sandbox_libs[] = {
    {LUA_GNAME, luaopen_base},         {LUA_TABLIBNAME, luaopen_table},
    {LUA_STRLIBNAME, luaopen_string},  {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8},   {LUA_COLIBNAME, luaopen_coroutine},
    {NULL, NULL}};

/* Removes names from the table on the top of the stack. */
static void sandbox_strip(lua_State *L, const char *const *names) {
  for (; *names; names++) {
    lua_pushnil(L);
    lua_setfield(L, -2, *names);
  }
}

static int sandbox_open(lua_State *L) {
  static const char *const base_unsafe[] = {"dofile", "loadfile", "load",
                                            "collectgarbage", "print", NULL};
  static const char *const string_unsafe[] = {"dump", NULL};
  static const char *const math_unsafe[] = {"random", "randomseed", NULL};
  for (const luaL_Reg *lib = sandbox_libs; lib->func; lib++) {
    luaL_requiref(L, lib->name, lib->func, 1);
    lua_pop(L, 1);
  }
  lua_pushglobaltable(L);
  sandbox_strip(L, base_unsafe);
  lua_getfield(L, -1, LUA_STRLIBNAME);
  sandbox_strip(L, string_unsafe);
  sandbox_wrap(L, "rep", sandbox_rep);
  sandbox_wrap(L, "find", sandbox_pattern);
  sandbox_wrap(L, "match", sandbox_pattern);
  sandbox_wrap(L, "gmatch", sandbox_pattern);
  sandbox_wrap(L, "gsub", sandbox_pattern);
  lua_pop(L, 1);
  lua_getfield(L, -1, LUA_TABLIBNAME);
  sandbox_wrap(L, "move", sandbox_move);
  lua_pop(L, 1);
  lua_getfield(L, -1, LUA_MATHLIBNAME);
  sandbox_strip(L, math_unsafe);
  lua_pop(L, 2);
  /* Lock the string metatable: rules must not reach the shared `string`
   * table through getmetatable(""). */
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1); /* ["", mt] */
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  return 0;
}

int bylaw__sandbox_init(bylaw_sandbox_t *sb, size_t mem_limit, uint64_t budget,
                        bylaw_error_t *err) {
  memset(sb, 0, sizeof(*sb));
  sb->mem_limit = mem_limit;
  sb->budget = budget;
  sb->L = lua_newstate(sandbox_alloc, sb);
  if (sb->L == NULL) return bylaw__error(err, BYLAW_ENOMEM, "cannot create a Lua state");
  /* Threads made later start with a copy of the main thread's. */
  *(bylaw_sandbox_t **)lua_getextraspace(sb->L) = sb;
  lua_pushcfunction(sb->L, sandbox_open);
  if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
    bylaw__error(err, BYLAW_ENOMEM, "cannot open Lua libraries: %s",
                 lua_tostring(sb->L, -1));
    bylaw__sandbox_close(sb);
    return BYLAW_ENOMEM;
  }
  return 0;
}

void bylaw__sandbox_close(bylaw_sandbox_t *sb) {
  if (sb == NULL || sb->L == NULL) return;
  lua_close(sb->L);
  sb->L = NULL;
  bylaw__lua_json_sweep(sb, 0);
  bylaw_free(sb->held);
  sb->held = NULL;
  sb->held_cap = 0;
}

bylaw_sandbox_t *bylaw__sandbox_of(lua_State *L) {
  return *(bylaw_sandbox_t **)lua_getextraspace(L);
}

int bylaw__sandbox_load(bylaw_sandbox_t *sb, const char *text, size_t len,
                        const char *chunkname, bylaw_error_t *err) {
  /* Mode "t": a precompiled chunk could break the VM's invariants. */
  int rc = luaL_loadbufferx(sb->L, text, len, chunkname, "t");
  if (rc == LUA_OK) return 0;
  bylaw__error(err, rc == LUA_ERRMEM ? BYLAW_ENOMEM : BYLAW_EPACK, "%s",
               lua_tostring(sb->L, -1));
  lua_pop(sb->L, 1);
  return err ? err->code : BYLAW_EPACK;
}

/* Message handler: keeps the error message; non-strings are described. */
static int sandbox_msgh(lua_State *L) {
  if (lua_type(L, 1) == LUA_TSTRING) return 1;
  if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
  lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  return 1;
}

int bylaw__sandbox_call(bylaw_sandbox_t *sb, int nargs, int nresults,
                        bylaw_error_t *err) {
  lua_State *L = sb->L;
  int base = lua_gettop(L) - nargs; /* the function's index */
  int held = sb->nheld; /* a call made from a host function keeps its holds */
  lua_pushcfunction(L, sandbox_msgh);
  lua_insert(L, base);
  sb->spent = 0;
  sb->mem_tripped = sb->budget_tripped = 0;
  sb->limited = 1;
  sb->deadline_ms = sandbox_now_ms() + SANDBOX_TIME_LIMIT_MS;
  lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, SANDBOX_HOOK_STEP);
  int rc = lua_pcall(L, nargs, nresults, base);
  lua_sethook(L, NULL, 0, 0);
  sb->limited = 0;
  sb->deadline_ms = 0;
  lua_remove(L, base); /* the handler */
  bylaw__lua_json_sweep(sb, held); /* what an error unwound past */
  if (rc == LUA_OK) return 0;
  int code = sb->budget_tripped ? BYLAW_EBUDGET
             : (sb->mem_tripped || rc == LUA_ERRMEM) ? BYLAW_EMEMLIMIT
                                                     : BYLAW_ERULE;
  const char *msg = lua_tostring(L, -1);
  if (code == BYLAW_EMEMLIMIT)
    bylaw__error(err, code, "memory limit of %zu bytes exceeded%s%s", sb->mem_limit,
                 msg ? ": " : "", msg ? msg : "");
  else bylaw__error(err, code, "%s", msg ? msg : "unknown error");
  lua_pop(L, 1);
  lua_gc(L, LUA_GCCOLLECT); /* give back what a runaway rule took */
  return code;
}
