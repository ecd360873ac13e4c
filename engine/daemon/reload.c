/*
 * reload.c - hot reload of rule packs: on request (API, SIGHUP) and when a
 * pack's folder changes on disk.
 *
 * bylaw_reload() does the real work: it loads the pack into a new Lua state,
 * runs its specs on a scratch store, and swaps it in only if all of that
 * passed; on failure the old version keeps serving and the error shows in
 * GET /v1/packs.  Because the daemon runs one event at a time on one loop,
 * the swap always falls between two events.
 *
 * Watching: one uv_fs_event_t on each pack folder and one on its spec/
 * folder (inotify is not recursive), plus one on the rules folder itself so
 * a new pack folder is noticed.  Editors save in bursts (temp file, rename,
 * chmod), so a change only arms a short timer; the reload runs once the
 * folder has been quiet for that long.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "daemon.h"

#define RELOAD_SETTLE_MS 250

int bylawd_reload_pack(bylawd_t *d, const char *pack, const char *why,
                       bylaw_error_t *err) {
  unsigned flags = d->cfg.run_specs ? BYLAW_RELOAD_RUN_SPECS : 0;
  uint64_t t0 = uv_hrtime();
  int rc = bylaw_reload(d->engine, pack, flags, err);
  double ms = (double)(uv_hrtime() - t0) / 1e6;
  if (rc == 0) {
    d->metrics.reloads_ok++;
    LOG_INFO("pack %s reloaded (%s, %.0f ms)", pack, why, ms);
  } else {
    d->metrics.reloads_failed++;
    LOG_ERROR("pack %s reload refused (%s), old version keeps running: %s: %s",
              pack, why, bylaw_err_name(rc),
              err && err->message ? err->message : bylaw_strerror(rc));
  }
  return rc;
}

/* Calls fn for the name of every loaded pack. */
static void reload_each_pack(bylawd_t *d,
                             void (*fn)(bylawd_t *d, const char *pack)) {
  char *packs = NULL;
  if (bylaw_packs_json(d->engine, &packs, NULL) != 0)
    return;
  cJSON *all = cJSON_Parse(packs);
  bylaw_free(packs);
  cJSON *p;
  cJSON_ArrayForEach(p, all) {
    const char *name =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "pack"));
    if (name)
      fn(d, name);
  }
  cJSON_Delete(all);
}

static void reload_one_for_signal(bylawd_t *d, const char *pack) {
  bylaw_error_t err = {0, NULL};
  bylawd_reload_pack(d, pack, "SIGHUP", &err);
  bylaw_error_clear(&err);
}

void bylawd_reload_all(bylawd_t *d, const char *why) {
  (void)why;
  reload_each_pack(d, reload_one_for_signal);
}

/* --- watching ------------------------------------------------------------------ */

static void watch_on_close(uv_handle_t *handle) {
  bylawd_watch_t *w = handle->data;
  if (--w->open_handles == 0)
    free(w);
}

static void watch_on_settled(uv_timer_t *timer) {
  bylawd_watch_t *w = timer->data;
  bylaw_error_t err = {0, NULL};
  bylawd_reload_pack(w->d, w->pack, "files changed", &err);
  bylaw_error_clear(&err);
}

static void watch_on_change(uv_fs_event_t *ev, const char *filename,
                            int events, int status) {
  (void)filename;
  (void)events;
  bylawd_watch_t *w = ev->data;
  if (status != 0 || w->d->stopping)
    return;
  uv_timer_start(&w->debounce, watch_on_settled, RELOAD_SETTLE_MS, 0);
}

static bylawd_watch_t *watch_find(bylawd_t *d, const char *pack) {
  for (bylawd_watch_t *w = d->watches; w; w = w->next)
    if (strcmp(w->pack, pack) == 0)
      return w;
  return NULL;
}

