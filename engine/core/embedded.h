/*
 * embedded.h - the Lua sources compiled into the library (cmake/embed.cmake
 * generates the table): the rule vocabulary and the spec language.
 */
#ifndef BYLAW_CORE_EMBEDDED_H
#define BYLAW_CORE_EMBEDDED_H

#include <stddef.h>

typedef struct {
  const char *name;
  const char *text;
  size_t size;
} bylaw__embedded_t;

extern const bylaw__embedded_t bylaw__embedded[];

/* Returns the embedded file called name ("prelude.lua"), or NULL. */
const bylaw__embedded_t *bylaw__embedded_find(const char *name);

#endif
