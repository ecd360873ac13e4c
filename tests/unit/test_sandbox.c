/* test_sandbox.c - hostile rule code is stopped with a clear error, the
 * event is rejected, and the engine and the other packs keep working. */
#include <stdlib.h>

#include "task.h"

static const struct {
  const char *body; /* the body of the rule's run function */
  int code;         /* expected rejection (0: ERULE, EBUDGET or EMEMLIMIT) */
  const char *message;
} attacks[] = {
    {"return io.open('/etc/passwd')", BYLAW_ERULE, "unknown name 'io'"},
    {"os.execute('touch /tmp/bylaw-pwned')", BYLAW_ERULE, "unknown name 'os'"},
    {"return os.getenv('HOME')", BYLAW_ERULE, "unknown name 'os'"},
    {"package.loadlib('libc.so.6', 'system')", BYLAW_ERULE, "unknown name 'package'"},
    {"require('../../../etc/passwd')", BYLAW_ERULE, "require: module names are plain words"},
    {"require('os')", BYLAW_ERULE, "require is only allowed while the pack loads"},
    {"return load('return 1')()", BYLAW_ERULE, "unknown name 'load'"},
    {"return loadstring('return 1')", BYLAW_ERULE, "unknown name 'loadstring'"},
    {"dofile('/etc/passwd')", BYLAW_ERULE, "unknown name 'dofile'"},
    {"return string.dump(function() end)", BYLAW_ERULE, "dump"},
    {"return debug.getinfo(1)", BYLAW_ERULE, "unknown name 'debug'"},
    {"collectgarbage('stop')", BYLAW_ERULE, "unknown name 'collectgarbage'"},
    {"getmetatable('').__index.upper = nil", BYLAW_ERULE, "attempt to index a boolean value"},
    {"setmetatable(_G, nil)", BYLAW_ERULE, "cannot change a protected metatable"},
    {"stolen = 1", BYLAW_ERULE, "cannot set global 'stolen'"},
    {"rawset(_G, 'x', 1)", BYLAW_ERULE, "unknown name 'rawset'"},
    {"return _ENV.io", BYLAW_ERULE, "unknown name 'io'"},
    {"return math.random()", BYLAW_ERULE, "random"},
    {"return facts.rows('customers', { pack = 'good' })", BYLAW_ERULE, "no column 'pack'"},
    {"return facts.rows('sqlite_master')", BYLAW_ERULE, "unknown table 'sqlite_master'"},
    {"return classify { customer = 'c1', class = 'A', pack = 'good' }", BYLAW_ERULE,
     "unknown field 'pack'"},
    {"return fine { staff = 's1', amount_fen = -5 }", BYLAW_ERULE, "0 fen or more"},
    {"while true do end", BYLAW_EBUDGET, "instruction budget"},
    {"while true do pcall(function() while true do end end) end", BYLAW_EBUDGET,
     "instruction budget"},
    {"for i = 1, 100 do pcall(error, 'x') end while true do end", BYLAW_EBUDGET,
     "instruction budget"},
    {"local s = string.rep('x', 1 << 30)", BYLAW_EMEMLIMIT, "memory limit"},
    {"local s = 'x' for i = 1, 40 do s = s .. s end", BYLAW_EMEMLIMIT, "memory limit"},
    {"local t = {} for i = 1, 1e9 do t[i] = {} end", 0, ""},
    {"local function f() return 1 + f() end return f()", 0, ""},
    {"local cs = {} for i = 1, 1e8 do cs[i] = coroutine.create(function() end) end", 0, ""},
    {"local co = coroutine.wrap(function() while true do end end) co()", BYLAW_EBUDGET,
     "instruction budget"},
    {"error(setmetatable({}, { __tostring = function() while true do end end }))", 0, ""},
    /* Work inside C functions, where the count hook cannot reach. */
    {"return string.rep('', 1e15)", BYLAW_EBUDGET, "instruction budget"},
    {"return string.rep('x', 1e15)", BYLAW_EMEMLIMIT, "exceeds the memory limit"},
    {"return string.rep('ab', 1e9, ',')", BYLAW_EMEMLIMIT, "exceeds the memory limit"},
    {"return string.rep('a', 40):find(string.rep('a*', 30) .. 'b')", BYLAW_ERULE,
     "string.find: pattern too costly"},
    {"return string.rep('a', 5000):match('(.-)(.-)(.-)b')", BYLAW_ERULE,
     "string.match: pattern too costly"},
    {"return (string.rep('a', 20000):gsub('.-.-.-x', ''))", BYLAW_ERULE,
     "string.gsub: pattern too costly"},
    {"for w in string.gmatch(string.rep('a', 3000), 'a*a*a*b') do end", BYLAW_ERULE,
     "string.gmatch: pattern too costly"},
    {"local s = string.rep('a', 40) return s:find(('a?'):rep(40) .. ('a'):rep(40))", BYLAW_ERULE,
     "pattern too costly"},
    {"table.move({}, 1, math.maxinteger - 1, 2)", BYLAW_EBUDGET, "instruction budget"},
    {"table.move({}, 1, 1e12, 1, {})", BYLAW_EBUDGET, "instruction budget"},
    {"while true do pcall(string.rep, '', 1e15) end", BYLAW_EBUDGET, "instruction budget"},
    /* The wall-clock watchdog: few instructions, each a long C call. */
    {"local s = string.rep('abcdefghabcdefgh', 1 << 16)"
     " for i = 1, 100000 do s = s:upper():lower() end",
     BYLAW_EBUDGET, "time limit of 2000 ms exceeded"},
    {"local s = string.rep('abcdefghabcdefgh', 1 << 16)"
     " while true do pcall(function() for i = 1, 100000 do s = s:reverse() end end) end",
     BYLAW_EBUDGET, "exceeded"},
    /* Deeper tricks: coroutines, metamethod recursion, tail calls. */
    {"local co = coroutine.wrap(function() while true do coroutine.yield() end end)"
     " while true do co() end",
     BYLAW_EBUDGET, "instruction budget"},
    {"local function f() return f() end return f()", BYLAW_EBUDGET, "instruction budget"},
    {"local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x", 0,
     ""},
    {"return tostring(setmetatable({}, { __tostring = function(t) return tostring(t) end }))", 0,
     ""},
    {"local t = {} for i = 1, 1e7 do t[#t + 1] = ('x'):rep(100) end", 0, ""},
    {"local s = '' for i = 1, 1e6 do s = s .. 'xxxxxxxxxxxxxxxx' end", 0, ""},
    {"local t = {} for i = 1, 3e5 do t[i] = i end return table.concat(t, ',', 1, 3e5):rep(100)",
     0, ""},
    {"return table.unpack({}, 1, 1e8)", BYLAW_ERULE, "too many results"},
    {"return string.format('%099999d', 1)", BYLAW_ERULE, "invalid conversion"},
    /* Reaching the host or other packs another way. */
    {"host.renew_limits() while true do end", BYLAW_ERULE, "unknown name 'host'"},
    {"return require('lib/../../../etc/passwd')", BYLAW_ERULE, "require"},
    {"return getmetatable('').__index", BYLAW_ERULE, "attempt to index a boolean value"},
    {"return facts.count('customers', { pack = 'good' })", BYLAW_ERULE, "no column 'pack'"},
    {"return facts.sum('penalties', 'amount_fen', { pack = 'good' })", BYLAW_ERULE,
     "no column 'pack'"},
    {"return facts.rows('events', { body = { from = '' } }), error('x')", BYLAW_ERULE, ""},
    {"return fine { staff = 's1', amount_fen = 1e300 }", BYLAW_ERULE, ""},
    {"return fine { staff = 's1', amount_fen = 12.5 }", BYLAW_ERULE, ""},
    {"return classify { customer = 'c1', class = 'A', _ENV = 1 }", BYLAW_ERULE,
     "unknown field '_ENV'"},
};