/* Starts watching one pack folder.  Returns 0 or a negative libuv code. */
static int watch_add(bylawd_t *d, const char *pack) {
  char path[4096];
  if (watch_find(d, pack) || strlen(pack) >= sizeof(((bylawd_watch_t *)0)->pack))
    return 0;
  bylawd_watch_t *w = calloc(1, sizeof(*w));
  if (w == NULL)
    return UV_ENOMEM;
  w->d = d;
  snprintf(w->pack, sizeof(w->pack), "%s", pack);
  w->dir.data = w->spec.data = w->debounce.data = w;

  uv_timer_init(&d->loop, &w->debounce);
  w->open_handles = 1;
  uv_fs_event_init(&d->loop, &w->dir);
  w->open_handles++;
  snprintf(path, sizeof(path), "%s/%s", d->cfg.rules, pack);
  int rc = uv_fs_event_start(&w->dir, watch_on_change, path, 0);
  if (rc == 0) {
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s/spec", d->cfg.rules, pack);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      uv_fs_event_init(&d->loop, &w->spec);
      w->open_handles++;
      w->has_spec = 1;
      uv_fs_event_start(&w->spec, watch_on_change, path, 0);
    }
  }
  w->next = d->watches;
  d->watches = w;
  return rc;
}

static void watch_add_pack(bylawd_t *d, const char *pack) {
  int rc = watch_add(d, pack);
  if (rc != 0)
    LOG_WARN("cannot watch pack %s for changes: %s", pack, uv_strerror(rc));
}

/* A new folder in the rules directory: load it as a pack once it settled
 * (the pack watch's timer does that) and watch it from now on. */
static void watch_on_rules_change(uv_fs_event_t *ev, const char *filename,
                                  int events, int status) {
  (void)events;
  bylawd_t *d = ev->data;
  if (status != 0 || filename == NULL || d->stopping || filename[0] == '.')
    return;
  char path[4096];
  struct stat st;
  snprintf(path, sizeof(path), "%s/%s", d->cfg.rules, filename);
  if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
    return;
  bylawd_watch_t *w = watch_find(d, filename);
  if (w == NULL) {
    watch_add_pack(d, filename);
    w = watch_find(d, filename);
  } else {
    /* The folder may have been replaced (rsync, git checkout): a watch on
     * the old inode would never fire again, so watch the path anew. */
    uv_fs_event_stop(&w->dir);
    uv_fs_event_start(&w->dir, watch_on_change, path, 0);
    if (w->has_spec) {
      char spec[sizeof(path) + 8];
      snprintf(spec, sizeof(spec), "%s/spec", path);
      uv_fs_event_stop(&w->spec);
      uv_fs_event_start(&w->spec, watch_on_change, spec, 0);
    }
  }
  if (w)
    uv_timer_start(&w->debounce, watch_on_settled, RELOAD_SETTLE_MS, 0);
}

int bylawd_watch_start(bylawd_t *d) {
  reload_each_pack(d, watch_add_pack);
  int rc = uv_fs_event_init(&d->loop, &d->rules_watch);
  if (rc != 0)
    return rc;
  d->rules_watch.data = d;
  d->rules_watch_open = 1;
  rc = uv_fs_event_start(&d->rules_watch, watch_on_rules_change, d->cfg.rules,
                         0);
  if (rc != 0)
    LOG_WARN("cannot watch %s for new packs: %s", d->cfg.rules,
             uv_strerror(rc));
  return 0;
}

static void watch_on_rules_close(uv_handle_t *handle) {
  bylawd_t *d = handle->data;
  d->rules_watch_open = 0;
}

void bylawd_watch_stop(bylawd_t *d) {
  if (d->rules_watch_open &&
      !uv_is_closing((uv_handle_t *)&d->rules_watch))
    uv_close((uv_handle_t *)&d->rules_watch, watch_on_rules_close);
  bylawd_watch_t *w = d->watches;
  d->watches = NULL;
  while (w) {
    bylawd_watch_t *next = w->next;
    uv_close((uv_handle_t *)&w->debounce, watch_on_close);
    uv_close((uv_handle_t *)&w->dir, watch_on_close);
    if (w->has_spec)
      uv_close((uv_handle_t *)&w->spec, watch_on_close);
    w = next;
  }
}
