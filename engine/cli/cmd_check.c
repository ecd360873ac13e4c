/*
 * cmd_check.c - `bylaw check` loads packs and reports what is wrong with
 * them, and `bylaw test` runs their specs.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char check_usage[] =
    "usage: bylaw check RULES_DIR|PACK_DIR...\n\n"
    "Loads every pack of each rules folder (or the single pack folder) into a\n"
    "scratch store and reports errors with file, line, pack and rule.\n"
    "Exits 1 if any pack fails to load.\n";

int cli_check(int argc, char **argv) {
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "", check_usage, &opts);
  if (i < 0) return 2;
  if (i == argc) {
    fputs(check_usage, stderr);
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
      printf("ok %s: %s\n", argv[i], packs ? packs : "");
      bylaw_free(packs);
      bylaw_engine_free(engine);
    }
    free(rules);
    free(pack);
  }
  return bad ? 1 : 0;
}

static const char test_usage[] =
    "usage: bylaw test RULES_DIR|PACK_DIR...\n\n"
    "Runs the specs of every pack (rules/<pack>/spec/*.lua), each spec on a\n"
    "fresh in-memory store, and ends with the line 'N passed, N failed'.\n"
    "Exits 1 if any spec failed.\n";

static void test_report(void *ud, const char *pack, const char *spec, int passed,
                        const char *message) {
  (void)ud;
  printf("%s %s: %s\n", passed ? "PASS" : "FAIL", pack, spec);
  if (!passed && message) printf("    %s\n", message);
}

int cli_test(int argc, char **argv) {
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "", test_usage, &opts);
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
    int rc = bylaw_run_specs(rules, pack, test_report, NULL, &p, &f, &err);
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