static const char good_rules[] =
    "classify \"class\" { clause = \"g1\", { class = \"A\", when = { segment = \"highway\" } },"
    " { class = \"C\" } }\n";

#define EVENT(id, pack, seg)                                                   \
  "{\"id\":\"" id "\",\"pack\":\"" pack "\",\"type\":\"customer.upsert\","      \
  "\"at\":\"2026-03-01 09:00\",\"data\":{\"id\":\"c1\",\"segment\":\"" seg "\"}}"

TEST(hostile_rules_are_stopped) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  size_t n = sizeof(attacks) / sizeof(attacks[0]);
  /* One pack with every attack as its own rule, selected by segment. */
  size_t cap = 256 * 1024, len = 0;
  char *lua = malloc(cap);
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(lua + len, cap - len,
                            "rule \"attack %zu\" { clause = \"x\", on = \"customer.upsert\","
                            " when = { segment = \"attack%zu\" },\n"
                            "  run = function(ev) %s end }\n",
                            i, i, attacks[i].body);
  len += (size_t)snprintf(lua + len, cap - len, "%s", good_rules);
  test_pack(dir, "evil", lua);
  free(lua);
  test_pack(dir, "good", good_rules);
  bylaw_engine_t *e = test_engine(dir, NULL);
  for (size_t i = 0; i < n; i++) {
    char ev[512], id[32];
    snprintf(id, sizeof(id), "a%zu", i);
    snprintf(ev, sizeof(ev),
             "{\"id\":\"%s\",\"pack\":\"evil\",\"type\":\"customer.upsert\","
             "\"at\":\"2026-03-01 09:00\",\"data\":{\"id\":\"c%zu\",\"segment\":\"attack%zu\"}}",
             id, i, i);
    int code;
    char *out = test_submit(e, ev, &code);
    int want = attacks[i].code;
    int ok = want ? code == want
                  : (code == BYLAW_ERULE || code == BYLAW_EBUDGET || code == BYLAW_EMEMLIMIT);
    if (!ok) FAIL_AT("attack %zu (%s): code %s: %s", i, attacks[i].body, bylaw_err_name(code), out);
    ASSERT_CONTAINS(out, "\"status\":\"rejected\"");
    ASSERT_CONTAINS(out, attacks[i].message);
    char rule[64];
    snprintf(rule, sizeof(rule), "rule \\\"attack %zu\\\"", i);
    ASSERT_CONTAINS(out, rule); /* the message names the rule */
    bylaw_free(out);
    /* Healthy afterwards: the same pack and the other pack still work. */
    snprintf(ev, sizeof(ev),
             "{\"id\":\"ok%zu\",\"pack\":\"evil\",\"type\":\"customer.upsert\","
             "\"at\":\"2026-03-01 09:00\",\"data\":{\"id\":\"fine%zu\",\"segment\":\"highway\"}}",
             i, i);
    out = test_submit(e, ev, &code);
    if (code != 0) FAIL_AT("after attack %zu the pack is broken: %s", i, out);
    bylaw_free(out);
  }
  int code;
  char *out = test_submit(e, EVENT("g1", "good", "highway"), &code);
  ASSERT_INT(code, 0);
  ASSERT_CONTAINS(out, "\"class\":\"A\"");
  bylaw_free(out);
  /* Only the benign events were recorded. */
  ASSERT_INT(test_count(e, "evil", "events"), (int)n);
  ASSERT_INT(test_count(e, "good", "customers"), 1);
  bylaw_engine_free(e);
  return 0;
}

