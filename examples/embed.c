/*
 * embed.c - the smallest program embedding bylaw: open an engine on a store
 * and the rule packs, submit an event, run the clock, read the state.
 *
 *   cc embed.c $(pkg-config --cflags --libs bylaw) -o embed
 *   ./embed rules var/embed.db
 */
#include <bylaw.h>
#include <stdio.h>
#include <string.h>

static int check(int rc, bylaw_error_t *err, const char *what) {
  if (rc != 0 && err->code != 0) fprintf(stderr, "%s: %s\n", what, err->message);
  bylaw_error_clear(err);
  return rc;
}

int main(int argc, char **argv) {
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.rules_dir = argc > 1 ? argv[1] : "rules";
  opts.db_path = argc > 2 ? argv[2] : "var/embed.db";

  bylaw_error_t err = {0};
  bylaw_engine_t *engine;
  if (check(bylaw_engine_new(&engine, &opts, &err), &err, "open")) return 1;

  /* A highway customer is class A in siwei (第五条) and followed monthly. */
  const char *event =
      "{\"id\": \"embed-1\", \"pack\": \"siwei\", \"type\": \"customer.upsert\","
      " \"at\": \"2026-01-05T09:00:00+08:00\","
      " \"data\": {\"id\": \"c1\", \"segment\": \"highway\", \"region\": \"west\"}}";
  char *result = NULL;
  int rc = bylaw_submit(engine, event, strlen(event), &result, &err);
  printf("%s\n", result ? result : "");
  bylaw_free(result);
  check(rc, &err, "submit");

  /* Run the clock past the due date: the follow-up is overdue. */
  int64_t now;
  bylaw_parse_time("2026-02-06T09:00:00+08:00", 0, &now);
  rc = bylaw_tick(engine, "siwei", now, &result, &err);
  printf("%s\n", result ? result : "");
  bylaw_free(result);
  check(rc, &err, "tick");

  const char *filters[] = {"class", "A", NULL};
  bylaw_query_t q = {.pack = "siwei", .table = "customers", .filters = filters};
  if (bylaw_query(engine, &q, &result, &err) == 0) printf("%s\n", result);
  bylaw_free(result);
  bylaw_error_clear(&err);
  bylaw_engine_free(engine);
  return 0;
}
