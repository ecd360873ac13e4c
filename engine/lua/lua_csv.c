/*
 * lua_csv.c - reads decision tables analysts keep in spreadsheets: a CSV
 * file of the pack (UTF-8, header row first; Excel's UTF-8 export with a
 * byte-order mark too), quoted fields with "" escapes and line breaks, LF
 * or CRLF.  The vocabulary turns its rows into rule rows (prelude.lua, csv).
 */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "lua/lua_host.h"

#define CSV_MAX_BYTES (4u << 20)

typedef struct {
  const char *p, *end;
  int line;
} csv_reader_t;

/* Reads one field into the buffer; returns 1 at the end of a record, 0 at
 * a comma, -1 on an unterminated quote.  Advances the reader. */
static int csv_field(lua_State *L, csv_reader_t *r, luaL_Buffer *b) {
  if (r->p < r->end && *r->p == '"') {
    r->p++;
    for (;;) {
      if (r->p >= r->end) return -1;
      if (*r->p == '"') {
        if (r->p + 1 < r->end && r->p[1] == '"') {
          luaL_addchar(b, '"');
          r->p += 2;
          continue;
        }
        r->p++;
        break;
      }
      if (*r->p == '\n') r->line++;
      luaL_addchar(b, *r->p++);
    }
  }
  while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') luaL_addchar(b, *r->p++);
  (void)L;
  if (r->p < r->end && *r->p == ',') {
    r->p++;
    return 0;
  }
  if (r->p < r->end && *r->p == '\r') r->p++;
  if (r->p < r->end && *r->p == '\n') r->p++, r->line++;
  return 1;
}

/***
 * @function host.read_csv(name)
 * @param name a file name in the pack folder ending in .csv
 * @return { header = {...}, rows = { {cells...}, ... }, lines = {n, ...} }
 * Raises with file and line on a malformed file.  Only while the pack loads.
 */
static int csv_read(lua_State *L) {
  bylaw_pack_t *pack = HOST_PACK(L);
  const char *name = luaL_checkstring(L, 1);
  size_t nlen = strlen(name);
  for (const char *c = name; *c; c++)
    if (*c == '/' || *c == '\\' || (c == name && *c == '.'))
      return luaL_error(L, "csv: '%s' must be a file name in the pack folder", name);
  if (nlen < 5 || strcmp(name + nlen - 4, ".csv") != 0)
    return luaL_error(L, "csv: '%s' must end in .csv", name);
  if (!pack->loading) return luaL_error(L, "csv tables are read when the pack loads");
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", pack->dir, name);
  FILE *f = fopen(path, "rb");
  if (f == NULL) return luaL_error(L, "csv: no file '%s' in pack %s", name, pack->name);
  luaL_Buffer all;
  luaL_buffinit(L, &all);
  char chunk[4096];
  size_t n, total = 0;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && (total += n) <= CSV_MAX_BYTES)
    luaL_addlstring(&all, chunk, n);
  fclose(f);
  if (total > CSV_MAX_BYTES) return luaL_error(L, "csv: %s is larger than 4 MiB", name);
  luaL_pushresult(&all); /* [name, text] */
  size_t len;
  const char *text = lua_tolstring(L, -1, &len);
  if (!bylaw__utf8_valid(text, len))
    return luaL_error(L, "%s: not UTF-8 text (save it as \"CSV UTF-8\")", name);
  csv_reader_t r = {text, text + len, 1};
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) r.p += 3; /* Excel's BOM */
  lua_createtable(L, 0, 3); /* [name, text, result] */
  lua_newtable(L);          /* rows */
  lua_newtable(L);          /* lines */
  int nrows = 0;
  while (r.p < r.end) {
    int start = r.line;
    lua_newtable(L); /* [.., rows, lines, record] */
    int ncells = 0, end = 0, empty = 1;
    while (!end) {
      luaL_Buffer b;
      luaL_buffinit(L, &b);
      end = csv_field(L, &r, &b);
      if (end < 0) return luaL_error(L, "%s line %d: a quoted field is never closed", name, start);
      luaL_pushresult(&b);
      if (lua_rawlen(L, -1) > 0) empty = 0;
      lua_rawseti(L, -2, ++ncells);
      if (r.p >= r.end) end = 1;
    }
    if (empty) { /* blank lines are skipped */
      lua_pop(L, 1);
      continue;
    }
    lua_rawseti(L, -3, ++nrows);
    lua_pushinteger(L, start);
    lua_rawseti(L, -2, nrows);
  }
  lua_setfield(L, -3, "lines");
  lua_setfield(L, -2, "rows");
  lua_remove(L, -2); /* the text */
  return 1;
}

static const luaL_Reg csv_funcs[] = {{"read_csv", csv_read}, {NULL, NULL}};

void bylaw__open_csv(lua_State *L, bylaw_pack_t *pack) {
  lua_pushlightuserdata(L, pack);
  luaL_setfuncs(L, csv_funcs, 1);
}
