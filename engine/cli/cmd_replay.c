/*
 * cmd_replay.c - `bylaw replay`: what would a changed pack have done?  Runs
 * a candidate pack over the stored history in a scratch store and prints
 * the difference from what actually happened: a summary table for people,
 * or the full difference as JSON lines with --json.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char replay_usage[] =
    "usage: bylaw replay --pack P --rules CANDIDATE_DIR [--db PATH] [--from T] [--to T] [--json]\n\n"
    "Replays the stored events of pack P (ticks included, so the clock moves as\n"
    "it did) with the candidate rules in CANDIDATE_DIR (a folder holding P) in\n"
    "a scratch store, and compares the actions of events between --from and\n"
    "--to with what actually happened: customers whose class changes, follow-up\n"
    "tasks added and removed, approvals routed differently, fines, sanctions and\n"
    "rewards changed in count and in yuan.  The live store is only read.\n\n"
    "  --json   one JSON object per difference, then the summary\n";

static void replay_progress(void *ud, uint64_t done, uint64_t total) {
  (void)ud;
  int width = 40, filled = total ? (int)(done * (uint64_t)width / total) : width;
  fprintf(stderr, "\r[%.*s%*s] %llu/%llu events", filled,
          "########################################", width - filled, "",
          (unsigned long long)done, (unsigned long long)total);
  if (done >= total) fputc('\n', stderr);
}

static const char *str(const cJSON *o, const char *k) {
  const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
  return s ? s : "-";
}

static double num(const cJSON *o, const char *k) {
  return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static void print_json_lines(const cJSON *report) {
  static const char *const kinds[] = {"rejected", "classes", "tasks", "approvals", "money"};
  for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(report, kinds[k]);
    for (const cJSON *row = rows ? rows->child : NULL; row; row = row->next) {
      cJSON *line = cJSON_Duplicate(row, 1);
      cJSON_AddStringToObject(line, "diff", kinds[k]);
      char *t = cJSON_PrintUnformatted(line);
      printf("%s\n", t);
      cJSON_free(t);
      cJSON_Delete(line);
    }
  }
  cJSON *summary = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(report, "summary"), 1);
  cJSON_AddStringToObject(summary, "diff", "summary");
  char *t = cJSON_PrintUnformatted(summary);
  printf("%s\n", t);
  cJSON_free(t);
  cJSON_Delete(summary);
}

static void print_summary(const cJSON *report) {
  const cJSON *s = cJSON_GetObjectItemCaseSensitive(report, "summary");
  printf("replay of %s (candidate version %s): %.0f events\n", str(report, "pack"),
         str(report, "version"), num(report, "events"));
  printf("  %-28s %10.0f\n", "events the candidate rejects", num(s, "rejected"));
  printf("  %-28s %10.0f\n", "customers changing class", num(s, "classes_changed"));
  printf("  %-28s %10.0f\n", "follow-up tasks added", num(s, "tasks_added"));
  printf("  %-28s %10.0f\n", "follow-up tasks removed", num(s, "tasks_removed"));
  printf("  %-28s %10.0f\n", "approvals routed differently", num(s, "approvals_changed"));
  printf("\n  %-10s %8s %14s %8s %14s %14s\n", "", "live", "live yuan", "cand.", "cand. yuan",
         "change yuan");
  static const char *const types[] = {"fine", "sanction", "reward"};
  for (size_t t = 0; t < 3; t++) {
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(s, types[t]);
    double lf = num(o, "live_fen"), cf = num(o, "candidate_fen");
    printf("  %-10s %8.0f %14.2f %8.0f %14.2f %+14.2f\n", types[t], num(o, "live_count"),
           lf / 100, num(o, "candidate_count"), cf / 100, (cf - lf) / 100);
  }
  const cJSON *classes = cJSON_GetObjectItemCaseSensitive(report, "classes");
  if (cJSON_GetArraySize(classes) > 0) printf("\n  class changes (customer: live -> candidate)\n");
  int shown = 0;
  for (const cJSON *row = classes->child; row && shown < 20; row = row->next, shown++)
    printf("    %s: %s -> %s\n", str(row, "customer"), str(row, "live"), str(row, "candidate"));
  if (cJSON_GetArraySize(classes) > 20)
    printf("    ... %d more (use --json)\n", cJSON_GetArraySize(classes) - 20);
  const cJSON *rejected = cJSON_GetObjectItemCaseSensitive(report, "rejected");
  for (const cJSON *row = rejected->child; row; row = row->next)
    printf("  rejected %s: %s\n", str(row, "event"), str(row, "message"));
}

/* Reads an optional --from/--to value out of argv (cli_parse knows the
 * common options only), removing it. */
static int take_time(int *argc, char **argv, const char *name, int64_t *out) {
  for (int i = 1; i < *argc; i++) {
    size_t n = strlen(name);
    const char *value = NULL;
    int used = 0;
    if (strcmp(argv[i], name) == 0 && i + 1 < *argc) value = argv[i + 1], used = 2;
    else if (strncmp(argv[i], name, n) == 0 && argv[i][n] == '=') value = argv[i] + n + 1, used = 1;
    if (!used) continue;
    if (bylaw_parse_time(value, 8 * 3600, out) != 0) {
      fprintf(stderr, "bylaw replay: %s '%s' is not a time\n", name, value);
      return -1;
    }
    memmove(argv + i, argv + i + used, (size_t)(*argc - i - used + 1) * sizeof(*argv));
    *argc -= used;
    return 1;
  }
  return 0;
}

int cli_replay(int argc, char **argv) {
  bylaw_replay_opts_t r = {.from = INT64_MIN, .to = INT64_MAX};
  if (take_time(&argc, argv, "--from", &r.from) < 0 || take_time(&argc, argv, "--to", &r.to) < 0)
    return 2;
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "drpj", replay_usage, &opts);
  if (i < 0) return 2;
  if (opts.pack == NULL || opts.rules == NULL || i != argc) {
    fputs(replay_usage, stderr);
    return 2;
  }
  r.db_path = opts.db ? opts.db : "var/bylaw.db";
  r.rules_dir = opts.rules;
  r.pack = opts.pack;
  if (isatty(STDERR_FILENO)) r.progress = replay_progress;
  char *report = NULL;
  bylaw_error_t err = {0};
  int rc = bylaw_replay(&r, &report, &err);
  if (rc != 0) {
    cli_fail("replay", rc, &err);
  } else {
    cJSON *doc = cJSON_Parse(report);
    if (opts.json) print_json_lines(doc);
    else print_summary(doc);
    cJSON_Delete(doc);
  }
  bylaw_free(report);
  bylaw_error_clear(&err);
  return rc != 0;
}
