/*
 * stmt.c - the prepared-statement cache and the named-parameter binder.
 *
 * Every SQL text the store runs is a static string, so statements are
 * cached by the string's address and prepared once.  With a statement the
 * cache keeps its binding plan: what each named parameter (":pack",
 * ":customer") is filled from, worked out at prepare time, so binding an
 * action's fields costs no parameter-name comparisons per event.
 */
#include <string.h>

#include "core/util.h"
#include "store/store_int.h"

/* Where a named parameter's value comes from. */
enum {
  PARAM_POSITIONAL, /* "?1": the caller binds it */
  PARAM_PACK,
  PARAM_EVENT,
  PARAM_RULE,
  PARAM_CLAUSE,
  PARAM_VERSION,
  PARAM_AT,
  PARAM_FIELD /* the object's member of the same name */
};

struct bylaw_store_param_s {
  int kind;
  const char *name; /* without ':'; owned by the statement */
};

static int param_kind(const char *name) {
  static const struct {
    const char *name;
    int kind;
  } ctx_params[] = {{"pack", PARAM_PACK},       {"event", PARAM_EVENT},
                    {"rule", PARAM_RULE},       {"clause", PARAM_CLAUSE},
                    {"version", PARAM_VERSION}, {"at", PARAM_AT}};
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(ctx_params); i++)
    if (strcmp(name, ctx_params[i].name) == 0) return ctx_params[i].kind;
  return PARAM_FIELD;
}

/* Works out the binding plan of a freshly prepared statement. */
static bylaw_store_param_t *stmt_plan(sqlite3_stmt *stmt, int *n) {
  *n = sqlite3_bind_parameter_count(stmt);
  bylaw_store_param_t *plan = bylaw__calloc((size_t)*n, sizeof(*plan));
  for (int i = 0; plan && i < *n; i++) {
    const char *name = sqlite3_bind_parameter_name(stmt, i + 1);
    if (name == NULL || name[0] != ':') continue; /* positional */
    plan[i].name = name + 1;
    plan[i].kind = param_kind(plan[i].name);
  }
  return plan;
}

/* The cache slot of sql, preparing the statement on first use. */
static int stmt_slot(bylaw_store_t *st, const char *sql, bylaw_error_t *err) {
  uintptr_t h = (uintptr_t)sql;
  unsigned slot = (unsigned)((h >> 4) ^ (h >> 12)) % STORE_STMT_SLOTS;
  for (int probe = 0; probe < STORE_STMT_SLOTS; probe++) {
    unsigned i = (slot + probe) % STORE_STMT_SLOTS;
    if (st->cache[i].sql == sql) {
      sqlite3_reset(st->cache[i].stmt);
      sqlite3_clear_bindings(st->cache[i].stmt);
      return (int)i;
    }
    if (st->cache[i].sql == NULL) {
      sqlite3_stmt *stmt;
      int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
      if (rc != SQLITE_OK) {
        bylaw__store_fail(st, rc, "cannot prepare statement", err);
        return -1;
      }
      int n;
      bylaw_store_param_t *plan = stmt_plan(stmt, &n);
      if (plan == NULL) {
        sqlite3_finalize(stmt);
        bylaw__error(err, BYLAW_ENOMEM, "out of memory");
        return -1;
      }
      st->cache[i].sql = sql;
      st->cache[i].stmt = stmt;
      st->cache[i].plan = plan;
      st->cache[i].nparams = n;
      return (int)i;
    }
  }
  /* The cache holds every static statement of the store; running out means
   * a new one was added without growing STORE_STMT_SLOTS. */
  bylaw__error(err, BYLAW_ESTORE, "statement cache full");
  return -1;
}

sqlite3_stmt *bylaw__store_stmt(bylaw_store_t *st, const char *sql, bylaw_error_t *err) {
  int i = stmt_slot(st, sql, err);
  return i < 0 ? NULL : st->cache[i].stmt;
}

void bylaw__store_stmt_clear(bylaw_store_t *st) {
  for (int i = 0; i < STORE_STMT_SLOTS; i++) {
    if (st->cache[i].sql == NULL) continue;
    sqlite3_finalize(st->cache[i].stmt);
    bylaw_free(st->cache[i].plan);
    st->cache[i].sql = NULL;
  }
}

static int bind_json(sqlite3_stmt *stmt, int i, const cJSON *v) {
  if (v == NULL || cJSON_IsNull(v)) return sqlite3_bind_null(stmt, i);
  if (cJSON_IsString(v)) return sqlite3_bind_text(stmt, i, v->valuestring, -1, SQLITE_STATIC);
  if (cJSON_IsBool(v)) return sqlite3_bind_int(stmt, i, cJSON_IsTrue(v));
  if (cJSON_IsNumber(v)) {
    double d = v->valuedouble;
    if (d == (double)(int64_t)d) return sqlite3_bind_int64(stmt, i, (int64_t)d);
    return sqlite3_bind_double(stmt, i, d);
  }
  char *text = bylaw__json_print(v);
  if (text == NULL) return SQLITE_NOMEM;
  return sqlite3_bind_text(stmt, i, text, -1, bylaw_free);
}

static int bind_param(sqlite3_stmt *stmt, int i, const bylaw_store_param_t *p,
                      const bylaw_action_ctx_t *ctx, const cJSON *obj) {
  const char *text;
  switch (p->kind) {
  case PARAM_POSITIONAL: return SQLITE_OK;
  case PARAM_PACK: text = ctx->pack; break;
  case PARAM_EVENT: text = ctx->event_id; break;
  case PARAM_RULE: text = ctx->rule; break;
  case PARAM_CLAUSE: text = ctx->clause; break;
  case PARAM_VERSION: text = ctx->version; break;
  case PARAM_AT: return sqlite3_bind_int64(stmt, i, ctx->at);
  default: return bind_json(stmt, i, obj ? bylaw__json_member(obj, p->name) : NULL);
  }
  return text ? sqlite3_bind_text(stmt, i, text, -1, SQLITE_STATIC) : SQLITE_OK;
}

sqlite3_stmt *bylaw__store_bound(bylaw_store_t *st, const char *sql,
                                 const bylaw_action_ctx_t *ctx, const cJSON *obj,
                                 bylaw_error_t *err) {
  int slot = stmt_slot(st, sql, err);
  if (slot < 0) return NULL;
  sqlite3_stmt *stmt = st->cache[slot].stmt;
  const bylaw_store_param_t *plan = st->cache[slot].plan;
  for (int i = 0; i < st->cache[slot].nparams; i++) {
    int rc = bind_param(stmt, i + 1, &plan[i], ctx, obj);
    if (rc != SQLITE_OK) {
      bylaw__error(err, rc == SQLITE_NOMEM ? BYLAW_ENOMEM : BYLAW_ESTORE, "cannot bind :%s: %s",
                   plan[i].name, sqlite3_errstr(rc));
      return NULL;
    }
  }
  return stmt;
}

int bylaw__store_exec_stmt(bylaw_store_t *st, sqlite3_stmt *stmt, bylaw_error_t *err) {
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return bylaw__store_fail(st, rc, "store write failed", err);
  return 0;
}
