/*
 * alloc.c - the allocator libbylaw uses for its own memory, replaceable by an
 * embedder (as uv_replace_allocator), and string helpers built on it.  Lua
 * states use their own counting allocator (lua/sandbox.c) on top of this one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static struct {
  void *(*malloc_fn)(size_t);
  void *(*realloc_fn)(void *, size_t);
  void *(*calloc_fn)(size_t, size_t);
  void (*free_fn)(void *);
} alloc_funcs = {malloc, realloc, calloc, free};

int bylaw_replace_allocator(void *(*malloc_fn)(size_t),
                            void *(*realloc_fn)(void *, size_t),
                            void *(*calloc_fn)(size_t, size_t),
                            void (*free_fn)(void *)) {
  if (!malloc_fn || !realloc_fn || !calloc_fn || !free_fn) return BYLAW_EINVAL;
  alloc_funcs.malloc_fn = malloc_fn;
  alloc_funcs.realloc_fn = realloc_fn;
  alloc_funcs.calloc_fn = calloc_fn;
  alloc_funcs.free_fn = free_fn;
  return 0;
}

void *bylaw__malloc(size_t size) { return alloc_funcs.malloc_fn(size ? size : 1); }
void *bylaw__realloc(void *p, size_t size) { return alloc_funcs.realloc_fn(p, size ? size : 1); }
void *bylaw__calloc(size_t n, size_t size) { return alloc_funcs.calloc_fn(n ? n : 1, size ? size : 1); }

void bylaw_free(void *ptr) {
  if (ptr != NULL) alloc_funcs.free_fn(ptr);
}

char *bylaw__strndup(const char *s, size_t n) {
  char *copy = bylaw__malloc(n + 1);
  if (copy == NULL) return NULL;
  memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

char *bylaw__strdup(const char *s) {
  return s ? bylaw__strndup(s, strlen(s)) : NULL;
}

char *bylaw__vsprintf(const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0) return NULL;
  char *buf = bylaw__malloc((size_t)n + 1);
  if (buf != NULL) vsnprintf(buf, (size_t)n + 1, fmt, ap);
  return buf;
}

char *bylaw__sprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = bylaw__vsprintf(fmt, ap);
  va_end(ap);
  return s;
}
