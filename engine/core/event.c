/*
 * event.c - validates an incoming event: the envelope (id, pack, type, at,
 * data, nothing else), then the data against the type's shape.  Every
 * failure names the field, and nothing is written before validation passes.
 */
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "core/schema.h"
#include "core/util.h"

#define EVENT_MAX_ID 200

static int event_fail(bylaw_error_t *err, char *field, size_t fsize, const char *name,
                      const char *msg) {
  snprintf(field, fsize, "%s", name);
  return bylaw__error(err, BYLAW_EEVENT, "%s", msg);
}

int bylaw__event_parse(bylaw_engine_t *engine, cJSON *root, bylaw_event_t *ev,
                       char *field, size_t fsize, bylaw_error_t *err) {
  static const char *const envelope[] = {"id", "pack", "type", "at", "data"};
  memset(ev, 0, sizeof(*ev));
  ev->root = root;
  field[0] = '\0';
  if (!cJSON_IsObject(root))
    return bylaw__error(err, BYLAW_EEVENT, "an event must be a JSON object");
  for (cJSON *c = root->child; c; c = c->next) {
    size_t i = 0;
    while (i < BYLAW_ARRAY_SIZE(envelope) && strcmp(envelope[i], c->string) != 0) i++;
    if (i == BYLAW_ARRAY_SIZE(envelope)) {
      snprintf(field, fsize, "%s", c->string);
      return bylaw__error(err, BYLAW_EEVENT,
                          "unknown field '%s' (an event has id, pack, type, at, data)",
                          c->string);
    }
  }
  cJSON *id = bylaw__json_member(root, "id");
  if (!cJSON_IsString(id) || id->valuestring[0] == '\0')
    return event_fail(err, field, fsize, "id", "id: a non-empty string is required");
  if (strlen(id->valuestring) > EVENT_MAX_ID)
    return event_fail(err, field, fsize, "id", "id: at most 200 bytes");
  for (const unsigned char *p = (const unsigned char *)id->valuestring; *p; p++)
    if (*p < 0x20)
      return event_fail(err, field, fsize, "id", "id: control characters are not allowed");
  ev->id = id->valuestring;

  cJSON *pack = bylaw__json_member(root, "pack");
  if (!cJSON_IsString(pack))
    return event_fail(err, field, fsize, "pack", "pack: a pack name is required");
  bylaw_pack_t *p = bylaw__engine_pack(engine, pack->valuestring);
  if (p == NULL) {
    snprintf(field, fsize, "pack");
    return bylaw__error(err, BYLAW_ENOPACK, "pack: unknown pack '%.64s'", pack->valuestring);
  }
  ev->pack = pack->valuestring;

  cJSON *type = bylaw__json_member(root, "type");
  if (!cJSON_IsString(type))
    return event_fail(err, field, fsize, "type", "type: an event type is required");
  const bylaw_shape_t *shape = bylaw__shape_find(bylaw__event_shapes, type->valuestring);
  if (shape == NULL) {
    snprintf(field, fsize, "type");
    return bylaw__error(err, BYLAW_EEVENT, "type: unknown event type '%.64s'",
                        type->valuestring);
  }
  ev->type = shape->type;

  cJSON *at = bylaw__json_member(root, "at");
  if (!cJSON_IsString(at))
    return event_fail(err, field, fsize, "at",
                      "at: a time such as \"2026-03-01T09:00:00+08:00\" is required");
  if (bylaw_parse_time(at->valuestring, p->offset_s, &ev->at) != 0) {
    snprintf(field, fsize, "at");
    return bylaw__error(err, BYLAW_EEVENT, "at: '%.64s' is not a valid time", at->valuestring);
  }

  cJSON *data = bylaw__json_member(root, "data");
  if (data == NULL) {
    data = cJSON_AddObjectToObject(root, "data");
    if (data == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  }
  if (!cJSON_IsObject(data))
    return event_fail(err, field, fsize, "data", "data: must be an object");
  const char *bad;
  int rc = bylaw__shape_check(shape, data, BYLAW_EEVENT, &bad, err);
  if (rc != 0 && bad != NULL) snprintf(field, fsize, "data.%s", bad); /* its path */
  ev->data = data;
  return rc;
}
