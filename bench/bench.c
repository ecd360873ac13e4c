/*
 * bench.c - bylaw-bench, the C half of the benchmark (bench/run drives it):
 * generates the seeded workload, measures the limits (the decisions in
 * plain C; cJSON plus a Lua function; bare SQLite inserts; parse + Lua +
 * insert), runs bylaw in-process through the public API, checks the
 * scheduler's due lookup at a million open tasks, and computes the checksum
 * of the decisions a run left in a store, so every system can be compared
 * on the same output.
 *
 * Every timed command prints one JSON object on stdout:
 *   {"events": N, "seconds": S, "rate": N/S, "checksum": "...", ...}
 * The decisions (bench/README.md): class A/B/C/D from trailing revenue and
 * days overdue, the follow-up interval of the class, and the approval tier
 * of the order's discount.  A decision line is "ID CLASS DAYS TIER\n"; the
 * checksum is FNV-1a 64 over the lines in event-id order.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <sqlite3.h>

#include "bylaw.h"

/* --- small helpers ---------------------------------------------------------- */

static void die(const char *what, const char *why) {
  fprintf(stderr, "bylaw-bench: %s: %s\n", what, why ? why : "failed");
  exit(1);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
  uint64_t h;
} fnv_t;

static void fnv_init(fnv_t *f) { f->h = 0xcbf29ce484222325ULL; }
static void fnv_add(fnv_t *f, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    f->h ^= (unsigned char)s[i];
    f->h *= 0x100000001b3ULL;
  }
}

/* splitmix64: the workload is the same for a seed on every machine. */
static uint64_t rng_state;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static int64_t rng_range(int64_t lo, int64_t hi) { /* [lo, hi] */
  return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

/* The lines of a file, in memory. */
typedef struct {
  char *buf;
  char **line;
  size_t *len;
  size_t n;
} lines_t;

static void lines_read(lines_t *l, const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) die(path, "cannot open");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  l->buf = malloc((size_t)size + 1);
  if (fread(l->buf, 1, (size_t)size, f) != (size_t)size) die(path, "cannot read");
  fclose(f);
  l->buf[size] = '\0';
  size_t cap = 1024;
  l->line = malloc(cap * sizeof(*l->line));
  l->len = malloc(cap * sizeof(*l->len));
  l->n = 0;
  for (char *p = l->buf; *p;) {
    char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n > 0) {
      if (l->n == cap) {
        cap *= 2;
        l->line = realloc(l->line, cap * sizeof(*l->line));
        l->len = realloc(l->len, cap * sizeof(*l->len));
      }
      p[n] = '\0';
      l->line[l->n] = p;
      l->len[l->n++] = n;
    }
    p += n + (nl ? 1 : 0);
  }
}

static void lines_free(lines_t *l) {
  free(l->buf);
  free(l->line);
  free(l->len);
}

static const char *arg_value(int argc, char **argv, const char *name, const char *def) {
  for (int i = 2; i + 1 < argc; i++)
    if (strcmp(argv[i], name) == 0) return argv[i + 1];
  return def;
}

static long arg_long(int argc, char **argv, const char *name, long def) {
  const char *v = arg_value(argc, argv, name, NULL);
  return v ? atol(v) : def;
}

static void report(const char *extra, size_t events, double seconds, const fnv_t *sum) {
  printf("{\"events\":%zu,\"seconds\":%.6f,\"rate\":%.1f", events, seconds,
         seconds > 0 ? (double)events / seconds : 0.0);
  if (sum) printf(",\"checksum\":\"%016" PRIx64 "\"", sum->h);
  if (extra && extra[0]) printf(",%s", extra);
  printf("}\n");
}

/* --- the decisions, in plain C ------------------------------------------------ */

typedef struct {
  char cls;
  int days;
  const char *tier;
} decision_t;

static decision_t decide(double revenue, double overdue, double discount) {
  decision_t d;
  if (revenue >= 50000000 && overdue <= 30) d.cls = 'A';
  else if (revenue >= 10000000 && overdue <= 60) d.cls = 'B';
  else if (revenue >= 1000000 && overdue <= 90) d.cls = 'C';
  else d.cls = 'D';
  d.days = d.cls == 'A' ? 30 : d.cls == 'B' ? 90 : d.cls == 'C' ? 180 : 365;
  d.tier = discount > 30   ? "general_manager"
           : discount > 15 ? "sales_director"
           : discount > 5  ? "sales_manager"
                           : "none";
  return d;
}

