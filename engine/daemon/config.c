/*
 * config.c - reads bylawd's Lua configuration file (see config.h).
 *
 * The file is the admin's own, so it runs in a plain Lua 5.4 state with the
 * standard libraries (os.getenv is how a token stays out of the file); it is
 * not the rule sandbox.  Options are the globals the file sets, read from a
 * private environment table so that the standard library's own globals are
 * never mistaken for options; a file may instead return one table of options.
 * Anything not listed below is refused by name, so a typo cannot silently
 * leave a default in place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "config.h"
#include "log.h"

int bylawd_config_set(char **slot, const char *value) {
  char *copy = value ? strdup(value) : NULL;
  if (value && copy == NULL)
    return -1;
  free(*slot);
  *slot = copy;
  return 0;
}

int bylawd_config_parse_offset(const char *text, int *offset_s) {
  if (strcmp(text, "Z") == 0 || strcmp(text, "UTC") == 0) {
    *offset_s = 0;
    return 0;
  }
  int hh, mm;
  char sign, tail;
  if (sscanf(text, "%c%2d:%2d%c", &sign, &hh, &mm, &tail) != 3 ||
      (sign != '+' && sign != '-') || hh > 14 || mm > 59)
    return -1;
  *offset_s = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
  return 0;
}

int bylawd_config_init(bylawd_config_t *cfg) {
  memset(cfg, 0, sizeof(*cfg));
  cfg->log_level = BYLAWD_LOG_INFO;
  cfg->watch = 1;
  cfg->run_specs = 1;
  cfg->public_metrics = 1;
  cfg->sync = BYLAW_SYNC_FULL;
  cfg->checkpoint_pages = 1000; /* SQLite's own automatic checkpoint size */
  cfg->limits.body_bytes = 1024 * 1024;
  cfg->limits.header_bytes = 16 * 1024;
  cfg->limits.json_depth = 32;
  cfg->limits.batch_events = 1000;
  cfg->limits.read_timeout_ms = 10000;
  cfg->limits.connections = 256;
  /* Times the daemon writes (approval decisions) default to the host's
   * offset, which is what the people deciding see on their clocks. */
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  cfg->utc_offset = (int)tm.tm_gmtoff;
  if (bylawd_config_set(&cfg->listen, "127.0.0.1:8080") ||
      bylawd_config_set(&cfg->db, "var/bylaw.db") ||
      bylawd_config_set(&cfg->rules, "rules") ||
      bylawd_config_set(&cfg->backup_dir, "var/backup"))
    return -1;
  return 0;
}

static void config_free_tokens(bylawd_config_t *cfg) {
  for (size_t i = 0; i < cfg->ntokens; i++) {
    free(cfg->tokens[i].token);
    free(cfg->tokens[i].pack);
  }
  free(cfg->tokens);
  cfg->tokens = NULL;
  cfg->ntokens = 0;
}

void bylawd_config_take_tokens(bylawd_config_t *dst, bylawd_config_t *src) {
  config_free_tokens(dst);
  dst->tokens = src->tokens;
  dst->ntokens = src->ntokens;
  src->tokens = NULL;
  src->ntokens = 0;
}

void bylawd_config_free(bylawd_config_t *cfg) {
  if (cfg == NULL)
    return;
  free(cfg->listen);
  free(cfg->db);
  free(cfg->rules);
  free(cfg->backup_dir);
  config_free_tokens(cfg);
  memset(cfg, 0, sizeof(*cfg));
}

/* --- reading values ------------------------------------------------------ */

/* Every reader below takes the value at the top of the stack, names the
 * option in *errmsg when the type is wrong, and returns 0 or -1. */

static int config_fail(char **errmsg, const char *fmt, const char *name) {
  char buf[256];
  snprintf(buf, sizeof(buf), fmt, name);
  *errmsg = strdup(buf);
  return -1;
}

static int config_string(lua_State *L, const char *name, char **slot,
                         char **errmsg) {
  if (lua_type(L, -1) != LUA_TSTRING)
    return config_fail(errmsg, "option '%s' must be a string", name);
  if (bylawd_config_set(slot, lua_tostring(L, -1)))
    return config_fail(errmsg, "out of memory reading '%s'", name);
  return 0;
}

static int config_bool(lua_State *L, const char *name, int *slot,
                       char **errmsg) {
  if (!lua_isboolean(L, -1))
    return config_fail(errmsg, "option '%s' must be true or false", name);
  *slot = lua_toboolean(L, -1);
  return 0;
}

static int config_count(lua_State *L, const char *name, uint64_t *slot,
                        char **errmsg) {
  int isnum;
  lua_Integer v = lua_tointegerx(L, -1, &isnum);
  if (!isnum || v <= 0)
    return config_fail(errmsg, "option '%s' must be a positive integer", name);
  *slot = (uint64_t)v;
  return 0;
}

