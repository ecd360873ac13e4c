/*
 * cmd_query.c - `bylaw query` shows the state of one pack as a table for
 * people, or as JSON with --json.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char query_usage[] =
    "usage: bylaw query --pack P [--db PATH] [--rules DIR] [--json] TABLE [COLUMN=VALUE...]\n\n"
    "TABLE is customers, staff, tasks, approvals, complaints, penalties,\n"
    "actions or events.  COLUMN=VALUE pairs filter rows (e.g. class=A,\n"
    "status=overdue, event=e1); limit=N and offset=N page through them.\n";

/* The columns worth a person's attention, per table. */
static const struct {
  const char *table;
  const char *columns[9];
} query_columns[] = {
    {"customers", {"id", "name", "segment", "region", "owner", "class", "class_reason"}},
    {"staff", {"id", "name", "role", "region", "department", "manager"}},
    {"tasks", {"id", "customer", "kind", "owner", "due_at", "status", "escalated_to"}},
    {"approvals", {"id", "kind", "subject", "amount_fen", "chain", "signed", "status", "decided_by"}},
    {"complaints", {"id", "customer", "kind", "received_at", "routed_to", "status"}},
    {"penalties", {"staff", "kind", "amount_fen", "sanction", "occurrence", "rule", "at"}},
    {"actions", {"seq", "event", "type", "rule", "clause", "at"}},
    {"events", {"seq", "id", "type", "at"}},
};

static char *cell_text(const cJSON *v) {
  if (v == NULL || cJSON_IsNull(v)) return strdup("");
  if (cJSON_IsString(v)) return strdup(v->valuestring);
  char *t = cJSON_PrintUnformatted(v);
  char *s = strdup(t ? t : "");
  cJSON_free(t);
  return s;
}

/* Display width of UTF-8 text: CJK characters take two columns. */
static int text_width(const char *s) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p & 0xC0) == 0x80) continue;
    w += *p >= 0xE0 ? 2 : 1;
  }
  return w;
}

static void print_table(const char *table, const cJSON *rows) {
  const char *const *cols = NULL;
  for (size_t i = 0; i < sizeof(query_columns) / sizeof(query_columns[0]); i++)
    if (strcmp(query_columns[i].table, table) == 0) cols = query_columns[i].columns;
  int ncols = 0;
  while (cols && ncols < 9 && cols[ncols]) ncols++;
  int width[9] = {0};
  for (int c = 0; c < ncols; c++) width[c] = text_width(cols[c]);
  for (const cJSON *r = rows->child; r; r = r->next)
    for (int c = 0; c < ncols; c++) {
      char *t = cell_text(cJSON_GetObjectItemCaseSensitive(r, cols[c]));
      if (text_width(t) > width[c]) width[c] = text_width(t);
      free(t);
    }
  for (int c = 0; c < ncols; c++) printf("%-*s  ", width[c], cols[c]);
  printf("\n");
  for (const cJSON *r = rows->child; r; r = r->next) {
    for (int c = 0; c < ncols; c++) {
      char *t = cell_text(cJSON_GetObjectItemCaseSensitive(r, cols[c]));
      printf("%s%*s  ", t, width[c] - text_width(t), "");
      free(t);
    }
    printf("\n");
  }
}

int cli_query(int argc, char **argv) {
  cli_opts_t opts;
  int i = cli_parse(argc, argv, "drpj", query_usage, &opts);
  if (i < 0) return 2;
  if (i == argc || opts.pack == NULL) {
    fputs(query_usage, stderr);
    return 2;
  }
  bylaw_query_t q = {.pack = opts.pack, .table = argv[i++]};
  const char *filters[33];
  int nf = 0;
  for (; i < argc && nf < 32; i++) {
    char *eq = strchr(argv[i], '=');
    if (eq == NULL) {
      fprintf(stderr, "bylaw query: expected COLUMN=VALUE, got '%s'\n", argv[i]);
      return 2;
    }
    *eq = '\0';
    if (strcmp(argv[i], "limit") == 0) q.limit = atoi(eq + 1);
    else if (strcmp(argv[i], "offset") == 0) q.offset = atoi(eq + 1);
    else {
      filters[nf++] = argv[i];
      filters[nf++] = eq + 1;
    }
  }
  filters[nf] = NULL;
  q.filters = filters;
  const char *only = opts.pack;
  opts.pack = NULL;
  bylaw_engine_t *engine = cli_open(&opts);
  if (engine == NULL) return 2;
  opts.pack = only;
  char *out = NULL;
  bylaw_error_t err = {0};
  int rc = bylaw_query(engine, &q, &out, &err);
  if (rc != 0) {
    cli_fail("query", rc, &err);
  } else if (opts.json) {
    printf("%s\n", out);
  } else {
    cJSON *doc = cJSON_Parse(out);
    print_table(q.table, cJSON_GetObjectItemCaseSensitive(doc, "rows"));
    printf("(%d of %d rows)\n", cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "rows")),
           (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(doc, "total")));
    cJSON_Delete(doc);
  }
  bylaw_free(out);
  bylaw_error_clear(&err);
  bylaw_engine_free(engine);
  return rc != 0;
}
