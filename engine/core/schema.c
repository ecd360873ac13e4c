/*
 * schema.c - the field tables of every event and action type, and the one
 * checker that validates a JSON object against them.  Money is integer fen,
 * never a float: 12.5 is refused rather than rounded.
 */
#include <math.h>
#include <string.h>

#include "core/schema.h"
#include "core/util.h"

#define F(name, kind, req) {name, BYLAW_F_##kind, req}
#define END {NULL, 0, 0}

/* 2^53: the largest integer a JSON number carries exactly. */
#define SCHEMA_MAX_EXACT 9007199254740992.0

static const bylaw_field_t customer_fields[] = {
    F("id", STR, 1), F("name", STR, 0), F("segment", STR, 0), F("region", STR, 0),
    F("owner", STR, 0), F("status", STR, 0), F("attrs", OBJ, 0), END};
static const bylaw_field_t staff_fields[] = {
    F("id", STR, 1), F("name", STR, 0), F("role", STR, 0), F("manager", STR, 0),
    F("department", STR, 0), F("region", STR, 0), F("status", STR, 0),
    F("attrs", OBJ, 0), END};
static const bylaw_field_t order_fields[] = {
    F("id", STR, 1), F("customer", STR, 1), F("staff", STR, 0),
    F("amount_fen", FEN, 1), F("list_price_fen", FEN, 0), F("attrs", OBJ, 0), END};
static const bylaw_field_t payment_fields[] = {
    F("id", STR, 1), F("customer", STR, 0), F("staff", STR, 0), F("order", STR, 0),
    F("amount_fen", FEN, 1), F("attrs", OBJ, 0), END};
static const bylaw_field_t followup_fields[] = {
    F("customer", STR, 1), F("staff", STR, 0), F("kind", STR, 0), F("form", STR, 0),
    F("fields", OBJ, 0), END};
static const bylaw_field_t approval_req_fields[] = {
    F("id", STR, 1), F("subject", STR, 1), F("kind", STR, 1), F("customer", STR, 0),
    F("requested_by", STR, 0), F("amount_fen", FEN, 0), F("attrs", OBJ, 0), END};
static const bylaw_field_t approval_dec_fields[] = {
    F("approval", STR, 1), F("decision", STR, 1), F("by", STR, 1), F("note", STR, 0),
    END};
static const bylaw_field_t complaint_fields[] = {
    F("id", STR, 1), F("customer", STR, 0), F("kind", STR, 0), F("channel", STR, 0),
    F("paid", BOOL, 0), F("text", STR, 0), F("attrs", OBJ, 0), END};
static const bylaw_field_t response_fields[] = {
    F("complaint", STR, 1), F("by", STR, 0), F("text", STR, 0), END};
static const bylaw_field_t violation_fields[] = {
    F("id", STR, 0), F("staff", STR, 1), F("kind", STR, 1), F("attrs", OBJ, 0), END};
static const bylaw_field_t survey_fields[] = {
    F("id", STR, 0), F("customer", STR, 1), F("satisfied", BOOL, 0),
    F("score", INT, 0), F("attrs", OBJ, 0), END};
static const bylaw_field_t task_done_fields[] = {
    F("task", INT, 1), F("by", STR, 0), F("note", STR, 0), END};
static const bylaw_field_t tick_fields[] = {F("since", INT, 0), END};

const bylaw_shape_t bylaw__event_shapes[] = {
    {"customer.upsert", customer_fields},
    {"staff.upsert", staff_fields},
    {"order.placed", order_fields},
    {"payment.received", payment_fields},
    {"followup.logged", followup_fields},
    {"approval.requested", approval_req_fields},
    {"approval.decided", approval_dec_fields},
    {"complaint.received", complaint_fields},
    {"complaint.responded", response_fields},
    {"violation.reported", violation_fields},
    {"survey.returned", survey_fields},
    {"task.done", task_done_fields},
    {"tick", tick_fields},
    {NULL, NULL}};

static const bylaw_field_t a_classify[] = {
    F("customer", STR, 1), F("class", STR, 1), F("reason", STR, 0), END};
static const bylaw_field_t a_set_attr[] = {
    F("customer", STR, 1), F("key", STR, 1), F("value", ANY, 0), END};
static const bylaw_field_t a_schedule[] = {
    F("customer", STR, 0), F("kind", STR, 1), F("due", TIME, 1), F("owner", STR, 0),
    F("tag", STR, 0), F("ref", STR, 0), F("subject", STR, 0), F("form", STR, 0),
    F("escalate_to", STR, 0), END};
static const bylaw_field_t a_complete[] = {
    F("task", INT, 1), F("status", STR, 0), END};
static const bylaw_field_t a_task[] = {F("task", INT, 1), END};
static const bylaw_field_t a_escalate[] = {F("task", INT, 1), F("to", STR, 1), END};
static const bylaw_field_t a_require[] = {
    F("approval", STR, 1), F("chain", LIST, 1), F("mode", STR, 0),
    F("before", BOOL, 0), F("subject", STR, 0), F("kind", STR, 0),
    F("customer", STR, 0), F("amount_fen", FEN, 0), F("reason", STR, 0), END};