static void decision_add(fnv_t *f, const char *id, char cls, int days, const char *tier) {
  char line[160];
  int n = snprintf(line, sizeof(line), "%s %c %d %s\n", id, cls, days, tier);
  fnv_add(f, line, (size_t)n);
}

/* --- gen: the seeded workload --------------------------------------------------- */

static const char *segments[] = {"highway", "secondary_road", "large_industrial", "retail"};
static const char *regions[] = {"east", "west", "north", "south"};
static const char *roles[] = {"sales", "region_manager", "sales_gm", "marketing_supervisor",
                              "sales_supervisor", "manager", "director", "general_manager",
                              "finance", "service", "sales_manager", "sales_director"};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static FILE *gen_open(const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (f == NULL) die(path, "cannot create");
  return f;
}

/* Writes staff and customers of pack to f (the untimed set-up). */
static void gen_people(FILE *f, const char *pack, long customers, const char *at) {
  for (size_t i = 0; i < 24; i++)
    fprintf(f,
            "{\"id\":\"%s-staff-s%zu\",\"pack\":\"%s\",\"type\":\"staff.upsert\",\"at\":\"%s\","
            "\"data\":{\"id\":\"s%zu\",\"role\":\"%s\",\"region\":\"%s\",\"department\":\"sales\"}}\n",
            pack, i, pack, at, i, roles[i % NELEM(roles)], regions[(i / NELEM(roles)) % 4]);
  for (long i = 0; i < customers; i++)
    fprintf(f,
            "{\"id\":\"%s-cust-c%ld\",\"pack\":\"%s\",\"type\":\"customer.upsert\",\"at\":\"%s\","
            "\"data\":{\"id\":\"c%ld\",\"name\":\"customer %ld\",\"segment\":\"%s\",\"region\":\"%s\","
            "\"owner\":\"s%ld\"}}\n",
            pack, i, pack, at, i, i, segments[rng() % 4], regions[rng() % 4], i % 24);
}

static void gen_decide_event(FILE *f, const char *id, long customers, int64_t at) {
  static const int64_t revenue_levels[] = {200000, 2000000, 20000000, 80000000};
  char when[40];
  bylaw_format_time(at, 8 * 3600, when, sizeof(when));
  int64_t revenue = revenue_levels[rng() % 4] + rng_range(0, 999999);
  fprintf(f,
          "{\"id\":\"%s\",\"pack\":\"decide\",\"type\":\"order.placed\",\"at\":\"%s\","
          "\"data\":{\"id\":\"%s\",\"customer\":\"c%" PRId64 "\",\"amount_fen\":%" PRId64 ","
          "\"attrs\":{\"revenue_fen\":%" PRId64 ",\"overdue_days\":%" PRId64
          ",\"discount_pct\":%" PRId64 "}}}\n",
          id, when, id, (int64_t)(rng() % (uint64_t)customers), rng_range(1000, 5000000),
          revenue, rng_range(0, 120), rng_range(0, 40));
}

/* One event of the mixed workload for pack (id m<N>). */
static void gen_mixed_event(FILE *f, const char *pack, long i, long customers, int64_t at) {
  char when[40], id[32];
  bylaw_format_time(at, 8 * 3600, when, sizeof(when));
  snprintf(id, sizeof(id), "m%08ld", i);
  long c = (long)(rng() % (uint64_t)customers);
  int kind = (int)(rng() % 100);
  fprintf(f, "{\"id\":\"%s\",\"pack\":\"%s\",\"at\":\"%s\",", id, pack, when);
  if (kind < 20)
    fprintf(f,
            "\"type\":\"customer.upsert\",\"data\":{\"id\":\"c%ld\",\"segment\":\"%s\","
            "\"attrs\":{\"potential\":\"%s\"}}}\n",
            c, segments[rng() % 4], rng() % 3 ? "low" : "high");
  else if (kind < 50)
    fprintf(f,
            "\"type\":\"order.placed\",\"data\":{\"id\":\"%s\",\"customer\":\"c%ld\","
            "\"staff\":\"s%ld\",\"amount_fen\":%" PRId64 ",\"list_price_fen\":%" PRId64 "}}\n",
            id, c, c % 24, rng_range(10000, 900000000), rng_range(900000000, 1000000000));
  else if (kind < 65)
    fprintf(f,
            "\"type\":\"payment.received\",\"data\":{\"id\":\"%s\",\"customer\":\"c%ld\","
            "\"staff\":\"s%ld\",\"amount_fen\":%" PRId64 "}}\n",
            id, c, c % 24, rng_range(10000, 50000000));
  else if (kind < 80)
    fprintf(f,
            "\"type\":\"followup.logged\",\"data\":{\"customer\":\"c%ld\",\"staff\":\"s%ld\","
            "\"kind\":\"visit\"}}\n",
            c, c % 24);
  else if (kind < 90) {
    static const char *kinds[] = {"quality", "function", "attitude", "dealer", "other"};
    fprintf(f,
            "\"type\":\"complaint.received\",\"data\":{\"id\":\"%s\",\"customer\":\"c%ld\","
            "\"kind\":\"%s\",\"channel\":\"call\",\"paid\":false,\"text\":\"bench\"}}\n",
            id, c, kinds[rng() % 5]);
  } else if (kind < 95)
    fprintf(f,
            "\"type\":\"survey.returned\",\"data\":{\"customer\":\"c%ld\",\"satisfied\":%s,"
            "\"score\":%" PRId64 "}}\n",
            c, rng() % 4 ? "true" : "false", rng_range(1, 10));
  else
    fprintf(f,
            "\"type\":\"violation.reported\",\"data\":{\"staff\":\"s%ld\",\"kind\":\"late\"}}\n",
            c % 24);
}

