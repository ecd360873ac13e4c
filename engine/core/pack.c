/*
 * pack.c - loads one rule pack (a folder) into its own sandboxed Lua state:
 * the vocabulary first, then pack.lua (the manifest and parameters), then
 * every other *.lua file of the folder in name order.  The pack's version is
 * a hash of those sources, so the action log says exactly which rules
 * produced each action.
 */
#include <dirent.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/embedded.h"
#include "core/engine.h"
#include "core/util.h"
#include "lua/lua_host.h"
#include "lua/lua_json.h"


const bylaw__embedded_t *bylaw__embedded_find(const char *name) {
  for (const bylaw__embedded_t *e = bylaw__embedded; e->name; e++)
    if (strcmp(e->name, name) == 0) return e;
  return NULL;
}

void bylaw__strv_free(char **v, int n) {
  for (int i = 0; i < n && v; i++) bylaw_free(v[i]);
  bylaw_free(v);
}

static int strv_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists names in dir for which keep(dir, name) holds, sorted.  *names is
 * freed with bylaw__strv_free. */
static int list_dir(const char *dir, int (*keep)(const char *, const char *), char ***names,
                    int *count, bylaw_error_t *err) {
  *names = NULL;
  *count = 0;
  DIR *d = opendir(dir);
  if (d == NULL) return bylaw__error(err, BYLAW_EIO, "cannot read folder %s", dir);
  char **v = NULL;
  int n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (!keep(dir, de->d_name)) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **nv = bylaw__realloc(v, (size_t)cap * sizeof(*v));
      if (nv == NULL) goto oom;
      v = nv;
    }
    if ((v[n] = bylaw__strdup(de->d_name)) == NULL) goto oom;
    n++;
  }
  closedir(d);
  if (n) qsort(v, (size_t)n, sizeof(*v), strv_cmp);
  *names = v;
  *count = n;
  return 0;
oom:
  closedir(d);
  bylaw__strv_free(v, n);
  return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
}

static int is_pack_dir(const char *dir, const char *name) {
  char path[4096];
  struct stat sb;
  if (name[0] == '.') return 0;
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
      return 0;
  snprintf(path, sizeof(path), "%s/%s/pack.lua", dir, name);
  return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Every visible *.lua entry belongs to the pack.  One that is not a
 * readable file (a dangling link, a folder, a file the daemon may not read)
 * is kept so that reading it fails the load with its name: skipping it
 * would load the pack without its rules. */
static int is_lua_file(const char *dir, const char *name) {
  (void)dir;
  size_t len = strlen(name);
  return name[0] != '.' && len >= 5 && strcmp(name + len - 4, ".lua") == 0;
}

int bylaw__list_lua_files(const char *dir, char ***names, int *count, bylaw_error_t *err) {
  return list_dir(dir, is_lua_file, names, count, err);
}

int bylaw__pack_list(const char *rules_dir, char ***names, int *count, bylaw_error_t *err) {
  int rc = list_dir(rules_dir, is_pack_dir, names, count, err);
  if (rc != 0) return bylaw__error(err, BYLAW_EIO, "cannot read rules folder %s", rules_dir);
  return 0;
}

/* Reads a whole file; caller frees *text with bylaw_free. */
static int read_file(const char *path, char **text, size_t *len, bylaw_error_t *err) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return bylaw__error(err, BYLAW_EIO, "cannot read %s", path);
  size_t cap = 8192, n = 0;
  char *buf = bylaw__malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *nb = bylaw__realloc(buf, cap *= 2);
      if (nb == NULL) bylaw_free(buf);
      buf = nb;
    }
  }
  int failed = ferror(f);
  fclose(f);
  if (buf == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  if (failed) {
    bylaw_free(buf);
    return bylaw__error(err, BYLAW_EIO, "cannot read %s", path);
  }
  *text = buf;
  *len = n;
  return 0;
}