static int load_fails(const char *rules_lua, int code, const char *message) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "evil", rules_lua);
  bylaw_error_t err = {0};
  bylaw_engine_t *e = test_engine(dir, &err);
  ASSERT(e == NULL);
  ASSERT_INT(err.code, code);
  ASSERT_CONTAINS(err.message, message);
  bylaw_error_clear(&err);
  return 0;
}

TEST(loading_is_limited_too) {
  if (load_fails("while true do end", BYLAW_EBUDGET, "instruction budget")) return 1;
  return load_fails("local s = string.rep('x', 1 << 30)", BYLAW_EMEMLIMIT, "memory limit");
}

TEST(load_errors_name_file_and_line) {
  if (load_fails("classify \"c\" {\n  clause = \"x\",\n  { clas = \"A\" } }\n", BYLAW_EPACK,
                 "evil/rules.lua:1: classify \"c\" row 1: unknown field 'clas'"))
    return 1;
  if (load_fails("\n\nrule \"r\" { on = \"customer.upsert\", run = function() end }\n", BYLAW_EPACK,
                 "evil/rules.lua:3: rule \"r\" cites no clause"))
    return 1;
  if (load_fails("rule \"r\" { clause = \"x\", on = \"customer.upserted\", run = function() end }",
                 BYLAW_EPACK, "unknown event type 'customer.upserted'"))
    return 1;
  if (load_fails("local x = param.nope", BYLAW_EPACK, "unknown parameter 'nope'")) return 1;
  if (load_fails("\nlocal helpers = require \"missing\"", BYLAW_EPACK,
                 "evil/rules.lua:2: require: no module 'missing' in pack evil"))
    return 1;
  if (load_fails("facts.customer('c1')", BYLAW_EPACK, "only be read while an event is processed"))
    return 1;
  return load_fails("this is not lua", BYLAW_EPACK, "evil/rules.lua:1:");
}