static int cmd_gen(int argc, char **argv) {
  const char *dir = arg_value(argc, argv, "--out", NULL);
  if (dir == NULL) die("gen", "--out DIR is required");
  rng_state = (uint64_t)arg_long(argc, argv, "--seed", 42);
  long ndecide = arg_long(argc, argv, "--decide", 10000);
  long nmixed = arg_long(argc, argv, "--mixed", 10000);
  long ncust = arg_long(argc, argv, "--customers", 1000);
  const char *packs_arg = arg_value(argc, argv, "--packs", "");
  char *packs_copy = strdup(packs_arg);
  const char *packs[64];
  int npacks = 0;
  for (char *p = strtok(packs_copy, ","); p && npacks < 64; p = strtok(NULL, ","))
    packs[npacks++] = p;
  int64_t base;
  bylaw_parse_time("2026-01-05T09:00:00+08:00", 0, &base);

  FILE *f = gen_open(dir, "decide-setup.jsonl");
  gen_people(f, "decide", ncust, "2026-01-05T08:00:00+08:00");
  fclose(f);
  f = gen_open(dir, "decide.jsonl");
  for (long i = 0; i < ndecide; i++) {
    char id[32];
    snprintf(id, sizeof(id), "o%08ld", i);
    gen_decide_event(f, id, ncust, base + i * 7);
  }
  fclose(f);
  if (npacks > 0) {
    f = gen_open(dir, "mixed-setup.jsonl");
    for (int p = 0; p < npacks; p++) gen_people(f, packs[p], ncust, "2026-01-05T08:00:00+08:00");
    fclose(f);
    f = gen_open(dir, "mixed.jsonl");
    for (long i = 0; i < nmixed; i++)
      gen_mixed_event(f, packs[rng() % (uint64_t)npacks], i, ncust, base + i * 60);
    fclose(f);
  }
  free(packs_copy);
  return 0;
}

/* --- limits ---------------------------------------------------------------------- */

/* Reads the three inputs of a decide event from its parsed JSON. */
static int decide_inputs(cJSON *root, const char **id, double *rev, double *overdue,
                         double *discount) {
  cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
  cJSON *attrs = cJSON_GetObjectItemCaseSensitive(data, "attrs");
  *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "id"));
  cJSON *r = cJSON_GetObjectItemCaseSensitive(attrs, "revenue_fen");
  cJSON *o = cJSON_GetObjectItemCaseSensitive(attrs, "overdue_days");
  cJSON *d = cJSON_GetObjectItemCaseSensitive(attrs, "discount_pct");
  if (!*id || !cJSON_IsNumber(r) || !cJSON_IsNumber(o) || !cJSON_IsNumber(d)) return -1;
  *rev = r->valuedouble;
  *overdue = o->valuedouble;
  *discount = d->valuedouble;
  return 0;
}

