/*
 * cmd_explain.c - `bylaw explain` shows, for an event, every rule of its
 * pack that listened to it, what it saw and what it decided, and the
 * actions that would follow.  A dry run: nothing is written.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char explain_usage[] =
    "usage: bylaw explain [--db PATH] [--rules DIR] [--json] [FILE|-]\n"
    "       bylaw explain --pack P EVENT_ID [--db PATH] [--rules DIR] [--json]\n\n"
    "Runs the event in FILE (or stdin) as a dry run against the store and\n"
    "prints why each rule did or did not fire, and the actions it would\n"
    "produce.  With --pack, explains the stored event EVENT_ID instead: the\n"
    "pack's history before it is replayed into a scratch store first.\n"
    "Nothing is written.\n";

static void explain_print(const cJSON *res) {
  const cJSON *rules = cJSON_GetObjectItemCaseSensitive(res, "rules");
  const cJSON *actions = cJSON_GetObjectItemCaseSensitive(res, "actions");
  const cJSON *error = cJSON_GetObjectItemCaseSensitive(res, "error");
  printf("event %s (%s)\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "event")),
         cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "status")));
  const char *last = "";
  for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next) {
    const char *rule = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "rule"));
    if (strcmp(rule, last) != 0)
      printf("  %s (%s)\n", rule, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "clause")));
    printf("      %s\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "note")));
    last = rule;
  }
  printf("actions:\n");
  for (const cJSON *a = actions ? actions->child : NULL; a; a = a->next) {
    char *t = cJSON_PrintUnformatted(a);
    printf("  %s\n", t);
    cJSON_free(t);
  }
  if (cJSON_IsObject(error))
    printf("error: %s\n", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(error, "message")));
}

int cli_explain(int argc, char **argv) {
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "drpj", explain_usage, &opts);
  if (i < 0) return 2;
  char *result = NULL;
  bylaw_error_t err = {0};
  int rc;
  if (opts.pack) {
    if (i != argc - 1) {
      fputs(explain_usage, stderr);
      return 2;
    }
    rc = bylaw_explain_stored(opts.db ? opts.db : "var/bylaw.db", opts.rules ? opts.rules : "rules",
                              opts.pack, argv[i], &result, &err);
  } else {
    size_t len;
    char *input;
    bylaw_engine_t *engine = cli_open_with_input(&opts, argc, argv, i, &input, &len);
    if (engine == NULL) return 2;
    rc = bylaw_explain(engine, input, len, &result, &err);
    bylaw_engine_free(engine);
    free(input);
  }
  if (result == NULL) cli_fail("explain", rc, &err);
  else if (opts.json) printf("%s\n", result);
  else {
    cJSON *res = cJSON_Parse(result);
    explain_print(res);
    cJSON_Delete(res);
  }
  bylaw_free(result);
  bylaw_error_clear(&err);
  return rc != 0;
}
