/*
 * engine.c - the public engine object: options, opening the store and
 * loading every pack, submitting events, reloading packs, and reads of the
 * store for callers.  The clock is in clock.c.
 */
#include <lauxlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/util.h"

#define ENGINE_DEFAULT_MEM (64u << 20)
#define ENGINE_DEFAULT_BUDGET 10000000u
#define ENGINE_MAX_ROWS 1000

void bylaw_options_init(bylaw_options_t *opts) {
  memset(opts, 0, sizeof(*opts));
  opts->db_path = "var/bylaw.db";
  opts->rules_dir = "rules";
  opts->mem_limit = ENGINE_DEFAULT_MEM;
  opts->instr_budget = ENGINE_DEFAULT_BUDGET;
  opts->sync = BYLAW_SYNC_FULL;
  opts->busy_timeout_ms = 5000;
}

bylaw_pack_t *bylaw__engine_pack(bylaw_engine_t *engine, const char *name) {
  for (int i = 0; name && i < engine->npacks; i++)
    if (strcmp(engine->packs[i]->name, name) == 0) return engine->packs[i];
  return NULL;
}

static int engine_load_packs(bylaw_engine_t *engine, bylaw_error_t *err) {
  char **names;
  int n;
  int rc = bylaw__pack_list(engine->opts.rules_dir, &names, &n, err);
  if (rc != 0) return rc;
  engine->packs = bylaw__calloc((size_t)n + 1, sizeof(*engine->packs));
  engine->last_errors = bylaw__calloc((size_t)n + 1, sizeof(*engine->last_errors));
  if (engine->packs == NULL || engine->last_errors == NULL)
    rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  for (int i = 0; rc == 0 && i < n; i++) {
    if (engine->opts.only_pack && strcmp(engine->opts.only_pack, names[i]) != 0) continue;
    rc = bylaw__pack_load(engine, names[i], &engine->packs[engine->npacks], err);
    if (rc == 0) engine->npacks++;
  }
  if (rc == 0 && engine->opts.only_pack && engine->npacks == 0)
    rc = bylaw__error(err, BYLAW_ENOPACK, "no pack '%s' in %s", engine->opts.only_pack,
                      engine->opts.rules_dir);
  bylaw__strv_free(names, n);
  return rc;
}

int bylaw_engine_new(bylaw_engine_t **out, const bylaw_options_t *opts, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  int rc;
  if (out == NULL || opts == NULL || opts->db_path == NULL || opts->rules_dir == NULL) {
    rc = bylaw__error(err, BYLAW_EINVAL, "options need db_path and rules_dir");
    goto done;
  }
  *out = NULL;
  bylaw_engine_t *engine = bylaw__calloc(1, sizeof(*engine));
  if (engine == NULL) {
    rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
    goto done;
  }
  engine->opts = *opts;
  engine->opts.db_path = bylaw__strdup(opts->db_path);
  engine->opts.rules_dir = bylaw__strdup(opts->rules_dir);
  engine->opts.only_pack = opts->only_pack ? bylaw__strdup(opts->only_pack) : NULL;
  if (!engine->opts.mem_limit) engine->opts.mem_limit = ENGINE_DEFAULT_MEM;
  if (!engine->opts.instr_budget) engine->opts.instr_budget = ENGINE_DEFAULT_BUDGET;
  if (!engine->opts.db_path || !engine->opts.rules_dir ||
      (opts->only_pack && !engine->opts.only_pack))
    rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  else
    rc = bylaw__store_open(&engine->store, opts->db_path, opts->sync, opts->busy_timeout_ms, err);
  if (rc == 0 && opts->wal_hook)
    bylaw__store_wal_hook(engine->store, opts->wal_hook, opts->wal_hook_data);
  if (rc == 0) rc = engine_load_packs(engine, err);
  if (rc != 0) bylaw_engine_free(engine);
  else *out = engine;
done:
  ENGINE_ERR_DONE(local);
  return rc;
}

void bylaw_engine_free(bylaw_engine_t *engine) {
  if (engine == NULL) return;
  for (int i = 0; i < engine->npacks; i++) {
    bylaw__pack_free(engine->packs[i]);
    bylaw_free(engine->last_errors[i]);
  }
  bylaw_free(engine->packs);
  bylaw_free(engine->last_errors);
  bylaw__store_close(engine->store);
  bylaw_free((char *)engine->opts.db_path);
  bylaw_free((char *)engine->opts.rules_dir);
  bylaw_free((char *)engine->opts.only_pack);
  bylaw_free(engine->param_overrides);
  bylaw_free(engine->scratch);
  bylaw_free(engine);
}


