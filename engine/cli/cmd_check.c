/*
 * cmd_check.c - `bylaw check` loads packs and reports what is wrong with
 * them, and `bylaw test` runs their specs.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char check_usage[] =
    "usage: bylaw check RULES_DIR|PACK_DIR...\n\n"
    "Loads every pack of each rules folder (or the single pack folder) into a\n"
    "scratch store and reports errors with file, line, pack and rule, then\n"
    "lint warnings (see bylaw lint).  Exits 1 if any pack fails to load.\n";

static const char lint_usage[] =
    "usage: bylaw lint RULES_DIR|PACK_DIR...\n\n"
    "Reports what is legal but probably wrong in packs: parameters never used,\n"
    "classification rows that overlap, can never match or leave customers\n"
    "unclassified, follow-up cadences without an owner, approval amount tiers\n"
    "with gaps or overlaps.  Exits 1 if there is any warning.\n";

/* Prints an engine's lint warnings; returns how many there were. */
static int print_lint(bylaw_engine_t *engine) {
  char *out = NULL;
  bylaw_error_t err = {0};
  int n = 0;
  if (bylaw_lint(engine, NULL, &out, &err) != 0) {
    cli_fail("lint", err.code, &err);
    bylaw_error_clear(&err);
    return 1;
  }
  cJSON *arr = cJSON_Parse(out);
  for (cJSON *w = arr ? arr->child : NULL; w; w = w->next, n++) {
    const char *where = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, "where"));
    const char *rule = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, "rule"));
    const char *pack = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, "pack"));
    const char *message = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(w, "message"));
    if (rule) printf("warning: %s: rule \"%s\": %s\n", where, rule, message);
    else printf("warning: pack %s: %s\n", pack, message);
  }
  cJSON_Delete(arr);
  bylaw_free(out);
  return n;
}

/* Loads each operand's packs; with lint_only, fails on warnings too. */
static int check_or_lint(int argc, char **argv, const char *usage, int lint_only) {
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "", usage, &opts);
  if (i < 0) return 2;
  if (i == argc) {
    fputs(usage, stderr);
    return 2;
  }
  int bad = 0;
  for (; i < argc; i++) {
    char *rules, *pack;
    if (cli_split_rules(argv[i], &rules, &pack) != 0) return 2;
    cli_opts_t o = {.db = ":memory:", .rules = rules, .pack = pack};
    bylaw_engine_t *engine = cli_open(&o);
    if (engine == NULL) {
      bad++;
    } else {
      char *packs = NULL;
      bylaw_packs_json(engine, &packs, NULL);
      if (!lint_only) printf("ok %s: %s\n", argv[i], packs ? packs : "");
      bylaw_free(packs);
      int warnings = print_lint(engine);
      if (lint_only && warnings) bad++;
      bylaw_engine_free(engine);
    }
    free(rules);
    free(pack);
  }
  return bad ? 1 : 0;
}

int cli_check(int argc, char **argv) { return check_or_lint(argc, argv, check_usage, 0); }
int cli_lint(int argc, char **argv) { return check_or_lint(argc, argv, lint_usage, 1); }

static const char test_usage[] =
    "usage: bylaw test [--coverage] RULES_DIR|PACK_DIR...\n\n"
    "Runs the specs of every pack (the Lua files in rules/<pack>/spec), each\n"
    "spec on a fresh in-memory store, and ends with the line\n"
    "'N passed, N failed'.  Exits 1 if any spec failed.\n\n"
    "  --coverage   also print, per pack, how many of its rules the specs\n"
    "               exercised (produced an action or rejected an event) and\n"
    "               which they never did\n";

/* Prints the coverage lines of one bylaw_run_specs() run. */
static void print_coverage(const char *json) {
  cJSON *arr = cJSON_Parse(json);
  for (const cJSON *o = arr ? arr->child : NULL; o; o = o->next) {
    int rules = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "rules"));
    int done = (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "exercised"));
    printf("coverage %s: %d of %d rules exercised (%d%%)\n",
           cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "pack")), done, rules,
           rules ? done * 100 / rules : 100);
    const cJSON *never = cJSON_GetObjectItemCaseSensitive(o, "never");
    for (const cJSON *r = never ? never->child : NULL; r; r = r->next)
      printf("    never exercised: %s\n", r->valuestring);
  }
  cJSON_Delete(arr);
}

static void test_report(void *ud, const char *pack, const char *spec, int passed,
                        const char *message) {
  (void)ud;
  printf("%s %s: %s\n", passed ? "PASS" : "FAIL", pack, spec);
  if (!passed && message) printf("    %s\n", message);
}

int cli_test(int argc, char **argv) {
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "c", test_usage, &opts);
  if (i < 0) return 2;
  if (i == argc) {
    fputs(test_usage, stderr);
    return 2;
  }
  int passed = 0, failed = 0, broken = 0;
  for (; i < argc; i++) {
    char *rules, *pack;
    if (cli_split_rules(argv[i], &rules, &pack) != 0) return 2;
    int p = 0, f = 0;
    bylaw_error_t err = {0};
    char *coverage = NULL;
    int rc = bylaw_run_specs(rules, pack, test_report, NULL, &p, &f,
                             opts.coverage ? &coverage : NULL, &err);
    if (coverage) print_coverage(coverage);
    bylaw_free(coverage);
    if (rc != 0 && rc != BYLAW_ESPEC) {
      cli_fail(argv[i], rc, &err);
      broken++;
    }
    passed += p;
    failed += f;
    bylaw_error_clear(&err);
    free(rules);
    free(pack);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed || broken ? 1 : 0;
}
