/*
 * action.c - validates an action a rule returned against its shape, applies
 * it through the store, logs it with the event, rule, clause and pack
 * version, and appends it to the event's result (a summary tick counts it
 * instead).  Times are kept as Unix seconds for the store and shown as ISO
 * text in the log and the result.
 */
#include <string.h>

#include "core/engine.h"
#include "core/schema.h"
#include "core/util.h"

/* Prints the action as the log and the caller see it: type, rule, clause,
 * then the fields in the shape's order (Lua tables have no order, and the
 * same action must always read the same), TIME fields (Unix seconds for
 * the store) as ISO text at offset_s, and the new task's id. */
static const char *action_print(bylaw_pack_t *pack, const bylaw_shape_t *shape,
                                const char *rule, const char *clause, const cJSON *action,
                                int64_t task) {
  bylaw_printer_t pr;
  bylaw__printer_open(&pr, pack->engine);
  bylaw__printer_string(&pr, "type", shape->type);
  bylaw__printer_string(&pr, "rule", rule);
  if (clause) bylaw__printer_string(&pr, "clause", clause);
  for (const bylaw_field_t *f = shape->fields; f->name; f++) {
    const cJSON *v = bylaw__json_member(action, f->name);
    if (v == NULL) continue;
    if (f->kind == BYLAW_F_TIME && cJSON_IsNumber(v)) {
      char when[40];
      bylaw_format_time((int64_t)v->valuedouble, pack->offset_s, when, sizeof(when));
      bylaw__printer_string(&pr, f->name, when);
    } else {
      bylaw__printer_value(&pr, f->name, v);
    }
  }
  if (task) bylaw__printer_int(&pr, "task", task);
  return bylaw__printer_close(&pr);
}

/* Adds one action of type to a summary tick's counts. */
static int action_count(cJSON *types, const char *type, bylaw_error_t *err) {
  cJSON *n = bylaw__json_member(types, type);
  if (n) cJSON_SetNumberValue(n, n->valuedouble + 1);
  else if (cJSON_AddNumberToObject(types, type, 1) == NULL)
    return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  return 0;
}

int bylaw__action_apply(bylaw_pack_t *pack, const char *rule, const char *clause,
                        cJSON *action, int64_t *new_id, bylaw_error_t *err) {
  cJSON *type = cJSON_DetachItemFromObjectCaseSensitive(action, "type");
  if (!cJSON_IsString(type)) {
    cJSON_Delete(type);
    return bylaw__error(err, BYLAW_EACTION, "action has no type (e.g. type = \"fine\")");
  }
  const bylaw_shape_t *shape = bylaw__shape_find(bylaw__action_shapes, type->valuestring);
  if (shape == NULL) {
    bylaw__error(err, BYLAW_EACTION, "unknown action type '%s'", type->valuestring);
    cJSON_Delete(type);
    return BYLAW_EACTION;
  }
  cJSON_Delete(type);
  const char *field;
  int rc = bylaw__shape_check(shape, action, BYLAW_EACTION, &field, err);
  if (rc != 0) return rc;
  bylaw_action_ctx_t ctx = {pack->name, pack->call->event_id, rule, clause,
                            pack->version, pack->call->at};
  rc = bylaw__store_apply(pack->engine->store, &ctx, shape->type, action, new_id, err);
  if (rc != 0) return rc;

  const char *body = action_print(pack, shape, rule, clause, action, *new_id);
  rc = body ? bylaw__store_log_action(pack->engine->store, body, err)
            : bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  if (rc == 0 && pack->action_types) rc = action_count(pack->action_types, shape->type, err);
  /* The result shows the logged text itself: printed once, not again
   * with the result (readers that need the fields parse it). */
  cJSON *shown_text = rc == 0 && !pack->action_types ? cJSON_CreateRaw(body) : NULL;
  if (rc == 0 && !pack->action_types && !cJSON_AddItemToArray(pack->call->actions, shown_text))
    rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  return rc;
}