/* Plain C: parse each event and decide. */
static int cmd_limit_c(int argc, char **argv) {
  lines_t l;
  lines_read(&l, arg_value(argc, argv, "--events", "decide.jsonl"));
  decision_t *out = malloc(l.n * sizeof(*out));
  double t0 = now_s();
  for (size_t i = 0; i < l.n; i++) {
    cJSON *root = cJSON_ParseWithLength(l.line[i], l.len[i]);
    const char *id;
    double r, o, d;
    if (root == NULL || decide_inputs(root, &id, &r, &o, &d) != 0) die("limit-c", "bad event");
    out[i] = decide(r, o, d);
    cJSON_Delete(root);
  }
  double secs = now_s() - t0;
  fnv_t sum;
  fnv_init(&sum);
  for (size_t i = 0; i < l.n; i++) {
    cJSON *root = cJSON_ParseWithLength(l.line[i], l.len[i]);
    decision_add(&sum, cJSON_GetObjectItemCaseSensitive(root, "id")->valuestring, out[i].cls,
                 out[i].days, out[i].tier);
    cJSON_Delete(root);
  }
  report(NULL, l.n, secs, &sum);
  free(out);
  lines_free(&l);
  return 0;
}

/* The same decisions as a Lua function, called with the event as a table
 * (what the engine hands rules). */
static const char lua_decide_src[] =
    "local function class_of(r, o)\n"
    "  if r >= 50000000 and o <= 30 then return 'A' end\n"
    "  if r >= 10000000 and o <= 60 then return 'B' end\n"
    "  if r >= 1000000 and o <= 90 then return 'C' end\n"
    "  return 'D'\n"
    "end\n"
    "local days = { A = 30, B = 90, C = 180, D = 365 }\n"
    "return function(ev)\n"
    "  local a = ev.data.attrs\n"
    "  local c = class_of(a.revenue_fen, a.overdue_days)\n"
    "  local t = a.discount_pct\n"
    "  local tier = t > 30 and 'general_manager' or t > 15 and 'sales_director'\n"
    "    or t > 5 and 'sales_manager' or 'none'\n"
    "  return c, days[c], tier\n"
    "end\n";

static void lua_push_json(lua_State *L, const cJSON *v) {
  if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
    lua_createtable(L, 0, 4);
    int i = 1;
    const cJSON *c;
    cJSON_ArrayForEach(c, v) {
      lua_push_json(L, c);
      if (cJSON_IsObject(v)) lua_setfield(L, -2, c->string);
      else lua_rawseti(L, -2, i++);
    }
  } else if (cJSON_IsString(v)) {
    lua_pushstring(L, v->valuestring);
  } else if (cJSON_IsNumber(v)) {
    if (v->valuedouble == (double)(lua_Integer)v->valuedouble)
      lua_pushinteger(L, (lua_Integer)v->valuedouble);
    else
      lua_pushnumber(L, v->valuedouble);
  } else if (cJSON_IsBool(v)) {
    lua_pushboolean(L, cJSON_IsTrue(v));
  } else {
    lua_pushnil(L);
  }
}

static lua_State *lua_decider(void) {
  lua_State *L = luaL_newstate();
  luaL_openlibs(L);
  if (luaL_loadstring(L, lua_decide_src) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
    die("lua", lua_tostring(L, -1));
  return L; /* [decide] */
}

/* Calls decide(event) with the function at index 1; pushes nothing. */
static decision_t lua_decide(lua_State *L, const cJSON *root) {
  lua_pushvalue(L, 1);
  lua_push_json(L, root);
  if (lua_pcall(L, 1, 3, 0) != LUA_OK) die("lua", lua_tostring(L, -1));
  decision_t d;
  d.cls = lua_tostring(L, -3)[0];
  d.days = (int)lua_tointeger(L, -2);
  const char *t = lua_tostring(L, -1);
  d.tier = strcmp(t, "none") == 0             ? "none"
           : strcmp(t, "sales_manager") == 0  ? "sales_manager"
           : strcmp(t, "sales_director") == 0 ? "sales_director"
                                              : "general_manager";
  lua_pop(L, 3);
  return d;
}

static int cmd_limit_lua(int argc, char **argv) {
  lines_t l;
  lines_read(&l, arg_value(argc, argv, "--events", "decide.jsonl"));
  lua_State *L = lua_decider();
  fnv_t sum;
  fnv_init(&sum);
  double secs = 0;
  double t0 = now_s();
  for (size_t i = 0; i < l.n; i++) {
    cJSON *root = cJSON_ParseWithLength(l.line[i], l.len[i]);
    if (root == NULL) die("limit-lua", "bad event");
    decision_t d = lua_decide(L, root);
    /* the checksum line is built outside the timed part */
    double t1 = now_s();
    secs += t1 - t0;
    decision_add(&sum, cJSON_GetObjectItemCaseSensitive(root, "id")->valuestring, d.cls, d.days,
                 d.tier);
    cJSON_Delete(root);
    t0 = now_s();
  }
  report(NULL, l.n, secs, &sum);
  lua_close(L);
  lines_free(&l);
  return 0;
}

static sqlite3 *bare_open(const char *path, const char *sync) {
  sqlite3 *db;
  remove(path);
  if (sqlite3_open(path, &db) != SQLITE_OK) die(path, sqlite3_errmsg(db));
  char sql[1024];
  snprintf(sql, sizeof(sql),
           "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;"
           "CREATE TABLE actions(seq INTEGER PRIMARY KEY, pack TEXT NOT NULL,"
           " event TEXT NOT NULL, rule TEXT, type TEXT NOT NULL, at INTEGER NOT NULL,"
           " body TEXT NOT NULL);"
           "CREATE INDEX actions_event ON actions(pack, event);",
           sync);
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) die(path, sqlite3_errmsg(db));
  return db;
}