/* FNV-1a, 64 bits: a stable fingerprint of the pack's sources. */
static uint64_t fnv1a(uint64_t h, const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

int bylaw__pack_call(bylaw_pack_t *pack, const char *fname, int nargs, int nresults,
                     bylaw_error_t *err) {
  lua_State *L = pack->sb.L;
  lua_rawgeti(L, LUA_REGISTRYINDEX, pack->api_ref);
  lua_getfield(L, -1, fname);
  lua_remove(L, -2);
  lua_insert(L, -(nargs + 1)); /* [fn, args...] */
  return bylaw__sandbox_call(&pack->sb, nargs, nresults, err);
}

/* Loads the vocabulary into the pack's state and keeps its api table. */
static int pack_open_vocabulary(bylaw_pack_t *pack, bylaw_error_t *err) {
  const bylaw__embedded_t *prelude = bylaw__embedded_find("prelude.lua");
  if (BYLAW_NEVER(prelude == NULL))
    return bylaw__error(err, BYLAW_EPACK, "the rule vocabulary is missing from this build");
  int rc = bylaw__sandbox_load(&pack->sb, prelude->text, prelude->size, "=vocabulary", err);
  if (rc != 0) return rc;
  bylaw__open_host(pack->sb.L, pack);
  rc = bylaw__sandbox_call(&pack->sb, 1, 1, err);
  if (rc != 0) return rc;
  pack->api_ref = luaL_ref(pack->sb.L, LUA_REGISTRYINDEX);
  return 0;
}

/* Runs one rule file with the pack's rule environment as its _ENV. */
static int pack_run_file(bylaw_pack_t *pack, const char *file, const char *text, size_t len,
                         bylaw_error_t *err) {
  lua_State *L = pack->sb.L;
  char chunkname[512];
  snprintf(chunkname, sizeof(chunkname), "@%s/%s", pack->name, file);
  int rc = bylaw__sandbox_load(&pack->sb, text, len, chunkname, err);
  if (rc != 0) return bylaw__error(err, BYLAW_EPACK, "pack %s: %s", pack->name, err->message);
  lua_rawgeti(L, LUA_REGISTRYINDEX, pack->api_ref);
  lua_getfield(L, -1, "env"); /* [chunk, api, env] */
  lua_setupvalue(L, -3, 1);
  lua_pop(L, 1);
  pack->loading = 1;
  rc = bylaw__sandbox_call(&pack->sb, 0, 0, err);
  pack->loading = 0;
  if (rc != 0)
    return bylaw__error(err, rc == BYLAW_ERULE ? BYLAW_EPACK : rc, "pack %s: %s", pack->name,
                        err && err->message ? err->message : bylaw_strerror(rc));
  return 0;
}

/* Runs pack.lua then the other rule files, hashing them all. */
static int pack_run_files(bylaw_pack_t *pack, bylaw_error_t *err) {
  char **files;
  int nfiles;
  int rc = list_dir(pack->dir, is_lua_file, &files, &nfiles, err);
  if (rc != 0) return rc;
  /* pack.lua first: it declares the parameters the others use. */
  for (int i = 0; i < nfiles; i++) {
    if (strcmp(files[i], "pack.lua") == 0 && i > 0) {
      char *p = files[i];
      memmove(files + 1, files, (size_t)i * sizeof(*files));
      files[0] = p;
    }
  }
  uint64_t h = 14695981039346656037ULL;
  for (int i = 0; rc == 0 && i < nfiles; i++) {
    char path[4096];
    char *text = NULL;
    size_t len = 0;
    snprintf(path, sizeof(path), "%s/%s", pack->dir, files[i]);
    rc = read_file(path, &text, &len, err);
    if (rc != 0) break;
    h = fnv1a(h, files[i], strlen(files[i]) + 1);
    h = fnv1a(h, text, len);
    rc = pack_run_file(pack, files[i], text, len, err);
    bylaw_free(text);
  }
  bylaw__strv_free(files, nfiles);
  snprintf(pack->version, sizeof(pack->version), "%016llx", (unsigned long long)h);
  return rc;
}

int bylaw__pack_load(bylaw_engine_t *engine, const char *name, bylaw_pack_t **out,
                     bylaw_error_t *err) {
  *out = NULL;
  bylaw_pack_t *pack = bylaw__calloc(1, sizeof(*pack));
  if (pack == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  pack->engine = engine;
  pack->api_ref = LUA_NOREF;
  pack->offset_s = 8 * 3600; /* Asia/Shanghai unless pack {} says otherwise */
  pack->name = bylaw__strdup(name);
  pack->dir = bylaw__sprintf("%s/%s", engine->opts.rules_dir, name);
  int rc = pack->name && pack->dir ? 0 : bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  if (rc == 0)
    rc = bylaw__sandbox_init(&pack->sb, engine->opts.mem_limit, engine->opts.instr_budget, err);
  if (rc == 0) rc = pack_open_vocabulary(pack, err);
  if (rc == 0) rc = pack_run_files(pack, err);
  if (rc == 0) rc = bylaw__pack_call(pack, "finish", 0, 3, err);
  if (rc != 0) {
    if (rc == BYLAW_ERULE) rc = BYLAW_EPACK;
    if (err) err->code = rc;
    bylaw__pack_free(pack);
    return rc;
  }
  lua_State *L = pack->sb.L;
  pack->title = bylaw__strdup(lua_tostring(L, -3));
  pack->rule_count = (int)lua_tointeger(L, -1);
  lua_pop(L, 3);
  pack->loaded_at = (int64_t)time(NULL);
  *out = pack;
  return 0;
}

/* Runs lint.lua in the pack's state, inside the protected call: the
 * vocabulary's internals and the pack's sources (its *.lua files, read
 * again here) go in, a list of warnings comes out. */
static int pack_lint_call(lua_State *L) {
  bylaw_pack_t *pack = lua_touserdata(L, 1);
  const bylaw__embedded_t *lint = bylaw__embedded_find("lint.lua");
  if (BYLAW_NEVER(lint == NULL)) return luaL_error(L, "lint is missing from this build");
  if (luaL_loadbufferx(L, lint->text, lint->size, "=lint", "t") != LUA_OK) return lua_error(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, pack->api_ref);
  lua_getfield(L, -1, "internals");
  lua_remove(L, -2);
  lua_call(L, 0, 1); /* [lint, internals] */
  lua_newtable(L);   /* [lint, internals, sources] */
  char **files;
  int n;
  bylaw_error_t err = {0};
  if (bylaw__list_lua_files(pack->dir, &files, &n, &err) != 0) {
    lua_pushstring(L, err.message ? err.message : "cannot list the pack's files");
    bylaw_error_clear(&err);
    return lua_error(L);
  }
  for (int i = 0; i < n; i++) {
    char path[4096], *text = NULL;
    size_t len;
    snprintf(path, sizeof(path), "%s/%s", pack->dir, files[i]);
    if (read_file(path, &text, &len, &err) == 0) {
      lua_pushlstring(L, text, len);
      lua_rawseti(L, -2, i + 1);
    }
    bylaw_free(text);
    bylaw_error_clear(&err);
  }
  bylaw__strv_free(files, n);
  lua_call(L, 2, 1);
  return 1;
}

int bylaw__pack_lint(bylaw_pack_t *pack, cJSON *out, bylaw_error_t *err) {
  lua_State *L = pack->sb.L;
  lua_pushcfunction(L, pack_lint_call);
  lua_pushlightuserdata(L, pack);
  int rc = bylaw__sandbox_call(&pack->sb, 1, 1, err);
  if (rc != 0) return rc;
  const char *why;
  cJSON *warnings = bylaw__lua_to_json(L, -1, &why);
  lua_pop(L, 1);
  if (warnings == NULL) return bylaw__error(err, BYLAW_ENOMEM, "lint: %s", why);
  while (cJSON_GetArraySize(warnings) > 0)
    cJSON_AddItemToArray(out, cJSON_DetachItemFromArray(warnings, 0));
  cJSON_Delete(warnings);
  return 0;
}

void bylaw__pack_free(bylaw_pack_t *pack) {
  if (pack == NULL) return;
  bylaw__sandbox_close(&pack->sb);
  bylaw_free(pack->name);
  bylaw_free(pack->dir);
  bylaw_free(pack->title);
  bylaw_free(pack);
}
