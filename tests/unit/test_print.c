/* test_print.c - the compact JSON printer (core/print.c) prints what
 * cJSON_PrintUnformatted prints: replay compares action logs written by
 * either, and the inbox stored event bodies. */
#include <cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "core/util.h"
#include "task.h"

/* Prints v both ways; 0 when the texts are the same. */
static int same_as_cjson(const cJSON *v) {
  char *ours = bylaw__json_print(v);
  char *theirs = cJSON_PrintUnformatted(v);
  int same = ours && theirs && strcmp(ours, theirs) == 0;
  if (!same) fprintf(stderr, "ours:   %s\ncJSON's: %s\n", ours ? ours : "(null)",
                     theirs ? theirs : "(null)");
  bylaw_free(ours);
  cJSON_free(theirs);
  return same ? 0 : 1;
}

TEST(numbers_print_as_cjson_prints_them) {
  const double numbers[] = {0, -0.0, 1, -1, 42, 2147483647, 2147483648.0, -2147483649.0,
                            9007199254740991.0, 999999999999999.0, 1e15, -1e15, 1e16, 1e300,
                            0.5, -0.25, 1.1, 3.14159265358979, 1e-7, 123456.789, 1.0 / 3,
                            NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(numbers); i++) {
    cJSON *n = cJSON_CreateNumber(numbers[i]);
    int rc = same_as_cjson(n);
    cJSON_Delete(n);
    if (rc) FAIL_AT("number %zu (%.17g) prints differently", i, numbers[i]);
  }
  return 0;
}

TEST(strings_are_escaped_as_cjson_escapes_them) {
  const char *strings[] = {"", "plain", "quote \" and backslash \\", "\b\f\n\r\t",
                           "\x01\x1f\x7f", "客户 A 类：≥ 500 万元", "/ slash", "end\\"};
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(strings); i++) {
    cJSON *s = cJSON_CreateString(strings[i]);
    int rc = same_as_cjson(s);
    cJSON_Delete(s);
    if (rc) FAIL_AT("string %zu prints differently", i);
  }
  return 0;
}

TEST(nested_values_print_as_cjson_prints_them) {
  const char *texts[] = {
      "{}", "[]", "[[],{}]", "null", "true", "false",
      "{\"type\":\"fine\",\"staff\":\"s1\",\"amount_fen\":5000,\"chain\":[\"sales_manager\","
      "\"general_manager\"],\"attrs\":{\"a\":null,\"b\":[1,2.5,-3],\"\\u0001\":\"x\"}}",
      "{\"\":1,\"k\\\"\":{\"deep\":[[[[\"down\"]]]]}}"};
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(texts); i++) {
    cJSON *v = cJSON_Parse(texts[i]);
    ASSERT(v != NULL);
    int rc = same_as_cjson(v);
    cJSON_Delete(v);
    if (rc) FAIL_AT("value %zu prints differently", i);
  }
  cJSON *raw = cJSON_CreateArray();
  cJSON_AddItemToArray(raw, cJSON_CreateRaw("{\"already\":\"printed\"}"));
  ASSERT_INT(same_as_cjson(raw), 0);
  cJSON_Delete(raw);
  return 0;
}

TEST(what_cjson_cannot_print_is_refused) {
  cJSON *raw = cJSON_CreateRaw("");
  ASSERT(raw != NULL);
  cJSON_free(raw->valuestring); /* a raw value with no text */
  raw->valuestring = NULL;
  ASSERT(bylaw__json_print(raw) == NULL);
  ASSERT(bylaw__json_print(NULL) == NULL);
  cJSON_Delete(raw);
  return 0;
}

const test_case_t test_cases[] = {TEST_ENTRY(numbers_print_as_cjson_prints_them),
                                  TEST_ENTRY(strings_are_escaped_as_cjson_escapes_them),
                                  TEST_ENTRY(nested_values_print_as_cjson_prints_them),
                                  TEST_ENTRY(what_cjson_cannot_print_is_refused),
                                  {NULL, NULL}};