static void bare_insert(sqlite3 *db, sqlite3_stmt *st, const char *event, int64_t at,
                        const char *body, size_t blen) {
  sqlite3_bind_text(st, 1, "decide", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, event, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, "order decisions", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, "classify", -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, at);
  sqlite3_bind_text(st, 6, body, (int)blen, SQLITE_TRANSIENT);
  if (sqlite3_step(st) != SQLITE_DONE) die("insert", sqlite3_errmsg(db));
  sqlite3_reset(st);
}

static const char bare_sql[] =
    "INSERT INTO actions(pack, event, rule, type, at, body) VALUES(?1, ?2, ?3, ?4, ?5, ?6)";

/* Bare SQLite: one action row per event, committed every --per rows. */
static int cmd_limit_sqlite(int argc, char **argv) {
  long rows = arg_long(argc, argv, "--rows", 100000);
  long per = arg_long(argc, argv, "--per", 1000);
  sqlite3 *db = bare_open(arg_value(argc, argv, "--db", "bare.db"),
                          arg_value(argc, argv, "--sync", "FULL"));
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, bare_sql, -1, &st, NULL);
  double t0 = now_s();
  for (long i = 0; i < rows; i++) {
    if (i % per == 0) sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    char id[32], body[128];
    snprintf(id, sizeof(id), "o%08ld", i);
    int n = snprintf(body, sizeof(body),
                     "{\"type\":\"classify\",\"customer\":\"c%ld\",\"class\":\"%c\"}", i % 1000,
                     'A' + (int)(i % 4));
    bare_insert(db, st, id, 1767574800 + i, body, (size_t)n);
    if (i % per == per - 1 || i == rows - 1)
      if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) die("commit", sqlite3_errmsg(db));
  }
  double secs = now_s() - t0;
  sqlite3_finalize(st);
  sqlite3_close(db);
  report(NULL, (size_t)rows, secs, NULL);
  return 0;
}

/* Parse + Lua + one insert per event, committed per --per events. */
static int cmd_limit_pipeline(int argc, char **argv) {
  lines_t l;
  lines_read(&l, arg_value(argc, argv, "--events", "decide.jsonl"));
  long per = arg_long(argc, argv, "--per", 1000);
  sqlite3 *db = bare_open(arg_value(argc, argv, "--db", "pipeline.db"),
                          arg_value(argc, argv, "--sync", "FULL"));
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, bare_sql, -1, &st, NULL);
  lua_State *L = lua_decider();
  double t0 = now_s();
  for (size_t i = 0; i < l.n; i++) {
    if (i % (size_t)per == 0) sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    cJSON *root = cJSON_ParseWithLength(l.line[i], l.len[i]);
    if (root == NULL) die("limit-pipeline", "bad event");
    decision_t d = lua_decide(L, root);
    cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    char body[256];
    int n = snprintf(body, sizeof(body),
                     "{\"type\":\"classify\",\"customer\":\"%s\",\"class\":\"%c\",\"days\":%d,"
                     "\"tier\":\"%s\"}",
                     cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "customer")),
                     d.cls, d.days, d.tier);
    bare_insert(db, st, cJSON_GetObjectItemCaseSensitive(root, "id")->valuestring,
                (int64_t)i, body, (size_t)n);
    cJSON_Delete(root);
    if (i % (size_t)per == (size_t)per - 1 || i == l.n - 1)
      if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) die("commit", sqlite3_errmsg(db));
  }
  double secs = now_s() - t0;
  report(NULL, l.n, secs, NULL);
  lua_close(L);
  sqlite3_finalize(st);
  sqlite3_close(db);
  lines_free(&l);
  return 0;
}