static const bylaw_field_t a_approve[] = {
    F("approval", STR, 1), F("by", STR, 1), F("role", STR, 1), END};
static const bylaw_field_t a_reject[] = {
    F("approval", STR, 1), F("by", STR, 1), F("reason", STR, 0), END};
static const bylaw_field_t a_route[] = {
    F("complaint", STR, 1), F("to", STR, 1), F("form", STR, 0), F("paid", BOOL, 0),
    F("major", BOOL, 0), F("respond_by", TIME, 0), END};
static const bylaw_field_t a_money[] = {
    F("staff", STR, 1), F("amount_fen", FEN, 1), F("reason", STR, 0),
    F("occurrence", INT, 0), END};
static const bylaw_field_t a_sanction[] = {
    F("staff", STR, 1), F("sanction", STR, 1), F("reason", STR, 0),
    F("occurrence", INT, 0), F("amount_fen", FEN, 0), END};
static const bylaw_field_t a_notify[] = {
    F("to", STR, 1), F("message", STR, 1), F("customer", STR, 0),
    F("subject", STR, 0), F("form", STR, 0), END};

const bylaw_shape_t bylaw__action_shapes[] = {
    {"classify", a_classify},
    {"set_attr", a_set_attr},
    {"schedule_followup", a_schedule},
    {"complete_followup", a_complete},
    {"mark_overdue", a_task},
    {"escalate", a_escalate},
    {"require_approval", a_require},
    {"approve", a_approve},
    {"reject", a_reject},
    {"route", a_route},
    {"fine", a_money},
    {"sanction", a_sanction},
    {"reward", a_money},
    {"notify", a_notify},
    {NULL, NULL}};

const bylaw_shape_t *bylaw__shape_find(const bylaw_shape_t *shapes, const char *type) {
  for (; shapes->type; shapes++)
    if (strcmp(shapes->type, type) == 0) return shapes;
  return NULL;
}

static int is_integer(const cJSON *v) {
  return cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
         fabs(v->valuedouble) <= SCHEMA_MAX_EXACT;
}

/* Returns NULL when v fits kind, else what was expected. */
static const char *field_mismatch(bylaw_field_kind_t kind, cJSON *v) {
  switch (kind) {
  case BYLAW_F_STR:
    return cJSON_IsString(v) && v->valuestring[0] ? NULL : "a non-empty string";
  case BYLAW_F_FEN:
    if (!cJSON_IsNumber(v)) return "an integer amount in fen";
    if (v->valuedouble != floor(v->valuedouble))
      return "a whole number of fen (1 yuan = 100 fen), not a fraction";
    if (v->valuedouble < 0) return "an amount of 0 fen or more";
    /* 2^53 itself is refused: 2^53 + 1 in the text parses to it. */
    if (v->valuedouble >= SCHEMA_MAX_EXACT) return "an amount below 2^53 fen";
    return NULL;
  case BYLAW_F_INT: return is_integer(v) ? NULL : "an integer";
  case BYLAW_F_TIME: return is_integer(v) ? NULL : "a time (Unix seconds)";
  case BYLAW_F_BOOL: return cJSON_IsBool(v) ? NULL : "true or false";
  case BYLAW_F_OBJ:
    if (cJSON_IsArray(v) && v->child == NULL) { /* {} from Lua */
      v->type = cJSON_Object;
      return NULL;
    }
    return cJSON_IsObject(v) ? NULL : "an object";
  case BYLAW_F_LIST:
    if (cJSON_IsObject(v) && v->child == NULL) { /* {} from Lua */
      v->type = cJSON_Array;
      return NULL;
    }
    if (!cJSON_IsArray(v)) return "a list of strings";
    for (cJSON *c = v->child; c; c = c->next)
      if (!cJSON_IsString(c)) return "a list of strings";
    return NULL;
  case BYLAW_F_ANY:
    return cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v) || cJSON_IsNull(v)
               ? NULL
               : "a string, number or boolean";
  }
  return "a known kind";
}

int bylaw__shape_check(const bylaw_shape_t *shape, cJSON *obj, int code,
                       const char **field, bylaw_error_t *err) {
  *field = NULL;
  if (!cJSON_IsObject(obj))
    return bylaw__error(err, code, "%s: expected an object of fields", shape->type);
  for (const bylaw_field_t *f = shape->fields; f->name; f++) {
    cJSON *v = bylaw__json_member(obj, f->name);
    if (v == NULL || cJSON_IsNull(v)) {
      if (!f->required) continue;
      *field = f->name;
      return bylaw__error(err, code, "%s: field '%s' is required", shape->type, f->name);
    }
    const char *expected = field_mismatch(f->kind, v);
    if (expected != NULL) {
      *field = f->name;
      return bylaw__error(err, code, "%s: field '%s' must be %s", shape->type, f->name,
                          expected);
    }
  }
  for (cJSON *c = obj->child; c; c = c->next) {
    const bylaw_field_t *f = shape->fields;
    while (f->name && strcmp(f->name, c->string) != 0) f++;
    if (f->name == NULL) {
      *field = c->string;
      return bylaw__error(err, code, "%s: unknown field '%s'", shape->type, c->string);
    }
  }
  return 0;
}
