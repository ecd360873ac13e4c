/*
 * sandbox.h - one Lua 5.4 state with only the safe part of the standard
 * library, a counting allocator with a memory cap, an instruction budget,
 * and the one protected-call wrapper every call into rule code goes through.
 */
#ifndef BYLAW_LUA_SANDBOX_H
#define BYLAW_LUA_SANDBOX_H

#include <lua.h>
#include <stddef.h>
#include <stdint.h>

#include "bylaw.h"

struct cJSON;

typedef struct {
  lua_State *L;
  size_t mem_used;
  size_t mem_limit;   /* enforced while `limited` is set */
  uint64_t budget;    /* instructions per call */
  uint64_t spent;
  int limited;
  int mem_tripped;
  int budget_tripped;
  uint64_t deadline_ms; /* monotonic ms when the current call must stop; 0: none */
  /* JSON that host functions hold while they may raise (lua_json.c): freed
   * when they release it, or when the sandbox call they ran in ends. */
  struct cJSON **held;
  int nheld, held_cap;
} bylaw_sandbox_t;

/* Creates the state in sb (caller memory, which must not move while the
 * state lives: the allocator and the state's extra space point at it). */
int bylaw__sandbox_init(bylaw_sandbox_t *sb, size_t mem_limit, uint64_t budget,
                        bylaw_error_t *err);
void bylaw__sandbox_close(bylaw_sandbox_t *sb);

/* Loads Lua source text (never bytecode) as a function on the stack; chunk
 * names follow Lua's "@file" convention so messages say file:line. */
int bylaw__sandbox_load(bylaw_sandbox_t *sb, const char *text, size_t len,
                        const char *chunkname, bylaw_error_t *err);

/* Calls the function below nargs arguments with the memory cap and the
 * instruction budget in force.  On success leaves nresults values; on
 * failure pops everything it was given and returns BYLAW_EBUDGET,
 * BYLAW_EMEMLIMIT or BYLAW_ERULE with the message in err.  The state stays
 * usable either way. */
int bylaw__sandbox_call(bylaw_sandbox_t *sb, int nargs, int nresults,
                        bylaw_error_t *err);

/* Gives the call in progress on L a fresh instruction budget and time
 * limit.  Only for the engine's own rules, which page through work of any
 * size (a backlog of overdue tasks) and finish a page each time; pack code
 * never sees it. */
void bylaw__sandbox_renew(lua_State *L);

/* The sandbox L belongs to (any of its threads). */
bylaw_sandbox_t *bylaw__sandbox_of(lua_State *L);

#endif
