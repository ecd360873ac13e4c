/* test_api.c - the public API: NULL arguments, error names, options, and
 * two engines in one process that do not interfere. */
#include <stdlib.h>

#include "task.h"

TEST(null_arguments_are_safe) {
  bylaw_engine_free(NULL);
  bylaw_free(NULL);
  bylaw_error_clear(NULL);
  char *out = NULL;
  ASSERT_INT(bylaw_submit(NULL, "{}", 2, &out, NULL), BYLAW_EINVAL);
  ASSERT(out == NULL);
  ASSERT_INT(bylaw_engine_new(NULL, NULL, NULL), BYLAW_EINVAL);
  bylaw_error_t err = {0};
  bylaw_engine_t *e = NULL;
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.db_path = NULL;
  ASSERT_INT(bylaw_engine_new(&e, &opts, &err), BYLAW_EINVAL);
  ASSERT_CONTAINS(err.message, "db_path");
  bylaw_error_clear(&err);
  ASSERT(err.message == NULL);
  return 0;
}

TEST(error_names_and_messages) {
  ASSERT_STR(bylaw_err_name(BYLAW_EINVAL), "BYLAW_EINVAL");
  ASSERT_STR(bylaw_err_name(BYLAW_ECONFLICT), "BYLAW_ECONFLICT");
  ASSERT_STR(bylaw_err_name(0), "BYLAW_OK");
  ASSERT_STR(bylaw_err_name(-999), "BYLAW_UNKNOWN");
  ASSERT_STR(bylaw_strerror(BYLAW_EBUDGET), "rule exceeded its instruction budget");
  return 0;
}

TEST(options_defaults) {
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  ASSERT_STR(opts.db_path, "var/bylaw.db");
  ASSERT_STR(opts.rules_dir, "rules");
  ASSERT_INT(opts.sync, BYLAW_SYNC_FULL);
  ASSERT(opts.instr_budget > 0 && opts.mem_limit > 0);
  return 0;
}

TEST(missing_rules_folder_is_a_clear_error) {
  bylaw_error_t err = {0};
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/no-such-folder", test_tmpdir());
  ASSERT(test_engine(dir, &err) == NULL);
  ASSERT_INT(err.code, BYLAW_EIO);
  ASSERT_CONTAINS(err.message, "no-such-folder");
  bylaw_error_clear(&err);
  return 0;
}

TEST(two_engines_do_not_interfere) {
  char dir[512], db1[600], db2[600];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "t", "classify \"class\" { clause = \"x\", { class = \"A\" } }\n");
  snprintf(db1, sizeof(db1), "%s/one.db", test_tmpdir());
  snprintf(db2, sizeof(db2), "%s/two.db", test_tmpdir());
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.rules_dir = dir;
  opts.sync = BYLAW_SYNC_OFF;
  bylaw_engine_t *a, *b;
  opts.db_path = db1;
  ASSERT_INT(bylaw_engine_new(&a, &opts, NULL), 0);
  opts.db_path = db2;
  ASSERT_INT(bylaw_engine_new(&b, &opts, NULL), 0);
  const char ev[] = "{\"id\":\"e1\",\"pack\":\"t\",\"type\":\"customer.upsert\","
                    "\"at\":\"2026-03-01\",\"data\":{\"id\":\"c1\"}}";
  int code;
  char *out = test_submit(a, ev, &code);
  ASSERT_CONTAINS(out, "\"applied\"");
  bylaw_free(out);
  out = test_submit(b, ev, &code); /* new to b: applied, not a duplicate */
  ASSERT_CONTAINS(out, "\"applied\"");
  bylaw_free(out);
  ASSERT_INT(test_count(a, "t", "customers"), 1);
  ASSERT_INT(test_count(b, "t", "customers"), 1);
  bylaw_engine_free(a);
  out = test_submit(b, ev, &code);
  ASSERT_CONTAINS(out, "\"duplicate\"");
  bylaw_free(out);
  bylaw_engine_free(b);
  return 0;
}

TEST(query_checks_its_arguments) {
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/rules", test_tmpdir());
  test_pack(dir, "t", "classify \"class\" { clause = \"x\", { class = \"A\" } }\n");
  bylaw_engine_t *e = test_engine(dir, NULL);
  char *out = NULL;
  bylaw_error_t err = {0};
  bylaw_query_t q = {.pack = "t", .table = "customers", .id = "nobody"};
  ASSERT_INT(bylaw_query(e, &q, &out, &err), BYLAW_ENOTFOUND);
  q = (bylaw_query_t){.pack = "other", .table = "customers"};
  ASSERT_INT(bylaw_query(e, &q, &out, &err), BYLAW_ENOPACK);
  const char *filters[] = {"password", "x", NULL};
  q = (bylaw_query_t){.pack = "t", .table = "customers", .filters = filters};
  ASSERT_INT(bylaw_query(e, &q, &out, &err), BYLAW_EINVAL);
  ASSERT_CONTAINS(err.message, "no column 'password'");
  bylaw_error_clear(&err);
  bylaw_engine_free(e);
  return 0;
}

const test_case_t test_cases[] = {
    TEST_ENTRY(null_arguments_are_safe),   TEST_ENTRY(error_names_and_messages),
    TEST_ENTRY(options_defaults),          TEST_ENTRY(missing_rules_folder_is_a_clear_error),
    TEST_ENTRY(two_engines_do_not_interfere), TEST_ENTRY(query_checks_its_arguments),
    {NULL, NULL}};
