/*
 * select.c - reads of the store for rules (read-only queries), the CLI and
 * the daemon.  Only the tables and columns listed here can be read or
 * filtered on; names from callers are checked against this list before they
 * reach SQL text, and values are always bound.  Every read is scoped to one
 * pack by a bound `pack = ?` term that callers cannot remove.
 */
#include <string.h>

#include "core/util.h"
#include "store/store_int.h"

typedef struct {
  const char *name;
  const char *order;           /* default ORDER BY */
  const char *const *columns;  /* readable columns, NULL-terminated */
  const char *const *times;    /* columns holding Unix seconds */
  const char *const *json;     /* columns holding JSON text */
} readable_t;

#define COLS(...) (const char *const[]){__VA_ARGS__, NULL}

static const readable_t readables[] = {
    {"customers", "id",
     COLS("id", "name", "segment", "region", "owner", "status", "class",
          "class_reason", "class_rule", "classified_at", "attrs", "created_at",
          "updated_at"),
     COLS("classified_at", "created_at", "updated_at"), COLS("attrs")},
    {"staff", "id",
     COLS("id", "name", "role", "manager", "department", "region", "status",
          "attrs", "updated_at"),
     COLS("updated_at"), COLS("attrs")},
    {"orders", "at, id",
     COLS("id", "customer", "staff", "amount_fen", "list_price_fen", "at", "attrs"),
     COLS("at"), COLS("attrs")},
    {"payments", "at, id",
     COLS("id", "customer", "staff", "order_id", "amount_fen", "at", "attrs"),
     COLS("at"), COLS("attrs")},
    {"followups", "at, seq",
     COLS("customer", "staff", "kind", "form", "at", "fields", "event"),
     COLS("at"), COLS("fields")},
    {"tasks", "due_at, id",
     COLS("id", "customer", "kind", "tag", "ref", "subject", "owner", "form",
          "due_at", "status", "escalate_to", "escalated_to", "rule", "event",
          "created_at", "done_at", "late"),
     COLS("due_at", "created_at", "done_at"), COLS(NULL)},
    {"approvals", "at, id",
     COLS("id", "subject", "kind", "customer", "requested_by", "amount_fen",
          "chain", "mode", "signed", "before", "status", "decided_by",
          "decided_at", "reason", "rule", "at", "attrs"),
     COLS("decided_at", "at"), COLS("chain", "signed", "attrs")},
    {"complaints", "received_at, id",
     COLS("id", "customer", "kind", "channel", "paid", "major", "text",
          "received_at", "respond_by", "routed_to", "form", "status",
          "responded_at", "attrs"),
     COLS("received_at", "respond_by", "responded_at"), COLS("attrs")},
    {"violations", "at, id", COLS("id", "staff", "kind", "at", "attrs"), COLS("at"),
     COLS("attrs")},
    {"surveys", "at, id",
     COLS("id", "customer", "satisfied", "score", "at", "attrs"), COLS("at"),
     COLS("attrs")},
    {"penalties", "at, id",
     COLS("id", "staff", "kind", "rule", "occurrence", "amount_fen", "sanction",
          "reason", "event", "at"),
     COLS("at"), COLS(NULL)},
    {"actions", "seq",
     COLS("seq", "event", "rule", "clause", "version", "type", "at", "body"),
     COLS("at"), COLS("body")},
    {"events", "seq", COLS("seq", "id", "type", "at", "version", "body"), COLS("at"),
     COLS("body")},
};

static int in_list(const char *const *list, const char *name) {
  for (; *list; list++)
    if (strcmp(*list, name) == 0) return 1;
  return 0;
}

static const readable_t *find_readable(const char *table) {
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(readables); i++)
    if (strcmp(readables[i].name, table) == 0) return &readables[i];
  return NULL;
}

/* Reads are built from a few shapes (table, filter columns, order), so
 * their statements are kept and reused, found again by a hash of their
 * text (the store finalizes them all on close).  Returns SQLITE_OK with
 * *out reset and unbound. */
