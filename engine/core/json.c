/*
 * json.c - finding an object's member by name on the hot path.
 *
 * cJSON_GetObjectItemCaseSensitive calls strcmp() on every member it
 * passes; an event and each action are looked up some thirty times, mostly
 * for fields that differ in their first byte, so that is checked first.
 */
#include <string.h>

#include <cJSON.h>

#include "core/util.h"

cJSON *bylaw__json_member(const cJSON *obj, const char *name) {
  if (obj == NULL || name == NULL) return NULL;
  for (cJSON *c = obj->child; c; c = c->next)
    if (c->string && c->string[0] == name[0] && strcmp(c->string, name) == 0) return c;
  return NULL;
}