static int config_add_token(bylawd_config_t *cfg, const char *token,
                            const char *pack) {
  bylawd_token_t *grown =
      realloc(cfg->tokens, (cfg->ntokens + 1) * sizeof(*grown));
  if (grown == NULL)
    return -1;
  cfg->tokens = grown;
  bylawd_token_t *t = &cfg->tokens[cfg->ntokens];
  t->token = strdup(token);
  t->pack = pack ? strdup(pack) : NULL;
  if (t->token == NULL || (pack && t->pack == NULL)) {
    free(t->token);
    free(t->pack);
    return -1;
  }
  cfg->ntokens++;
  return 0;
}

/* Reads a list of token strings (or one string) for pack (NULL: admin). */
static int config_token_list(lua_State *L, bylawd_config_t *cfg,
                             const char *pack, const char *name,
                             char **errmsg) {
  if (lua_type(L, -1) == LUA_TSTRING) {
    if (lua_rawlen(L, -1) < 8)
      return config_fail(errmsg, "tokens of '%s' must be 8 characters or more",
                         name);
    return config_add_token(cfg, lua_tostring(L, -1), pack) ? -1 : 0;
  }
  if (!lua_istable(L, -1))
    return config_fail(errmsg, "tokens of '%s' must be a string or a list",
                       name);
  lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i); /* [list, token] */
    int rc = lua_type(L, -1) == LUA_TSTRING && lua_rawlen(L, -1) >= 8
                 ? config_add_token(cfg, lua_tostring(L, -1), pack)
                 : config_fail(errmsg,
                               "each token of '%s' must be a string of 8 "
                               "characters or more",
                               name);
    lua_pop(L, 1); /* [list] */
    if (rc)
      return rc;
  }
  return 0;
}

static int config_tokens(lua_State *L, bylawd_config_t *cfg, char **errmsg) {
  if (!lua_istable(L, -1))
    return config_fail(errmsg, "option '%s' must be a table pack = {tokens}",
                       "tokens");
  lua_pushnil(L); /* [tokens, nil] */
  while (lua_next(L, -2)) { /* [tokens, pack, list] */
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      return config_fail(errmsg, "option '%s' must be keyed by pack name",
                         "tokens");
    }
    const char *pack = lua_tostring(L, -2);
    if (config_token_list(L, cfg, pack, pack, errmsg)) {
      lua_pop(L, 2);
      return -1;
    }
    lua_pop(L, 1); /* [tokens, pack] */
  }
  return 0;
}

static int config_limits(lua_State *L, bylawd_config_t *cfg, char **errmsg) {
  static const char *const names[] = {"body_bytes",      "header_bytes",
                                      "json_depth",      "batch_events",
                                      "read_timeout_ms", "connections", NULL};
  if (!lua_istable(L, -1))
    return config_fail(errmsg, "option '%s' must be a table", "limits");
  lua_pushnil(L); /* [limits, nil] */
  while (lua_next(L, -2)) { /* [limits, key, value] */
    const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
    int i = 0;
    while (names[i] && strcmp(names[i], key) != 0)
      i++;
    uint64_t v = 0;
    int rc = names[i] ? config_count(L, key, &v, errmsg)
                      : config_fail(errmsg, "unknown option 'limits.%s'", key);
    if (rc == 0 && v > (uint64_t)1 << 31 && i != 4)
      rc = config_fail(errmsg, "option 'limits.%s' is too large", key);
    lua_pop(L, 1); /* [limits, key] */
    if (rc) {
      lua_pop(L, 1);
      return -1;
    }
    switch (i) {
    case 0: cfg->limits.body_bytes = (size_t)v; break;
    case 1: cfg->limits.header_bytes = (size_t)v; break;
    case 2: cfg->limits.json_depth = (int)v; break;
    case 3: cfg->limits.batch_events = (int)v; break;
    case 4: cfg->limits.read_timeout_ms = v; break;
    default: cfg->limits.connections = (int)v; break;
    }
  }
  return 0;
}