/* --- bylaw in-process ------------------------------------------------------------- */

static bylaw_engine_t *engine_open(int argc, char **argv, int fresh) {
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.db_path = arg_value(argc, argv, "--db", "inproc.db");
  opts.rules_dir = arg_value(argc, argv, "--rules", "rules");
  const char *sync = arg_value(argc, argv, "--sync", "full");
  opts.sync = strcmp(sync, "off") == 0 ? BYLAW_SYNC_OFF
              : strcmp(sync, "normal") == 0 ? BYLAW_SYNC_NORMAL
                                            : BYLAW_SYNC_FULL;
  if (fresh) {
    char p[4096];
    remove(opts.db_path);
    snprintf(p, sizeof(p), "%s-wal", opts.db_path);
    remove(p);
    snprintf(p, sizeof(p), "%s-shm", opts.db_path);
    remove(p);
  }
  bylaw_engine_t *e;
  bylaw_error_t err = {0, NULL};
  if (bylaw_engine_new(&e, &opts, &err) != 0) die("engine", err.message);
  return e;
}

typedef struct {
  size_t applied, duplicate, rejected;
} tally_t;

static void tally_add(tally_t *t, const char *result) {
  if (strstr(result, "\"status\":\"applied\"")) t->applied++;
  else if (strstr(result, "\"status\":\"duplicate\"")) t->duplicate++;
  else t->rejected++;
}

/* Submits lines [0, n) in batches of batch (1: bylaw_submit, one transaction
 * each); returns the seconds it took. */
static double submit_lines(bylaw_engine_t *e, const lines_t *l, size_t batch, tally_t *t) {
  char **results = calloc(batch, sizeof(*results));
  double t0 = now_s();
  for (size_t i = 0; i < l->n; i += batch) {
    size_t n = l->n - i < batch ? l->n - i : batch;
    bylaw_error_t err = {0, NULL};
    if (batch == 1) {
      int rc = bylaw_submit(e, l->line[i], l->len[i], &results[0], &err);
      if (results[0] == NULL) die("submit", err.message ? err.message : bylaw_strerror(rc));
    } else {
      int rc = bylaw_submit_batch(e, (const char *const *)&l->line[i], &l->len[i], n, results,
                                  &err);
      if (rc != 0) die("submit_batch", err.message ? err.message : bylaw_strerror(rc));
    }
    for (size_t k = 0; k < n; k++) {
      if (t) tally_add(t, results[k]);
      bylaw_free(results[k]);
    }
    bylaw_error_clear(&err);
  }
  double secs = now_s() - t0;
  free(results);
  return secs;
}

/* Opens a fresh store, loads --setup untimed, then times --events. */
static int cmd_inproc(int argc, char **argv) {
  bylaw_engine_t *e = engine_open(argc, argv, 1);
  size_t batch = (size_t)arg_long(argc, argv, "--batch", 1000);
  if (batch < 1) batch = 1;
  const char *setup = arg_value(argc, argv, "--setup", NULL);
  if (setup) {
    lines_t s;
    lines_read(&s, setup);
    submit_lines(e, &s, 1000, NULL);
    lines_free(&s);
  }
  lines_t l;
  lines_read(&l, arg_value(argc, argv, "--events", "decide.jsonl"));
  tally_t t = {0, 0, 0};
  double secs = submit_lines(e, &l, batch, &t);
  bylaw_engine_free(e);
  char extra[160];
  snprintf(extra, sizeof(extra), "\"applied\":%zu,\"duplicate\":%zu,\"rejected\":%zu", t.applied,
           t.duplicate, t.rejected);
  report(extra, l.n, secs, NULL);
  lines_free(&l);
  return 0;
}

/* Submits a file untimed (set-up for the CLI and daemon runs). */
static int cmd_load(int argc, char **argv) {
  bylaw_engine_t *e = engine_open(argc, argv, arg_long(argc, argv, "--fresh", 1) != 0);
  lines_t s;
  lines_read(&s, arg_value(argc, argv, "--events", "setup.jsonl"));
  tally_t t = {0, 0, 0};
  double secs = submit_lines(e, &s, 1000, &t);
  char extra[160];
  snprintf(extra, sizeof(extra), "\"applied\":%zu,\"duplicate\":%zu,\"rejected\":%zu", t.applied,
           t.duplicate, t.rejected);
  report(extra, s.n, secs, NULL);
  lines_free(&s);
  bylaw_engine_free(e);
  return 0;
}

/* --- checksums of what a run left in the store ------------------------------------- */