TEST(bytecode_is_refused) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "evil", "\x1bLua\x54\x00 fake bytecode");
  bylaw_error_t err = {0};
  bylaw_engine_t *e = test_engine(dir, &err);
  ASSERT(e == NULL);
  ASSERT_INT(err.code, BYLAW_EPACK);
  ASSERT_CONTAINS(err.message, "binary");
  bylaw_error_clear(&err);
  return 0;
}

/* Queries are scoped by the engine: a rule of one pack reading every row
 * of every readable table sees its own pack's rows only. */
TEST(other_packs_are_invisible_to_queries) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "good", good_rules);
  test_pack(dir, "evil",
            "rule \"peek\" { clause = \"x\", on = \"staff.upsert\", run = function(ev)\n"
            "  local n = 0\n"
            "  for _, t in ipairs { 'customers', 'tasks', 'actions', 'events', 'penalties',"
            " 'approvals', 'complaints' } do\n"
            "    for _, row in ipairs(facts.rows(t, {}, { limit = 1000 })) do\n"
            "      for k, v in pairs(row) do if tostring(v):find('secret', 1, true) then n = n + 1 end end\n"
            "    end\n"
            "  end\n"
            "  error('secret ' .. n .. ' customers ' .. facts.count('customers'))\n"
            "end }\n");
  bylaw_engine_t *e = test_engine(dir, NULL);
  int code;
  char *out = test_submit(e,
      "{\"id\":\"g1\",\"pack\":\"good\",\"type\":\"customer.upsert\","
      "\"at\":\"2026-03-01 09:00\",\"data\":{\"id\":\"secret-1\",\"name\":\"secret\","
      "\"segment\":\"highway\"}}", &code);
  ASSERT_INT(code, 0);
  bylaw_free(out);
  out = test_submit(e,
      "{\"id\":\"p1\",\"pack\":\"evil\",\"type\":\"staff.upsert\","
      "\"at\":\"2026-03-01 09:00\",\"data\":{\"id\":\"s1\"}}", &code);
  ASSERT_INT(code, BYLAW_ERULE);
  ASSERT_CONTAINS(out, "secret 0 customers 0");
  bylaw_free(out);
  ASSERT_INT(test_count(e, "good", "customers"), 1);
  bylaw_engine_free(e);
  return 0;
}

const test_case_t test_cases[] = {TEST_ENTRY(hostile_rules_are_stopped),
                                  TEST_ENTRY(other_packs_are_invisible_to_queries),
                                  TEST_ENTRY(loading_is_limited_too),
                                  TEST_ENTRY(load_errors_name_file_and_line),
                                  TEST_ENTRY(bytecode_is_refused),
                                  {NULL, NULL}};
