/*
 * api_admin.c - the operational endpoints: /healthz, /metrics, the bench
 * constant, pack status and reload, backups, and the test clock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "daemon.h"

void bylawd_api_healthz(bylawd_call_t *call) {
  static const char ok[] =
      "{\"status\":\"ok\",\"version\":\"" BYLAW_VERSION_STRING "\"}";
  bylawd_reply(call->req, 200, ok, sizeof(ok) - 1);
}

void bylawd_api_bench(bylawd_call_t *call) {
  static const char ok[] = "{\"ok\":true}";
  bylawd_reply(call->req, 200, ok, sizeof(ok) - 1);
}

/* Size of the store: the main file plus its write-ahead log. */
static int64_t admin_store_bytes(const char *db) {
  struct stat st;
  int64_t total = 0;
  char wal[4096];
  if (stat(db, &st) == 0)
    total += st.st_size;
  snprintf(wal, sizeof(wal), "%s-wal", db);
  if (stat(wal, &st) == 0)
    total += st.st_size;
  return total;
}

void bylawd_api_metrics(bylawd_call_t *call) {
  bylawd_t *d = call->d;
  char *packs = NULL;
  bylaw_packs_json(d->engine, &packs, NULL);
  bylawd_metrics_live_t live = {bylawd_now(d), admin_store_bytes(d->cfg.db),
                                d->http.nconns,
                                packs ? cJSON_Parse(packs) : NULL,
                                d->ckpt.pages};
  bylaw_free(packs);
  char *text = bylawd_metrics_render(&d->metrics, &live);
  cJSON_Delete(live.packs);
  if (text == NULL) {
    bylawd_reply_error(call->req, 503, "BYLAW_ENOMEM", "out of memory", NULL);
    return;
  }
  call->req->res.status = 200;
  call->req->res.reason = "OK";
  call->req->res.content_length = strlen(text);
  d->metrics.http_responses[2]++;
  h2o_add_header(&call->req->pool, &call->req->res.headers,
                 H2O_TOKEN_CONTENT_TYPE, NULL,
                 H2O_STRLIT("text/plain; version=0.0.4"));
  h2o_send_inline(call->req, text, strlen(text));
  free(text);
}

/* GET /v1/packs: every pack for an admin, the caller's own otherwise. */
void bylawd_api_packs(bylawd_call_t *call) {
  char *packs = NULL;
  bylaw_error_t err = {0, NULL};
  int rc = bylaw_packs_json(call->d->engine, &packs, &err);
  if (rc != 0 || packs == NULL) {
    bylawd_reply_bylaw_error(call->req, rc ? rc : BYLAW_ENOMEM, &err, NULL);
    bylaw_error_clear(&err);
    return;
  }
  if (call->who.admin) {
    bylawd_reply(call->req, 200, packs, strlen(packs));
    bylaw_free(packs);
    return;
  }
  cJSON *all = cJSON_Parse(packs);
  bylaw_free(packs);
  cJSON *mine = cJSON_CreateArray();
  cJSON *p;
  cJSON_ArrayForEach(p, all) {
    const char *name =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "pack"));
    if (name && bylawd_can(call, name))
      cJSON_AddItemToArray(mine, cJSON_Duplicate(p, 1));
  }
  char *text = cJSON_PrintUnformatted(mine);
  if (text)
    bylawd_reply(call->req, 200, text, strlen(text));
  else
    bylawd_reply_error(call->req, 503, "BYLAW_ENOMEM", "out of memory", NULL);
  cJSON_free(text);
  cJSON_Delete(mine);
  cJSON_Delete(all);
}

/* POST /v1/packs/{pack}/reload: 200 with the pack's new status, or the
 * reason it was refused (the old version keeps serving). */
void bylawd_api_reload(bylawd_call_t *call) {
  bylaw_error_t err = {0, NULL};
  int rc = bylawd_reload_pack(call->d, call->arg, "api", &err);
  if (rc != 0) {
    bylawd_reply_bylaw_error(call->req, rc, &err, "pack");
    bylaw_error_clear(&err);
    return;
  }
  char *packs = NULL;
  bylaw_packs_json(call->d->engine, &packs, NULL);
  cJSON *all = packs ? cJSON_Parse(packs) : NULL;
  bylaw_free(packs);
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "pack", call->arg);
  cJSON_AddStringToObject(root, "status", "reloaded");
  cJSON *p;
  cJSON_ArrayForEach(p, all) {
    const char *name =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "pack"));
    if (name && strcmp(name, call->arg) == 0) {
      cJSON_AddItemToObject(root, "loaded", cJSON_Duplicate(p, 1));
      break;
    }
  }
  char *text = cJSON_PrintUnformatted(root);
  if (text)
    bylawd_reply(call->req, 200, text, strlen(text));
  else
    bylawd_reply_error(call->req, 503, "BYLAW_ENOMEM", "out of memory", NULL);
  cJSON_free(text);
  cJSON_Delete(root);
  cJSON_Delete(all);
}