static sqlite3 *store_open(const char *path) {
  sqlite3 *db;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    die(path, sqlite3_errmsg(db));
  return db;
}

/* The decisions of the decide pack as the action log recorded them, and
 * (with verify) a recomputation in plain C from the stored orders. */
static int cmd_checksum(int argc, char **argv) {
  sqlite3 *db = store_open(arg_value(argc, argv, "--db", "inproc.db"));
  int verify = arg_long(argc, argv, "--verify", 0) != 0;
  static const char sql[] =
      "SELECT o.id, o.at, json_extract(o.attrs, '$.revenue_fen'),"
      " json_extract(o.attrs, '$.overdue_days'), json_extract(o.attrs, '$.discount_pct'),"
      " (SELECT json_extract(body, '$.class') FROM actions a WHERE a.pack = o.pack"
      "   AND a.event = o.id AND a.type = 'classify'),"
      " (SELECT json_extract(body, '$.due') FROM actions a WHERE a.pack = o.pack"
      "   AND a.event = o.id AND a.type = 'schedule_followup'),"
      " coalesce((SELECT json_extract(body, '$.chain[0]') FROM actions a WHERE a.pack = o.pack"
      "   AND a.event = o.id AND a.type = 'require_approval'), 'none')"
      " FROM orders o JOIN events e ON e.pack = o.pack AND e.id = o.id"
      " WHERE o.pack = 'decide' ORDER BY o.id";
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) die("checksum", sqlite3_errmsg(db));
  fnv_t sum;
  fnv_init(&sum);
  size_t n = 0, mismatches = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(st, 0);
    int64_t at = sqlite3_column_int64(st, 1);
    const char *cls = (const char *)sqlite3_column_text(st, 5);
    /* the action log keeps the due time as ISO text */
    int64_t due = 0;
    const char *due_text = (const char *)sqlite3_column_text(st, 6);
    if (due_text) bylaw_parse_time(due_text, 0, &due);
    const char *tier = (const char *)sqlite3_column_text(st, 7);
    int days = (int)((due - at) / 86400);
    decision_add(&sum, id, cls ? cls[0] : '?', days, tier);
    if (verify) {
      decision_t d = decide(sqlite3_column_double(st, 2), sqlite3_column_double(st, 3),
                            sqlite3_column_double(st, 4));
      if (!cls || d.cls != cls[0] || d.days != days || strcmp(d.tier, tier) != 0) mismatches++;
    }
    n++;
  }
  sqlite3_finalize(st);
  /* Everything the other packs' rules did, in commit order. */
  fnv_t mixed;
  fnv_init(&mixed);
  size_t nmixed = 0;
  if (sqlite3_prepare_v2(db,
                         "SELECT pack, event, type, coalesce(rule, ''), body FROM actions"
                         " WHERE pack <> 'decide' ORDER BY seq",
                         -1, &st, NULL) != SQLITE_OK)
    die("checksum", sqlite3_errmsg(db));
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < 5; c++) {
      const char *v = (const char *)sqlite3_column_text(st, c);
      fnv_add(&mixed, v ? v : "", v ? strlen(v) : 0);
      fnv_add(&mixed, "\t", 1);
    }
    nmixed++;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  printf("{\"decisions\":%zu,\"checksum\":\"%016" PRIx64 "\",\"mismatches\":%zu,"
         "\"mixed_actions\":%zu,\"mixed_checksum\":\"%016" PRIx64 "\"}\n",
         n, sum.h, verify ? mismatches : 0, nmixed, mixed.h);
  return 0;
}

/* --- the scheduler's due lookup ------------------------------------------------------ */

/* Fills the store with open follow-up tasks through the engine (a decide
 * order schedules one task each, committed 1,000 to a transaction) and
 * times bylaw_next_due() as the count grows: with the index it stays flat. */
