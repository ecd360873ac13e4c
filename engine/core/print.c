/*
 * print.c - compact JSON printing into the engine's scratch buffer.
 *
 * cJSON_PrintUnformatted allocates a buffer and grows it by reallocating
 * as it goes, for every action logged and every result returned; with
 * glibc's allocator those large-ish blocks also make it consolidate its
 * small free blocks.  The scratch buffer is kept between calls and grown
 * to the largest text seen, so the hot path prints without allocating.
 */
#include <string.h>

#include "core/engine.h"
#include "core/util.h"

#define PRINT_FIRST_SIZE 4096
/* Texts larger than this (a tick's result) are not kept for reuse, so one
 * large print does not hold its memory for the engine's life. */
#define PRINT_KEEP_MAX (1u << 20)

/* Makes the scratch buffer hold at least size bytes. */
static int print_reserve(bylaw_engine_t *engine, size_t size) {
  if (engine->scratch_size >= size) return 0;
  size_t want = engine->scratch_size ? engine->scratch_size : PRINT_FIRST_SIZE;
  while (want < size) want *= 2;
  char *p = bylaw__realloc(engine->scratch, want);
  if (p == NULL) return -1;
  engine->scratch = p;
  engine->scratch_size = want;
  return 0;
}

const char *bylaw__print_scratch(bylaw_engine_t *engine, const cJSON *v) {
  cJSON_free(engine->spill);
  engine->spill = NULL;
  if (print_reserve(engine, PRINT_FIRST_SIZE) != 0) return NULL;
  if (cJSON_PrintPreallocated((cJSON *)v, engine->scratch, (int)engine->scratch_size, 0))
    return engine->scratch;
  /* Too big for the buffer: print it the usual way, and keep room for the
   * next text of that size unless it is a very large one. */
  char *text = cJSON_PrintUnformatted(v);
  size_t len = text ? strlen(text) : 0;
  if (text == NULL || len >= PRINT_KEEP_MAX || print_reserve(engine, len + 1) != 0)
    return engine->spill = text;
  memcpy(engine->scratch, text, len + 1);
  cJSON_free(text);
  return engine->scratch;
}

char *bylaw__print(bylaw_engine_t *engine, const cJSON *v) {
  const char *text = bylaw__print_scratch(engine, v);
  char *out = text ? bylaw__strdup(text) : NULL;
  cJSON_free(engine->spill);
  engine->spill = NULL;
  return out;
}