/* Applies one option (its value on top of the stack). */
static int config_option(lua_State *L, bylawd_config_t *cfg, const char *name,
                         char **errmsg) {
  char *text = NULL;
  uint64_t n = 0;
  int rc;

  if (strcmp(name, "listen") == 0)
    return config_string(L, name, &cfg->listen, errmsg);
  if (strcmp(name, "db") == 0)
    return config_string(L, name, &cfg->db, errmsg);
  if (strcmp(name, "rules") == 0)
    return config_string(L, name, &cfg->rules, errmsg);
  if (strcmp(name, "backup_dir") == 0)
    return config_string(L, name, &cfg->backup_dir, errmsg);
  if (strcmp(name, "watch") == 0)
    return config_bool(L, name, &cfg->watch, errmsg);
  if (strcmp(name, "run_specs") == 0)
    return config_bool(L, name, &cfg->run_specs, errmsg);
  if (strcmp(name, "public_metrics") == 0)
    return config_bool(L, name, &cfg->public_metrics, errmsg);
  if (strcmp(name, "limits") == 0)
    return config_limits(L, cfg, errmsg);
  if (strcmp(name, "tokens") == 0)
    return config_tokens(L, cfg, errmsg);
  if (strcmp(name, "admin_tokens") == 0)
    return config_token_list(L, cfg, NULL, name, errmsg);
  if (strcmp(name, "lua_memory_mb") == 0) {
    if ((rc = config_count(L, name, &n, errmsg)) == 0)
      cfg->lua_memory = (size_t)n * 1024 * 1024;
    return rc;
  }
  if (strcmp(name, "instruction_budget") == 0)
    return config_count(L, name, &cfg->instruction_budget, errmsg);
  if (strcmp(name, "checkpoint_pages") == 0) {
    if ((rc = config_count(L, name, &n, errmsg)) == 0 && n > 1u << 20)
      rc = config_fail(errmsg, "option '%s' is too large", name);
    if (rc == 0)
      cfg->checkpoint_pages = (int)n;
    return rc;
  }
  if (strcmp(name, "log_level") == 0 || strcmp(name, "log_format") == 0 ||
      strcmp(name, "sync") == 0 || strcmp(name, "utc_offset") == 0) {
    if (config_string(L, name, &text, errmsg))
      return -1;
    rc = 0;
    if (strcmp(name, "log_level") == 0)
      rc = bylawd_log_parse_level(text, &cfg->log_level);
    else if (strcmp(name, "log_format") == 0)
      rc = strcmp(text, "json") == 0   ? (cfg->log_json = 1, 0)
           : strcmp(text, "text") == 0 ? (cfg->log_json = 0, 0)
                                       : -1;
    else if (strcmp(name, "sync") == 0)
      rc = strcmp(text, "full") == 0     ? (cfg->sync = BYLAW_SYNC_FULL, 0)
           : strcmp(text, "normal") == 0 ? (cfg->sync = BYLAW_SYNC_NORMAL, 0)
           : strcmp(text, "off") == 0    ? (cfg->sync = BYLAW_SYNC_OFF, 0)
                                         : -1;
    else
      rc = bylawd_config_parse_offset(text, &cfg->utc_offset);
    free(text);
    if (rc)
      return config_fail(errmsg, "option '%s' has an unknown value", name);
    return 0;
  }
  return config_fail(errmsg, "unknown option '%s'", name);
}

int bylawd_config_load(bylawd_config_t *cfg, const char *path, char **errmsg) {
  *errmsg = NULL;
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    *errmsg = strdup("out of memory");
    return -1;
  }
  luaL_openlibs(L);

  /* The file's globals land in env; reads fall through to the real
   * globals so the file can call string.format or os.getenv. */
  if (luaL_loadfilex(L, path, "t") != LUA_OK) { /* [chunk | msg] */
    *errmsg = strdup(lua_tostring(L, -1));
    lua_close(L);
    return -1;
  }
  lua_newtable(L);                         /* [chunk, env] */
  lua_newtable(L);                         /* [chunk, env, mt] */
  lua_pushglobaltable(L);                  /* [chunk, env, mt, _G] */
  lua_setfield(L, -2, "__index");          /* [chunk, env, mt] */
  lua_setmetatable(L, -2);                 /* [chunk, env] */
  lua_pushvalue(L, -1);                    /* [chunk, env, env] */
  lua_setupvalue(L, -3, 1);                /* [chunk, env] */
  lua_insert(L, -2);                       /* [env, chunk] */
  if (lua_pcall(L, 0, 1, 0) != LUA_OK) {   /* [env, ret | msg] */
    *errmsg = strdup(lua_tostring(L, -1));
    lua_close(L);
    return -1;
  }
  if (!lua_istable(L, -1))
    lua_pop(L, 1); /* [env]: options are the globals the file set */

  int rc = 0;
  lua_pushnil(L); /* [opts, nil] */
  while (lua_next(L, -2)) { /* [opts, key, value] */
    if (lua_type(L, -2) != LUA_TSTRING) {
      rc = config_fail(errmsg, "%s", "option names must be strings");
    } else {
      const char *key = lua_tostring(L, -2);
      /* Helper functions and locals-turned-globals that start with an
       * underscore or are functions are the file's own business. */
      if (key[0] != '_' && !lua_isfunction(L, -1))
        rc = config_option(L, cfg, key, errmsg);
    }
    lua_pop(L, 1); /* [opts, key] */
    if (rc) {
      lua_pop(L, 1);
      break;
    }
  }
  if (rc && *errmsg) {
    char buf[512];
    snprintf(buf, sizeof(buf), "%s: %s", path, *errmsg);
    free(*errmsg);
    *errmsg = strdup(buf);
  }
  lua_close(L);
  return rc;
}