static int cmd_sched(int argc, char **argv) {
  long target = arg_long(argc, argv, "--tasks", 1000000);
  long customers = 1000;
  bylaw_engine_t *e = engine_open(argc, argv, 1);
  rng_state = 7;
  /* customers first */
  {
    char path[] = "/tmp/bylaw-bench-sched-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    gen_people(f, "decide", customers, "2026-01-05T08:00:00+08:00");
    fclose(f);
    lines_t s;
    lines_read(&s, path);
    submit_lines(e, &s, 1000, NULL);
    lines_free(&s);
    remove(path);
  }
  int64_t base;
  bylaw_parse_time("2026-01-05T09:00:00+08:00", 0, &base);
  long made = 0;
  printf("{\"lookups\":[");
  for (long step = 1000; step <= target; step *= 10) {
    /* add tasks up to step, 1000 events at a time */
    while (made < step) {
      char *buf = NULL;
      size_t size = 0;
      FILE *f = open_memstream(&buf, &size);
      long n = step - made < 1000 ? step - made : 1000;
      for (long i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof(id), "s%08ld", made + i);
        gen_decide_event(f, id, customers, base + (made + i));
      }
      fclose(f);
      lines_t l = {0};
      l.buf = buf;
      size_t cap = (size_t)n;
      l.line = malloc(cap * sizeof(*l.line));
      l.len = malloc(cap * sizeof(*l.len));
      for (char *p = buf; *p && l.n < cap;) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        l.line[l.n] = p;
        l.len[l.n++] = (size_t)(nl - p);
        p = nl + 1;
      }
      submit_lines(e, &l, 1000, NULL);
      lines_free(&l);
      made += n;
    }
    if (step == 1000) {
      /* The clock runs once, as the daemon's scheduler does at start: from
       * then on a pack's "since" is its last tick, not a look through its
       * events.  Nothing is due yet (the tasks fall due months later). */
      char *res = NULL;
      bylaw_error_t err = {0, NULL};
      if (bylaw_tick(e, NULL, base + made, &res, &err) != 0 && res == NULL)
        die("tick", err.message);
      bylaw_free(res);
      bylaw_error_clear(&err);
    }
    int64_t at = 0;
    int reps = 2000;
    double t0 = now_s();
    for (int r = 0; r < reps; r++) {
      bylaw_error_t err = {0, NULL};
      if (bylaw_next_due(e, NULL, &at, &err) != 0) die("next_due", err.message);
      bylaw_error_clear(&err);
    }
    double us = (now_s() - t0) / reps * 1e6;
    printf("%s{\"open_tasks\":%ld,\"next_due_us\":%.2f}", step > 1000 ? "," : "", step, us);
    fflush(stdout);
  }
  printf("]}\n");
  bylaw_engine_free(e);
  /* The plan of the engine's look-up (inbox.c) names the index: not a scan. */
  sqlite3 *db = store_open(arg_value(argc, argv, "--db", "inproc.db"));
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db,
                     "EXPLAIN QUERY PLAN SELECT min(due_at) FROM tasks"
                     " WHERE pack='decide' AND status='open'",
                     -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW)
    fprintf(stderr, "plan: %s\n", sqlite3_column_text(st, 3));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return 0;
}

/* --- main ------------------------------------------------------------------------ */

static const char usage[] =
    "usage: bylaw-bench COMMAND [--option value ...]\n"
    "  gen --out DIR [--seed S] [--decide N] [--mixed N] [--customers K] [--packs a,b]\n"
    "  limit-c --events FILE          decisions in plain C (cJSON parse + C)\n"
    "  limit-lua --events FILE        cJSON parse + one Lua function per event\n"
    "  limit-sqlite --rows N --per K --sync FULL|NORMAL --db PATH\n"
    "  limit-pipeline --events FILE --per K --db PATH   parse + Lua + insert\n"
    "  inproc --rules DIR --db PATH [--setup FILE] --events FILE [--batch K]\n"
    "  load --rules DIR --db PATH --events FILE [--fresh 0]   untimed set-up\n"
    "  checksum --db PATH [--verify 1]   decisions recorded in a store\n"
    "  sched --rules DIR --db PATH [--tasks N]   next-due lookup vs open tasks\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "gen") == 0) return cmd_gen(argc, argv);
  if (strcmp(cmd, "limit-c") == 0) return cmd_limit_c(argc, argv);
  if (strcmp(cmd, "limit-lua") == 0) return cmd_limit_lua(argc, argv);
  if (strcmp(cmd, "limit-sqlite") == 0) return cmd_limit_sqlite(argc, argv);
  if (strcmp(cmd, "limit-pipeline") == 0) return cmd_limit_pipeline(argc, argv);
  if (strcmp(cmd, "inproc") == 0) return cmd_inproc(argc, argv);
  if (strcmp(cmd, "load") == 0) return cmd_load(argc, argv);
  if (strcmp(cmd, "checksum") == 0) return cmd_checksum(argc, argv);
  if (strcmp(cmd, "sched") == 0) return cmd_sched(argc, argv);
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
    fputs(usage, stdout);
    return 0;
  }
  fputs(usage, stderr);
  return 2;
}
