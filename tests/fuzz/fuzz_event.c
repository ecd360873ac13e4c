/* fuzz_event.c - libFuzzer target: arbitrary bytes as an event, submitted
 * to an engine on a scratch in-memory store with the reliability test pack.
 * Every input must come back as a result (applied, duplicate or rejected)
 * without a crash, a leak or undefined behaviour. */
#include <stdint.h>
#include <stdlib.h>

#include "bylaw.h"

static bylaw_engine_t *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  bylaw_options_t o;
  bylaw_options_init(&o);
  o.db_path = ":memory:";
  o.rules_dir = BYLAW_FUZZ_RULES;
  o.sync = BYLAW_SYNC_OFF;
  o.instr_budget = 200000;
  bylaw_error_t err = {0, NULL};
  if (bylaw_engine_new(&engine, &o, &err) != 0) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *result = NULL;
  bylaw_error_t err = {0, NULL};
  bylaw_submit(engine, (const char *)data, size, &result, &err);
  bylaw_free(result);
  bylaw_error_clear(&err);
  /* Batches too: split the input at newlines. */
  const char *evs[8];
  size_t lens[8], n = 0, start = 0;
  for (size_t i = 0; i <= size && n < 8; i++) {
    if (i == size || data[i] == '\n') {
      evs[n] = (const char *)data + start;
      lens[n++] = i - start;
      start = i + 1;
    }
  }
  char *results[8] = {0};
  bylaw_submit_batch(engine, evs, lens, n, results, &err);
  for (size_t i = 0; i < n; i++) bylaw_free(results[i]);
  bylaw_error_clear(&err);
  return 0;
}
