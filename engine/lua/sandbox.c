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
 */
#include <lauxlib.h>
#include <lualib.h>
#include <string.h>

#include "core/util.h"
#include "lua/sandbox.h"

#define SANDBOX_HOOK_STEP 1000

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
    if (!sb->budget_tripped) {
      sb->budget_tripped = 1;
      lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
    }
    luaL_error(L, "instruction budget of %d exceeded", (int)sb->budget);
  }
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
  lua_pushcfunction(L, sandbox_msgh);
  lua_insert(L, base);
  sb->spent = 0;
  sb->mem_tripped = sb->budget_tripped = 0;
  sb->limited = 1;
  lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, SANDBOX_HOOK_STEP);
  int rc = lua_pcall(L, nargs, nresults, base);
  lua_sethook(L, NULL, 0, 0);
  sb->limited = 0;
  lua_remove(L, base); /* the handler */
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