static int select_prepare(bylaw_store_t *st, const char *text, sqlite3_stmt **out) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (const char *p = text; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  for (int probe = 0; probe < STORE_READ_SLOTS; probe++) {
    unsigned i = (unsigned)((h + (uint64_t)probe) % STORE_READ_SLOTS);
    sqlite3_stmt *s = st->reads[i].stmt;
    if (s == NULL) {
      int rc = sqlite3_prepare_v3(st->db, text, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
      if (rc == SQLITE_OK) st->reads[i].hash = h, st->reads[i].stmt = *out;
      return rc;
    }
    if (st->reads[i].hash == h && strcmp(sqlite3_sql(s), text) == 0) {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
      *out = s;
      return SQLITE_OK;
    }
  }
  /* Every slot taken (reads of very many shapes): this one is kept only
   * until the next such read, when the previous one is done with. */
  sqlite3_finalize(st->overflow_read);
  st->overflow_read = NULL;
  int rc = sqlite3_prepare_v2(st->db, text, -1, out, NULL);
  if (rc == SQLITE_OK) st->overflow_read = *out;
  return rc;
}

static const char *const op_sql[] = {"=", ">=", ">", "<=", "<", "IN"};

/* A short list is matched as IN (?, ?, ...), one parameter a value; a
 * long one as one JSON text through json_each, which costs more per read
 * but keeps the number of distinct statements small. */
#define SELECT_IN_EXPANDED 16

static int in_expanded(const cJSON *list) {
  return cJSON_GetArraySize(list) <= SELECT_IN_EXPANDED;
}

/* Appends " WHERE pack = ?1 AND col op ? ..." to sql, checking names. */
static int append_where(sqlite3_str *sql, const readable_t *t,
                        const bylaw_filter_t *filters, int nfilters, bylaw_error_t *err) {
  sqlite3_str_appendall(sql, " WHERE pack = ?1");
  int p = 2; /* the next parameter */
  for (int i = 0; i < nfilters; i++) {
    const bylaw_filter_t *f = &filters[i];
    if (!in_list(t->columns, f->column))
      return bylaw__error(err, BYLAW_EINVAL, "%s has no column '%s' to filter on",
                          t->name, f->column);
    if ((unsigned)f->op > BYLAW_OP_IN)
      return bylaw__error(err, BYLAW_EINVAL, "bad filter operator");
    if (f->op != BYLAW_OP_IN) {
      sqlite3_str_appendf(sql, " AND \"%w\" %s ?%d", f->column, op_sql[f->op], p++);
    } else if (!in_expanded(f->value)) {
      sqlite3_str_appendf(sql, " AND \"%w\" IN (SELECT value FROM json_each(?%d))", f->column,
                          p++);
    } else {
      sqlite3_str_appendf(sql, " AND \"%w\" IN (", f->column);
      for (int k = 0; k < cJSON_GetArraySize(f->value); k++)
        sqlite3_str_appendf(sql, "%s?%d", k ? ", " : "", p++);
      sqlite3_str_appendall(sql, ")");
    }
  }
  return 0;
}

static void bind_value(sqlite3_stmt *stmt, int idx, const cJSON *v) {
  if (cJSON_IsString(v)) sqlite3_bind_text(stmt, idx, v->valuestring, -1, SQLITE_STATIC);
  else if (cJSON_IsBool(v)) sqlite3_bind_int(stmt, idx, cJSON_IsTrue(v));
  else if (cJSON_IsNumber(v)) sqlite3_bind_int64(stmt, idx, (int64_t)v->valuedouble);
  else sqlite3_bind_null(stmt, idx);
}

/* Binds what append_where asked for, in its order. */
static int bind_filters(sqlite3_stmt *stmt, const char *pack,
                        const bylaw_filter_t *filters, int nfilters) {
  sqlite3_bind_text(stmt, 1, pack, -1, SQLITE_STATIC);
  int p = 2;
  for (int i = 0; i < nfilters; i++) {
    const cJSON *v = filters[i].value;
    if (filters[i].op != BYLAW_OP_IN) {
      bind_value(stmt, p++, v);
    } else if (!in_expanded(v)) {
      char *text = bylaw__json_print(v);
      if (text == NULL) return SQLITE_NOMEM;
      sqlite3_bind_text(stmt, p++, text, -1, bylaw_free);
    } else {
      for (const cJSON *c = v->child; c; c = c->next) bind_value(stmt, p++, c);
    }
  }
  return SQLITE_OK;
}

/* Finishes the built SQL text, gets its statement and binds the pack and
 * the filter values.  Returns an SQLite code; *stmt is set on SQLITE_OK. */
static int select_statement(bylaw_store_t *st, sqlite3_str *sql, const char *pack,
                            const bylaw_filter_t *filters, int nfilters, sqlite3_stmt **stmt) {
  char *text = sqlite3_str_finish(sql);
  int rc = text ? select_prepare(st, text, stmt) : SQLITE_NOMEM;
  sqlite3_free(text);
  if (rc == SQLITE_OK) rc = bind_filters(*stmt, pack, filters, nfilters);
  return rc;
}

/* Fills v with column c of the current row of stmt. */
static void column_value(sqlite3_stmt *stmt, int c, const readable_t *t, bylaw_val_t *v) {
  v->name = t->columns[c]; /* the statement selects them in this order */
  switch (sqlite3_column_type(stmt, c)) {
  case SQLITE_NULL: v->kind = BYLAW_VAL_NULL; break;
  case SQLITE_INTEGER:
    v->i = sqlite3_column_int64(stmt, c);
    v->kind = in_list(t->times, v->name) ? BYLAW_VAL_TIME : BYLAW_VAL_INT;
    break;
  case SQLITE_FLOAT:
    v->d = sqlite3_column_double(stmt, c);
    v->kind = BYLAW_VAL_REAL;
    break;
  default:
    v->text = (const char *)sqlite3_column_text(stmt, c);
    if (v->text == NULL) v->text = "";
    v->kind = in_list(t->json, v->name) ? BYLAW_VAL_JSON : BYLAW_VAL_TEXT;
  }
}

#define SELECT_MAX_COLUMNS 24

int bylaw__store_select_each(bylaw_store_t *st, const char *pack, const char *table,
                             const bylaw_filter_t *filters, int nfilters,
                             const char *order_by, int desc, int limit, int offset,
                             bylaw_row_cb cb, void *ud, bylaw_error_t *err) {
  const readable_t *t = find_readable(table);
  if (t == NULL) return bylaw__error(err, BYLAW_EINVAL, "unknown table '%s'", table);
  if (order_by != NULL && !in_list(t->columns, order_by))
    return bylaw__error(err, BYLAW_EINVAL, "%s has no column '%s' to order by", table,
                        order_by);
  sqlite3_str *sql = sqlite3_str_new(st->db);
  /* The names are this file's own plain words: appended as they are
   * (formatting each one cost more than the read itself). */
  sqlite3_str_appendall(sql, "SELECT ");
  for (int c = 0; t->columns[c]; c++) {
    if (c) sqlite3_str_appendall(sql, ", ");
    sqlite3_str_appendall(sql, t->columns[c]);
  }
  sqlite3_str_appendall(sql, " FROM ");
  sqlite3_str_appendall(sql, t->name);
  int rc = append_where(sql, t, filters, nfilters, err);
  if (rc != 0) {
    sqlite3_free(sqlite3_str_finish(sql));
    return rc;
  }
  sqlite3_str_appendf(sql, " ORDER BY %s%s LIMIT %d OFFSET %d", order_by ? order_by : t->order,
                      desc ? " DESC" : "", limit > 0 ? limit : -1, offset > 0 ? offset : 0);
  sqlite3_stmt *stmt = NULL;
  rc = select_statement(st, sql, pack, filters, nfilters, &stmt);
  int stopped = 0;
  while (!stopped && rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    bylaw_val_t row[SELECT_MAX_COLUMNS];
    int n = sqlite3_column_count(stmt);
    if (n > SELECT_MAX_COLUMNS) n = SELECT_MAX_COLUMNS; /* no table has as many */
    for (int c = 0; c < n; c++) column_value(stmt, c, t, &row[c]);
    stopped = cb(ud, row, n);
    rc = SQLITE_OK;
  }
  /* Kept for the next read of this shape.  Should cb never return (a Lua
   * error unwinding past this frame), the next read resets it. */
  if (stmt) sqlite3_reset(stmt);
  if (stopped) return stopped;
  if (rc != SQLITE_DONE && rc != SQLITE_OK) return bylaw__store_fail(st, rc, "store read failed", err);
  return 0;
}

/* Collects rows into a cJSON array, times as ISO text unless the offset is
 * INT32_MIN. */
typedef struct {
  cJSON *rows;
  int time_offset_s;
} select_json_t;

static cJSON *value_json(const bylaw_val_t *v, int time_offset_s) {
  switch (v->kind) {
  case BYLAW_VAL_NULL: return cJSON_CreateNull();
  case BYLAW_VAL_TIME:
    if (time_offset_s != INT32_MIN) {
      char buf[40];
      bylaw_format_time(v->i, time_offset_s, buf, sizeof(buf));
      return cJSON_CreateString(buf);
    }
    return cJSON_CreateNumber((double)v->i);
  case BYLAW_VAL_INT: return cJSON_CreateNumber((double)v->i);
  case BYLAW_VAL_REAL: return cJSON_CreateNumber(v->d);
  case BYLAW_VAL_JSON: {
    cJSON *parsed = cJSON_Parse(v->text);
    if (parsed) return parsed;
    return cJSON_CreateString(v->text);
  }
  default: return cJSON_CreateString(v->text);
  }
}

static int select_json_row(void *ud, const bylaw_val_t *row, int ncols) {
  select_json_t *s = ud;
  cJSON *obj = cJSON_CreateObject();
  if (obj == NULL || !cJSON_AddItemToArray(s->rows, obj)) {
    cJSON_Delete(obj);
    return BYLAW_ENOMEM;
  }
  for (int c = 0; c < ncols; c++)
    cJSON_AddItemToObjectCS(obj, row[c].name, value_json(&row[c], s->time_offset_s));
  return 0;
}

int bylaw__store_select(bylaw_store_t *st, const char *pack, const char *table,
                        const bylaw_filter_t *filters, int nfilters,
                        const char *order_by, int desc, int limit, int offset,
                        int time_offset_s, cJSON **rows, int64_t *total,
                        bylaw_error_t *err) {
  *rows = NULL;
  select_json_t s = {cJSON_CreateArray(), time_offset_s};
  if (s.rows == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  int rc = bylaw__store_select_each(st, pack, table, filters, nfilters, order_by, desc, limit,
                                    offset, select_json_row, &s, err);
  if (rc == BYLAW_ENOMEM) bylaw__error(err, rc, "out of memory");
  if (rc == 0 && total != NULL)
    rc = bylaw__store_aggregate(st, pack, table, NULL, filters, nfilters, total, err);
  if (rc != 0) {
    cJSON_Delete(s.rows);
    return rc;
  }
  *rows = s.rows;
  return 0;
}

int bylaw__store_aggregate(bylaw_store_t *st, const char *pack, const char *table,
                           const char *sum_column, const bylaw_filter_t *filters,
                           int nfilters, int64_t *out, bylaw_error_t *err) {
  const readable_t *t = find_readable(table);
  if (t == NULL) return bylaw__error(err, BYLAW_EINVAL, "unknown table '%s'", table);
  if (sum_column && !in_list(t->columns, sum_column))
    return bylaw__error(err, BYLAW_EINVAL, "%s has no column '%s' to sum", table,
                        sum_column);
  sqlite3_str *sql = sqlite3_str_new(st->db);
  if (sum_column)
    sqlite3_str_appendf(sql, "SELECT coalesce(sum(\"%w\"), 0) FROM \"%w\"", sum_column,
                        t->name);
  else sqlite3_str_appendf(sql, "SELECT count(*) FROM \"%w\"", t->name);
  int rc = append_where(sql, t, filters, nfilters, err);
  if (rc != 0) {
    sqlite3_free(sqlite3_str_finish(sql));
    return rc;
  }
  sqlite3_stmt *stmt = NULL;
  rc = select_statement(st, sql, pack, filters, nfilters, &stmt);
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    *out = sqlite3_column_int64(stmt, 0);
    rc = SQLITE_OK;
  }
  sqlite3_reset(stmt); /* kept for the next read of this shape */
  if (rc != SQLITE_OK) return bylaw__store_fail(st, rc, "store read failed", err);
  return 0;
}
