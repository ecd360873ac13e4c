/*
 * schema.h - the shape of events and actions: which fields each type has,
 * of what kind, and which are required.  Event validation (event.c) and
 * action validation (action.c) both read these tables, and the rule
 * vocabulary gets the list of event types from them so a misspelt type in
 * a rule fails at load time.
 */
#ifndef BYLAW_CORE_SCHEMA_H
#define BYLAW_CORE_SCHEMA_H

#include <cjson/cJSON.h>

#include "bylaw.h"

typedef enum {
  BYLAW_F_STR,  /* non-empty UTF-8 text */
  BYLAW_F_FEN,  /* money: a non-negative integer number of fen */
  BYLAW_F_INT,  /* any integer */
  BYLAW_F_BOOL,
  BYLAW_F_OBJ,  /* free-form object (attrs, form fields) */
  BYLAW_F_LIST, /* list of strings */
  BYLAW_F_TIME, /* Unix seconds from rules; shown as ISO text */
  BYLAW_F_ANY   /* string, number or boolean */
} bylaw_field_kind_t;

typedef struct {
  const char *name;
  bylaw_field_kind_t kind;
  int required;
} bylaw_field_t;

typedef struct {
  const char *type;
  const bylaw_field_t *fields; /* ends with a NULL name */
} bylaw_shape_t;

/* The event types and action types; arrays end with a NULL type. */
extern const bylaw_shape_t bylaw__event_shapes[];
extern const bylaw_shape_t bylaw__action_shapes[];

const bylaw_shape_t *bylaw__shape_find(const bylaw_shape_t *shapes, const char *type);

/* Checks obj against shape: required fields present, kinds right, no
 * unknown fields.  On failure returns code with the message in err and the
 * failing field's name in *field (static or owned by obj). */
int bylaw__shape_check(const bylaw_shape_t *shape, cJSON *obj, int code,
                       const char **field, bylaw_error_t *err);

#endif
