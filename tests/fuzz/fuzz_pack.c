/* fuzz_pack.c - libFuzzer target: arbitrary bytes as a pack's rules file.
 * The pack is written to a scratch rules folder and loaded by the engine
 * (sandbox, vocabulary, budget and memory cap in force); loading must fail
 * with an error or succeed, and a loaded pack must then take an event. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bylaw.h"

static char rules[256], file[300];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  snprintf(rules, sizeof(rules), "/tmp/bylaw-fuzz-pack.%d", (int)getpid());
  char dir[300], path[320];
  snprintf(dir, sizeof(dir), "%s/p", rules);
  mkdir(rules, 0755);
  mkdir(dir, 0755);
  snprintf(path, sizeof(path), "%s/pack.lua", dir);
  FILE *f = fopen(path, "w");
  if (f == NULL) abort();
  fputs("pack { title = \"fuzz\" }\n", f);
  fclose(f);
  snprintf(file, sizeof(file), "%s/rules.lua", dir);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *f = fopen(file, "wb");
  if (f == NULL) abort();
  fwrite(data, 1, size, f);
  fclose(f);
  bylaw_options_t o;
  bylaw_options_init(&o);
  o.db_path = ":memory:";
  o.rules_dir = rules;
  o.sync = BYLAW_SYNC_OFF;
  o.instr_budget = 100000;
  o.mem_limit = 8u << 20;
  bylaw_engine_t *e = NULL;
  bylaw_error_t err = {0, NULL};
  if (bylaw_engine_new(&e, &o, &err) == 0) {
    static const char ev[] =
        "{\"id\":\"e1\",\"pack\":\"p\",\"type\":\"customer.upsert\",\"at\":\"2026-01-05 09:00\","
        "\"data\":{\"id\":\"c1\",\"segment\":\"highway\"}}";
    char *result = NULL;
    bylaw_submit(e, ev, sizeof(ev) - 1, &result, &err);
    bylaw_free(result);
    bylaw_engine_free(e);
  }
  bylaw_error_clear(&err);
  return 0;
}
