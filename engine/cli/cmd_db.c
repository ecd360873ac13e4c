/*
 * cmd_db.c - `bylaw db`: store maintenance.  migrate creates or upgrades
 * the schema, backup copies a live store safely, export prints a pack's
 * event history as JSON lines (the input `bylaw emit` and replay read).
 */
#include <cjson/cJSON.h>
#include <string.h>

#include "cli/cli.h"

static const char db_usage[] =
    "usage: bylaw db migrate [--db PATH] [--rules DIR]\n"
    "       bylaw db backup DEST [--db PATH] [--rules DIR]\n"
    "       bylaw db export --pack P [--db PATH] [--rules DIR]\n\n"
    "migrate  create the store or bring its schema up to date\n"
    "backup   copy the store to DEST with SQLite's online backup (safe while\n"
    "         bylawd runs)\n"
    "export   print a pack's stored events, oldest first, one JSON a line\n";

static int db_export(bylaw_engine_t *engine, const char *pack) {
  bylaw_query_t q = {.pack = pack, .table = "events", .limit = 1000};
  for (;;) {
    char *out = NULL;
    bylaw_error_t err = {0};
    int rc = bylaw_query(engine, &q, &out, &err);
    if (rc != 0) {
      cli_fail("export", rc, &err);
      bylaw_error_clear(&err);
      return 1;
    }
    cJSON *doc = cJSON_Parse(out);
    bylaw_free(out);
    cJSON *rows = cJSON_GetObjectItemCaseSensitive(doc, "rows");
    int n = 0;
    for (cJSON *r = rows ? rows->child : NULL; r; r = r->next, n++) {
      char *body = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(r, "body"));
      printf("%s\n", body);
      cJSON_free(body);
    }
    cJSON_Delete(doc);
    if (n < q.limit) return 0;
    q.offset += n;
  }
}

int cli_db(int argc, char **argv) {
  cli_opts_t opts;
  if (argc < 2 || argv[1][0] == '-') {
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
      fputs(db_usage, stdout);
      return 0;
    }
    fputs(db_usage, stderr);
    return 2;
  }
  const char *sub = argv[1];
  int i = cli_parse(argc - 1, argv + 1, "drp", db_usage, &opts);
  if (i < 0) return 2;
  i++; /* from argv + 1 back to argv */
  const char *only = opts.pack;
  opts.pack = NULL;
  int rc = 2;
  if (strcmp(sub, "migrate") == 0) {
    bylaw_engine_t *engine = cli_open(&opts);
    if (engine) printf("store %s is at the current schema\n", opts.db ? opts.db : "var/bylaw.db");
    rc = engine ? 0 : 1;
    bylaw_engine_free(engine);
  } else if (strcmp(sub, "backup") == 0 && i < argc) {
    bylaw_engine_t *engine = cli_open(&opts);
    bylaw_error_t err = {0};
    rc = engine ? bylaw_backup(engine, argv[i], &err) : 1;
    if (engine && rc != 0) cli_fail("backup", rc, &err);
    else if (engine) printf("backed up to %s\n", argv[i]);
    bylaw_error_clear(&err);
    bylaw_engine_free(engine);
    rc = rc != 0;
  } else if (strcmp(sub, "export") == 0 && only) {
    bylaw_engine_t *engine = cli_open(&opts);
    rc = engine ? db_export(engine, only) : 1;
    bylaw_engine_free(engine);
  } else {
    fputs(db_usage, stderr);
  }
  return rc;
}