/* The result of an event that could not even be read. */
static cJSON *engine_unreadable(int code, const char *message) {
  cJSON *res = cJSON_CreateObject();
  cJSON_AddNullToObject(res, "event");
  cJSON_AddNullToObject(res, "pack");
  cJSON_AddStringToObject(res, "status", "rejected");
  cJSON_AddArrayToObject(res, "actions");
  cJSON *e = cJSON_AddObjectToObject(res, "error");
  cJSON_AddStringToObject(e, "code", bylaw_err_name(code));
  cJSON_AddStringToObject(e, "message", message ? message : bylaw_strerror(code));
  cJSON_AddNullToObject(e, "field");
  return res;
}

/* Parses event text into *root, or returns the rejection with err set. */
static int engine_parse(const char *json, size_t len, cJSON **root, bylaw_error_t *err) {
  const char *end = NULL;
  *root = NULL;
  if (json == NULL || !bylaw__utf8_valid(json, len) || memchr(json, '\0', len) != NULL)
    return bylaw__error(err, BYLAW_EEVENT, "the event is not valid UTF-8 text");
  /* Backslashes only occur inside strings, so this finds every escape: a
   * \u0000 would cut the C string cJSON hands back (an id "x\u0000y" would
   * become "x"). */
  for (size_t i = 0; i + 1 < len; i++) {
    if (json[i] != '\\') continue;
    if (json[i + 1] == 'u' && i + 5 < len && memcmp(json + i + 2, "0000", 4) == 0)
      return bylaw__error(err, BYLAW_EEVENT, "the event holds a NUL character (\\u0000)");
    i++; /* skip the escaped character */
  }
  if ((*root = cJSON_ParseWithLengthOpts(json, len, &end, 0)) == NULL)
    return bylaw__error(err, BYLAW_EEVENT, "the event is not valid JSON (at byte %ld)",
                        (long)(end ? end - json : 0));
  /* Only white space may follow the event: "{...} junk" is not JSON. */
  while (end < json + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
    end++;
  if (end < json + len) {
    cJSON_Delete(*root);
    *root = NULL;
    return bylaw__error(err, BYLAW_EEVENT, "the event is not valid JSON (text after it at byte %ld)",
                        (long)(end - json));
  }
  return 0;
}

/* Parses and processes event text; explain selects the dry run.  Always
 * returns a result object (for rejected events too). */
static int engine_run(bylaw_engine_t *engine, const char *json, size_t len, int explain,
                      char **result, bylaw_error_t *err) {
  cJSON *res = NULL, *notes = NULL, *root;
  int rc = engine_parse(json, len, &root, err);
  if (rc == 0)
    rc = bylaw__process_texts(engine, &root, &json, &len, 1, &res, explain ? &notes : NULL, err);
  if (res == NULL) res = engine_unreadable(rc, err->message);
  if (explain) cJSON_AddItemToObject(res, "rules", notes ? notes : cJSON_CreateArray());
  *result = bylaw__print(engine, res);
  cJSON_Delete(res);
  if (*result == NULL) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  return rc;
}

int bylaw_submit_batch(bylaw_engine_t *engine, const char *const *events, const size_t *lens,
                       size_t n, char **results, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  int rc = 0;
  cJSON **roots = NULL, **outs = NULL;
  const char **texts = NULL;
  size_t *slot = NULL, *text_lens = NULL, nroots = 0;
  if (engine == NULL || (n > 0 && (events == NULL || lens == NULL || results == NULL))) {
    rc = bylaw__error(err, BYLAW_EINVAL, "engine, events, lens and results are required");
    goto done;
  }
  roots = bylaw__calloc(n, sizeof(*roots));
  outs = bylaw__calloc(n, sizeof(*outs));
  slot = bylaw__calloc(n, sizeof(*slot));
  texts = bylaw__calloc(n, sizeof(*texts));
  text_lens = bylaw__calloc(n, sizeof(*text_lens));
  if (roots == NULL || outs == NULL || slot == NULL || texts == NULL || text_lens == NULL) {
    rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
    goto done;
  }
  cJSON **unreadable = outs; /* reuse: results of unreadable events, by index */
  for (size_t i = 0; i < n; i++) {
    bylaw_error_t e = {0};
    results[i] = NULL;
    if (engine_parse(events[i], lens[i], &roots[nroots], &e) != 0) {
      unreadable[i] = engine_unreadable(e.code, e.message);
    } else {
      texts[nroots] = events[i];
      text_lens[nroots] = lens[i];
      slot[nroots++] = i;
    }
    bylaw_error_clear(&e);
  }
  cJSON **processed = bylaw__calloc(nroots ? nroots : 1, sizeof(*processed));
  if (processed == NULL) {
    for (size_t i = 0; i < nroots; i++) cJSON_Delete(roots[i]);
    rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  } else if (nroots > 0) {
    rc = bylaw__process_texts(engine, roots, texts, text_lens, nroots, processed, NULL, err);
    if (nroots == 1 && rc != BYLAW_EIO && rc != BYLAW_EBUSY && rc != BYLAW_ESTORE)
      rc = 0; /* one event's own rejection is in its result */
  }
  for (size_t i = 0; processed && i < nroots; i++) outs[slot[i]] = processed[i];
  bylaw_free(processed);
  for (size_t i = 0; i < n; i++) {
    results[i] = outs[i] ? bylaw__print(engine, outs[i]) : NULL;
    cJSON_Delete(outs[i]);
    if (results[i] == NULL && rc == 0) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  }
done:
  bylaw_free(roots);
  bylaw_free(outs);
  bylaw_free(slot);
  bylaw_free(texts);
  bylaw_free(text_lens);
  ENGINE_ERR_DONE(local);
  return rc;
}

/* The checks and error handling bylaw_submit and bylaw_explain share. */
static int engine_entry(bylaw_engine_t *engine, const char *json, size_t len, int explain,
                        char **result, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  int rc;
  if (result) *result = NULL;
  if (engine == NULL || json == NULL || result == NULL)
    rc = bylaw__error(err, BYLAW_EINVAL, "engine, json and result are required");
  else rc = engine_run(engine, json, len, explain, result, err);
  ENGINE_ERR_DONE(local);
  return rc;
}

int bylaw_submit(bylaw_engine_t *engine, const char *json, size_t len, char **result,
                 bylaw_error_t *err) {
  return engine_entry(engine, json, len, 0, result, err);
}

int bylaw_explain(bylaw_engine_t *engine, const char *json, size_t len, char **result,
                  bylaw_error_t *err) {
  return engine_entry(engine, json, len, 1, result, err);
}

/* Loads pack name into a new state and, with BYLAW_RELOAD_RUN_SPECS, runs
 * its specs on a scratch store; *out is set only when all of that passed. */
static int engine_load_checked(bylaw_engine_t *engine, const char *name, unsigned flags,
                               bylaw_pack_t **out, bylaw_error_t *err) {
  int rc = bylaw__pack_load(engine, name, out, err);
  if (rc == 0 && (flags & BYLAW_RELOAD_RUN_SPECS)) {
    int passed, failed;
    rc = bylaw_run_specs(engine->opts.rules_dir, name, NULL, NULL, &passed, &failed, NULL, err);
    if (rc == BYLAW_ESPEC)
      bylaw__error(err, rc, "pack %s: %d of %d specs failed", name, failed, passed + failed);
    if (rc != 0) {
      bylaw__pack_free(*out);
      *out = NULL;
    }
  }
  return rc;
}

/* Loads a pack folder that appeared after the engine opened (a new company
 * going live without a restart), checking its specs when asked. */
static int engine_add_pack(bylaw_engine_t *engine, const char *name, unsigned flags,
                           bylaw_error_t *err) {
  char **names;
  int n, known = 0;
  int rc = bylaw__pack_list(engine->opts.rules_dir, &names, &n, err);
  for (int i = 0; rc == 0 && i < n; i++) known |= strcmp(names[i], name) == 0;
  bylaw__strv_free(names, n);
  if (rc != 0) return rc;
  if (!known) return bylaw__error(err, BYLAW_ENOPACK, "unknown pack '%s'", name);
  bylaw_pack_t **packs = bylaw__realloc(engine->packs, (size_t)(engine->npacks + 1) * sizeof(*packs));
  if (packs == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  engine->packs = packs;
  char **errors = bylaw__realloc(engine->last_errors,
                                 (size_t)(engine->npacks + 1) * sizeof(*errors));
  if (errors == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  engine->last_errors = errors;
  bylaw_pack_t *fresh;
  rc = engine_load_checked(engine, name, flags, &fresh, err);
  if (rc != 0) return rc;
  engine->packs[engine->npacks] = fresh;
  engine->last_errors[engine->npacks] = NULL;
  engine->npacks++;
  return 0;
}

int bylaw_reload(bylaw_engine_t *engine, const char *pack, unsigned flags, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  int rc = 0;
  for (int i = 0; engine && i < engine->npacks; i++) {
    bylaw_pack_t *old = engine->packs[i];
    if (pack && strcmp(pack, old->name) != 0) continue;
    bylaw_pack_t *fresh;
    int r = engine_load_checked(engine, old->name, flags, &fresh, err);
    bylaw_free(engine->last_errors[i]);
    engine->last_errors[i] = r != 0 ? bylaw__strdup(err->message) : NULL;
    if (r == 0) {
      /* Between events: nothing runs on the old state any more. */
      engine->packs[i] = fresh;
      bylaw__pack_free(old);
    } else if (rc == 0) {
      rc = r;
    }
  }
  if (engine && pack && bylaw__engine_pack(engine, pack) == NULL)
    rc = engine_add_pack(engine, pack, flags, err);
  ENGINE_ERR_DONE(local);
  return rc;
}

int bylaw_packs_json(bylaw_engine_t *engine, char **out, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  cJSON *arr = cJSON_CreateArray();
  for (int i = 0; engine && i < engine->npacks; i++) {
    bylaw_pack_t *p = engine->packs[i];
    char at[40];
    bylaw_format_time(p->loaded_at, p->offset_s, at, sizeof(at));
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "pack", p->name);
    cJSON_AddStringToObject(o, "title", p->title ? p->title : p->name);
    cJSON_AddStringToObject(o, "version", p->version);
    cJSON_AddStringToObject(o, "loaded_at", at);
    cJSON_AddNumberToObject(o, "rules", p->rule_count);
    if (engine->last_errors[i]) cJSON_AddStringToObject(o, "last_error", engine->last_errors[i]);
    else cJSON_AddNullToObject(o, "last_error");
    cJSON_AddItemToArray(arr, o);
  }
  *out = bylaw__print(engine, arr);
  cJSON_Delete(arr);
  int rc = *out ? 0 : bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  ENGINE_ERR_DONE(local);
  return rc;
}

int bylaw_query(bylaw_engine_t *engine, const bylaw_query_t *q, char **out, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  int rc;
  bylaw_filter_t filters[16];
  cJSON *values = cJSON_CreateArray();
  int n = 0;
  cJSON *rows = NULL;
  int64_t total = 0;
  if (out) *out = NULL;
  bylaw_pack_t *pack = engine && q ? bylaw__engine_pack(engine, q->pack) : NULL;
  if (out == NULL || q == NULL || q->table == NULL) {
    rc = bylaw__error(err, BYLAW_EINVAL, "query needs a pack and a table");
    goto done;
  }
  if (pack == NULL) {
    rc = bylaw__error(err, BYLAW_ENOPACK, "unknown pack '%s'", q->pack ? q->pack : "");
    goto done;
  }
  if (q->id) {
    cJSON *v = cJSON_CreateString(q->id);
    cJSON_AddItemToArray(values, v);
    filters[n++] = (bylaw_filter_t){strcmp(q->table, "actions") == 0 ? "event" : "id",
                                    BYLAW_OP_EQ, v};
  }
  for (const char *const *f = q->filters; f && f[0] && f[1]; f += 2) {
    if (n == (int)BYLAW_ARRAY_SIZE(filters)) {
      rc = bylaw__error(err, BYLAW_EINVAL, "too many filters");
      goto done;
    }
    cJSON *v = cJSON_CreateString(f[1]);
    cJSON_AddItemToArray(values, v);
    filters[n++] = (bylaw_filter_t){f[0], BYLAW_OP_EQ, v};
  }
  int limit = q->limit > 0 ? (q->limit < ENGINE_MAX_ROWS ? q->limit : ENGINE_MAX_ROWS) : 100;
  rc = bylaw__store_select(engine->store, pack->name, q->table, filters, n, NULL, 0, limit,
                           q->offset, pack->offset_s, &rows, &total, err);
  if (rc != 0) goto done;
  cJSON *doc;
  if (q->id && strcmp(q->table, "actions") != 0) {
    doc = cJSON_DetachItemFromArray(rows, 0);
    if (doc == NULL) {
      rc = bylaw__error(err, BYLAW_ENOTFOUND, "no %s '%s' in pack %s", q->table, q->id, pack->name);
      goto done;
    }
  } else {
    doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "rows", rows);
    cJSON_AddNumberToObject(doc, "total", (double)total);
    rows = NULL;
  }
  *out = bylaw__print(engine, doc);
  cJSON_Delete(doc);
  if (*out == NULL) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
done:
  cJSON_Delete(rows);
  cJSON_Delete(values);
  ENGINE_ERR_DONE(local);
  return rc;
}

int bylaw_lint(bylaw_engine_t *engine, const char *pack, char **out, bylaw_error_t *err) {
  ENGINE_ERR(err, local);
  int rc = 0;
  cJSON *warnings = cJSON_CreateArray();
  if (engine == NULL || out == NULL) rc = bylaw__error(err, BYLAW_EINVAL, "engine and out are required");
  for (int i = 0; rc == 0 && i < engine->npacks; i++)
    if (pack == NULL || strcmp(pack, engine->packs[i]->name) == 0)
      rc = bylaw__pack_lint(engine->packs[i], warnings, err);
  if (rc == 0) {
    *out = bylaw__print(engine, warnings);
    if (*out == NULL) rc = bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  }
  cJSON_Delete(warnings);
  ENGINE_ERR_DONE(local);
  return rc;
}

int bylaw_backup(bylaw_engine_t *engine, const char *path, bylaw_error_t *err) {
  if (engine == NULL || path == NULL)
    return bylaw__error(err, BYLAW_EINVAL, "engine and path are required");
  return bylaw__store_backup(engine->store, path, err);
}
