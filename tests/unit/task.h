/*
 * task.h - the unit-test harness: each case is a function returning 0 on
 * success, listed in one table per file; runner.c runs every case in its own
 * process, so a crash or a leak in one case cannot hide behind another.
 */
#ifndef BYLAW_TEST_TASK_H
#define BYLAW_TEST_TASK_H

#include <stdio.h>
#include <string.h>

#include "bylaw.h"

typedef struct {
  const char *name;
  int (*fn)(void);
} test_case_t;

/* Each test file defines this table, ending with {NULL, NULL}. */
extern const test_case_t test_cases[];

#define TEST(name) static int test_##name(void)
#define TEST_ENTRY(name) {#name, test_##name}

#define FAIL_AT(fmt, ...)                                                      \
  do {                                                                         \
    fprintf(stderr, "%s:%d: " fmt "\n", __FILE__, __LINE__, __VA_ARGS__);      \
    return 1;                                                                  \
  } while (0)

#define ASSERT(expr)                                                           \
  do {                                                                         \
    if (!(expr)) FAIL_AT("assertion failed: %s", #expr);                       \
  } while (0)

#define ASSERT_INT(a, b)                                                       \
  do {                                                                         \
    long long a_ = (long long)(a), b_ = (long long)(b);                        \
    if (a_ != b_) FAIL_AT("%s == %lld, expected %lld", #a, a_, b_);            \
  } while (0)

#define ASSERT_STR(a, b)                                                       \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if (a_ == NULL || strcmp(a_, b_) != 0)                                     \
      FAIL_AT("%s == \"%s\", expected \"%s\"", #a, a_ ? a_ : "(null)", b_);    \
  } while (0)

#define ASSERT_CONTAINS(hay, needle)                                           \
  do {                                                                         \
    const char *h_ = (hay), *n_ = (needle);                                    \
    if (h_ == NULL || strstr(h_, n_) == NULL)                                  \
      FAIL_AT("%s does not contain \"%s\": %s", #hay, n_, h_ ? h_ : "(null)"); \
  } while (0)

/* Helpers (runner.c). */

/* A fresh temporary folder for this case, removed when the case ends. */
const char *test_tmpdir(void);
/* Writes text to dir/relpath, creating folders on the way. */
void test_write(const char *dir, const char *relpath, const char *text);
/* Creates pack `name` under dir/rules with a pack.lua and one rules file. */
void test_pack(const char *rules_dir, const char *name, const char *rules_lua);
/* Opens an engine on dir/test.db and rules_dir; aborts the case on error. */
bylaw_engine_t *test_engine(const char *rules_dir, bylaw_error_t *err);
/* The same on dir/db_name: two stores side by side in one case. */
bylaw_engine_t *test_engine_at(const char *rules_dir, const char *db_name, bylaw_error_t *err);
/* Submits event text; returns the result text (caller frees) and the code. */
char *test_submit(bylaw_engine_t *e, const char *json, int *code);
/* Adds retail customers c0..c(n-1) to pack in one batch, the first at `at`
 * and each `apart` seconds after the one before. */
int test_add_customers(bylaw_engine_t *e, const char *pack, int n, int64_t at, int64_t apart);
/* Number of rows of table in pack (via bylaw_query). */
int test_count(bylaw_engine_t *e, const char *pack, const char *table);

#endif