/* POST /v1/admin/backup {"path": optional}: an online copy of the store. */
void bylawd_api_backup(bylawd_call_t *call) {
  bylawd_t *d = call->d;
  cJSON *body = NULL;
  const char *path = NULL;
  char made[4096];
  if (call->req->entity.len > 0) {
    if ((body = bylawd_body_json(call)) == NULL)
      return;
    cJSON *p = cJSON_GetObjectItemCaseSensitive(body, "path");
    if (p && !(cJSON_IsString(p) && p->valuestring[0])) {
      bylawd_reply_error(call->req, 400, "bad_request",
                         "path must be a non-empty string", "path");
      cJSON_Delete(body);
      return;
    }
    path = p ? p->valuestring : NULL;
  }
  if (path == NULL) {
    char stamp[40];
    bylaw_format_time(bylawd_now(d), 0, stamp, sizeof(stamp));
    /* 2026-03-01T09:00:00+00:00 -> 20260301T090000Z */
    char compact[24];
    snprintf(compact, sizeof(compact), "%.4s%.2s%.2sT%.2s%.2s%.2sZ", stamp,
             stamp + 5, stamp + 8, stamp + 11, stamp + 14, stamp + 17);
    if (mkdir(d->cfg.backup_dir, 0750) != 0 && errno != EEXIST) {
      bylawd_reply_error(call->req, 500, "BYLAW_EIO",
                         "cannot create the backup folder", "backup_dir");
      cJSON_Delete(body);
      return;
    }
    snprintf(made, sizeof(made), "%s/bylaw-%s.db", d->cfg.backup_dir, compact);
    path = made;
  }
  bylaw_error_t err = {0, NULL};
  int rc = bylaw_backup(d->engine, path, &err);
  if (rc != 0) {
    LOG_ERROR("backup to %s failed: %s", path,
              err.message ? err.message : bylaw_strerror(rc));
    bylawd_reply_bylaw_error(call->req, rc, &err, "path");
  } else {
    struct stat st;
    long long bytes = stat(path, &st) == 0 ? (long long)st.st_size : -1;
    LOG_INFO("backup written to %s (%lld bytes)", path, bytes);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "path", path);
    cJSON_AddNumberToObject(root, "bytes", (double)bytes);
    char *text = cJSON_PrintUnformatted(root);
    if (text)
      bylawd_reply(call->req, 200, text, strlen(text));
    cJSON_free(text);
    cJSON_Delete(root);
  }
  bylaw_error_clear(&err);
  cJSON_Delete(body);
}

/* --- the test clock ----------------------------------------------------------- */

/* {"now": ISO, "unix": N} plus, when given, the ticks that ran (taken). */
static void clock_reply(bylawd_call_t *call, cJSON *ticks) {
  char iso[40];
  int64_t now = bylawd_now(call->d);
  bylaw_format_time(now, call->d->cfg.utc_offset, iso, sizeof(iso));
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "now", iso);
  cJSON_AddNumberToObject(root, "unix", (double)now);
  cJSON_AddItemToObject(root, "ticks", ticks ? ticks : cJSON_CreateArray());
  char *text = cJSON_PrintUnformatted(root);
  if (text)
    bylawd_reply(call->req, 200, text, strlen(text));
  else
    bylawd_reply_error(call->req, 503, "BYLAW_ENOMEM", "out of memory", NULL);
  cJSON_free(text);
  cJSON_Delete(root);
}

void bylawd_api_clock_get(bylawd_call_t *call) { clock_reply(call, NULL); }

/* POST /v1/clock {"now": ISO} or {"advance": seconds}: moves the frozen
 * clock forward and runs, before answering, whatever became due, so a test
 * reads the effects with its next request and never waits. */
void bylawd_api_clock_set(bylawd_call_t *call) {
  bylawd_t *d = call->d;
  cJSON *body = bylawd_body_json(call);
  if (body == NULL)
    return;
  int64_t to = d->test_now;
  cJSON *now = cJSON_GetObjectItemCaseSensitive(body, "now");
  cJSON *adv = cJSON_GetObjectItemCaseSensitive(body, "advance");
  if (cJSON_IsString(now)) {
    if (bylaw_parse_time(now->valuestring, d->cfg.utc_offset, &to) != 0) {
      bylawd_reply_error(call->req, 400, "bad_request",
                         "now must be an ISO-8601 time", "now");
      goto done;
    }
  } else if (cJSON_IsNumber(adv) && adv->valuedouble >= 0) {
    to += (int64_t)adv->valuedouble;
  } else {
    bylawd_reply_error(call->req, 400, "bad_request",
                       "give \"now\" (ISO time) or \"advance\" (seconds)",
                       NULL);
    goto done;
  }
  if (to < d->test_now) {
    bylawd_reply_error(call->req, 400, "bad_request",
                       "the clock only moves forward", "now");
    goto done;
  }
  d->test_now = to;
  char *ticks = NULL;
  bylaw_error_t err = {0, NULL};
  int rc = bylaw_scheduler_run(&d->sched, &ticks, &err);
  cJSON *parsed = ticks ? cJSON_Parse(ticks) : NULL;
  if (ticks || rc != 0)
    bylawd_metrics_tick(&d->metrics, parsed);
  if (rc != 0 && ticks == NULL) {
    bylawd_reply_bylaw_error(call->req, rc, &err, NULL);
  } else {
    clock_reply(call, parsed);
  }
  bylaw_free(ticks);
  bylaw_error_clear(&err);
done:
  cJSON_Delete(body);
}
