/*
 * lua_time.c - time and money for rules, in the pack's own time zone:
 * parsing and formatting ISO times, civil dates, calendar arithmetic, and
 * amounts in fen.  The vocabulary wraps these as time.* and money().
 */
#include <lauxlib.h>

#include "core/util.h"
#include "lua/lua_host.h"

/***
 * @function host.parse_time(text)
 * @return Unix seconds, or nil and a message
 */
static int time_parse(lua_State *L) {
  int64_t t;
  const char *text = luaL_checkstring(L, 1);
  if (bylaw_parse_time(text, HOST_PACK(L)->offset_s, &t) != 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "'%s' is not a time like 2026-03-01 09:00", text);
    return 2;
  }
  lua_pushinteger(L, t);
  return 1;
}

/***
 * @function host.format_time(t)
 * @return ISO text at the pack's offset
 */
static int time_format(lua_State *L) {
  char buf[40];
  bylaw_format_time(luaL_checkinteger(L, 1), HOST_PACK(L)->offset_s, buf, sizeof(buf));
  lua_pushstring(L, buf);
  return 1;
}

/***
 * @function host.civil(t)
 * @return { year, month, day, hour, min, sec, wday } with wday 1 = Monday
 */
static int time_civil(lua_State *L) {
  bylaw_civil_t c;
  int64_t t = luaL_checkinteger(L, 1);
  int offset = HOST_PACK(L)->offset_s;
  bylaw__to_civil(t, offset, &c);
  int64_t days = bylaw__days_from_civil(c.year, c.month, c.day);
  /* 1970-01-01 was a Thursday (wday 4). */
  int wday = (int)(((days % 7) + 7 + 3) % 7) + 1;
  lua_createtable(L, 0, 7);
  const struct { const char *k; int v; } f[] = {
      {"year", c.year}, {"month", c.month}, {"day", c.day}, {"hour", c.hour},
      {"min", c.min},   {"sec", c.sec},     {"wday", wday}};
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(f); i++) {
    lua_pushinteger(L, f[i].v);
    lua_setfield(L, -2, f[i].k);
  }
  return 1;
}

/***
 * @function host.from_civil(year, month, day, hour, min, sec, clamp)
 * Months outside 1-12 roll into the next or previous years.  With clamp, a
 * day past the month's end falls on its last day (the 31st of a 30-day
 * month is the 30th); without, it is an error.
 * @return Unix seconds
 */
static int time_from_civil(lua_State *L) {
  bylaw_civil_t c;
  lua_Integer y = luaL_checkinteger(L, 1), m = luaL_checkinteger(L, 2);
  lua_Integer months = y * 12 + (m - 1);
  c.year = (int)(months >= 0 ? months / 12 : -((-months + 11) / 12));
  c.month = (int)(months - (lua_Integer)c.year * 12) + 1;
  c.day = (int)luaL_checkinteger(L, 3);
  c.hour = (int)luaL_optinteger(L, 4, 0);
  c.min = (int)luaL_optinteger(L, 5, 0);
  c.sec = (int)luaL_optinteger(L, 6, 0);
  int last = bylaw__days_in_month(c.year, c.month);
  if (c.day > last) {
    if (!lua_toboolean(L, 7))
      return luaL_error(L, "%d-%02d has no day %d", c.year, c.month, c.day);
    c.day = last;
  }
  if (c.day < 1) return luaL_error(L, "day must be 1 or more");
  lua_pushinteger(L, bylaw__from_civil(&c, HOST_PACK(L)->offset_s));
  return 1;
}

/***
 * @function host.add(t, duration, times)
 * @param duration "24 hours", "1 month", "2 weeks", "1 year"...
 * @param times how many times to add it (may be negative)
 * @return Unix seconds, or nil and a message
 */
static int time_add(lua_State *L) {
  int64_t t = luaL_checkinteger(L, 1);
  const char *d = luaL_checkstring(L, 2);
  lua_Integer times = luaL_optinteger(L, 3, 1);
  int months;
  int64_t seconds;
  if (bylaw__parse_duration(d, &months, &seconds) != 0 || times > 100000 || times < -100000) {
    luaL_pushfail(L);
    lua_pushfstring(L, "'%s' is not a duration like \"1 month\" or \"24 hours\"", d);
    return 2;
  }
  if (months) t = bylaw__add_months(t, months * (int)times, HOST_PACK(L)->offset_s);
  else t += seconds * times;
  lua_pushinteger(L, t);
  return 1;
}

/***
 * @function host.money(text)
 * @return integer fen, or nil and a message
 */
static int time_money(lua_State *L) {
  int64_t fen;
  const char *why;
  const char *text = luaL_checkstring(L, 1);
  if (bylaw__parse_money(text, &fen, &why) != 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "'%s': %s", text, why);
    return 2;
  }
  lua_pushinteger(L, fen);
  return 1;
}

/***
 * @function host.set_timezone(offset)
 * @param offset "+08:00" (the default, Asia/Shanghai) or another UTC offset
 */
static int time_set_timezone(lua_State *L) {
  bylaw_pack_t *pack = HOST_PACK(L);
  const char *tz = luaL_checkstring(L, 1);
  if (bylaw__parse_offset(tz, &pack->offset_s) != 0)
    return luaL_error(L, "timezone '%s' is not a UTC offset like \"+08:00\"", tz);
  return 0;
}

static const luaL_Reg time_funcs[] = {
    {"parse_time", time_parse}, {"format_time", time_format},
    {"civil", time_civil},      {"from_civil", time_from_civil},
    {"add", time_add},          {"money", time_money},
    {"set_timezone", time_set_timezone},
    {NULL, NULL}};

void bylaw__open_time(lua_State *L, bylaw_pack_t *pack) {
  lua_pushlightuserdata(L, pack);
  luaL_setfuncs(L, time_funcs, 1);
}
