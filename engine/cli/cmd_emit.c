/*
 * cmd_emit.c - `bylaw emit` processes events (JSON lines, or one JSON
 * array) and `bylaw tick` runs the clock; both print one JSON result per
 * event on stdout and exit 1 if any event was rejected.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char emit_usage[] =
    "usage: bylaw emit [--db PATH] [--rules DIR] [FILE|-]\n\n"
    "Processes events, one JSON object a line or a JSON array, from FILE or\n"
    "stdin.  Prints one line per event:\n"
    "  {\"event\": ID, \"status\": \"applied\"|\"duplicate\"|\"rejected\", \"actions\": [...], \"error\": ...}\n"
    "Exits 1 if any event was rejected.\n\n"
    "  --db PATH     store file (default var/bylaw.db)\n"
    "  --rules DIR   rule packs folder (default rules)\n";

static int emit_one(bylaw_engine_t *engine, const char *json, size_t len) {
  char *result = NULL;
  bylaw_error_t err = {0};
  int rc = bylaw_submit(engine, json, len, &result, &err);
  if (result) printf("%s\n", result);
  else cli_fail("submit", rc, &err);
  bylaw_free(result);
  bylaw_error_clear(&err);
  return rc != 0;
}

int cli_emit(int argc, char **argv) {
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "dr", emit_usage, &opts);
  if (i < 0) return 2;
  size_t len;
  char *input = cli_read_all(i < argc ? argv[i] : "-", &len);
  if (input == NULL) return 2;
  bylaw_engine_t *engine = cli_open(&opts);
  if (engine == NULL) {
    free(input);
    return 2;
  }
  int rejected = 0;
  const char *p = input + strspn(input, " \t\r\n");
  if (*p == '[') {
    cJSON *arr = cJSON_Parse(p);
    if (!cJSON_IsArray(arr)) {
      rejected += emit_one(engine, p, strlen(p)); /* reported as invalid JSON */
    } else {
      for (cJSON *ev = arr->child; ev; ev = ev->next) {
        char *text = cJSON_PrintUnformatted(ev);
        rejected += emit_one(engine, text, strlen(text));
        cJSON_free(text);
      }
    }
    cJSON_Delete(arr);
  } else {
    for (char *line = input, *next; line && *line; line = next) {
      next = strchr(line, '\n');
      if (next) *next++ = '\0';
      if (line[strspn(line, " \t\r")] == '\0') continue;
      rejected += emit_one(engine, line, strlen(line));
    }
  }
  bylaw_engine_free(engine);
  free(input);
  return rejected ? 1 : 0;
}

static const char tick_usage[] =
    "usage: bylaw tick --now TIME [--db PATH] [--rules DIR] [--pack P]\n\n"
    "Runs the clock of every pack (or of P) to TIME, firing time-based rules:\n"
    "overdue follow-ups and escalations, deadlines, calendar tasks, yearly\n"
    "re-classification.  A tick is an event with id tick@TIME: ticking to the\n"
    "same time twice changes nothing.  Prints one JSON result per pack.\n\n"
    "  --now TIME    e.g. 2026-03-01T09:00:00+08:00 or \"2026-03-01 09:00\"\n"
    "  --db PATH     store file (default var/bylaw.db)\n"
    "  --rules DIR   rule packs folder (default rules)\n"
    "  --pack P      only this pack\n";

int cli_tick(int argc, char **argv) {
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "drpn", tick_usage, &opts);
  if (i < 0) return 2;
  int64_t now;
  if (opts.now == NULL || bylaw_parse_time(opts.now, 8 * 3600, &now) != 0) {
    fprintf(stderr, "bylaw tick: --now TIME is required (e.g. 2026-03-01T09:00:00+08:00)\n");
    return 2;
  }
  const char *only = opts.pack;
  opts.pack = NULL; /* load every pack; tick just one */
  bylaw_engine_t *engine = cli_open(&opts);
  if (engine == NULL) return 2;
  char *result = NULL;
  bylaw_error_t err = {0};
  int rc = bylaw_tick(engine, only, now, &result, &err);
  cJSON *arr = result ? cJSON_Parse(result) : NULL;
  for (cJSON *r = arr ? arr->child : NULL; r; r = r->next) {
    char *text = cJSON_PrintUnformatted(r);
    printf("%s\n", text);
    cJSON_free(text);
  }
  if (arr == NULL) cli_fail("tick", rc, &err);
  cJSON_Delete(arr);
  bylaw_free(result);
  bylaw_error_clear(&err);
  bylaw_engine_free(engine);
  return rc != 0;
}
