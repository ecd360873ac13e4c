/*
 * apply.c - the effects of actions on the store, and the action log.  Each
 * action type is one or more SQL statements whose named parameters are the
 * action's fields (see store.c's binder).  A statement marked with a
 * `missing` message must change a row, otherwise the action referred to
 * something that does not exist or is no longer in the right state, and the
 * whole event is rejected with that message.
 */
#include <string.h>

#include "core/util.h"
#include "store/store_int.h"

typedef struct {
  const char *sql;
  const char *missing;
} apply_step_t;

static const struct {
  const char *type;
  apply_step_t steps[2];
} apply_sql[] = {
    {"classify",
     {{"UPDATE customers SET class = :class, class_reason = :reason,"
       " class_rule = :rule, classified_at = :at WHERE pack = :pack AND id = :customer",
       "no such customer"}}},
    {"set_attr",
     {{"UPDATE customers SET attrs = json_set(attrs, '$.' || :key, :value),"
       " updated_at = :at WHERE pack = :pack AND id = :customer",
       "no such customer"}}},
    {"schedule_followup",
     {{"INSERT INTO tasks(pack, customer, kind, tag, ref, subject, owner, form,"
       " due_at, escalate_to, rule, event, created_at) VALUES(:pack, :customer,"
       " :kind, :tag, :ref, :subject, :owner, :form, :due, :escalate_to, :rule,"
       " :event, :at)",
       NULL}}},
    /* The task's state is checked with OR, not IN (...): SQLite builds a
     * temporary B-tree for an IN list of three or more each time the
     * statement runs (a pager to open, a page to clear). */
    {"complete_followup",
     {{"UPDATE tasks SET status = coalesce(:status, 'done'), done_at = :at,"
       " late = (:at > due_at AND :status IS NULL)"
       " WHERE pack = :pack AND id = :task"
       " AND (status = 'open' OR status = 'overdue' OR status = 'escalated')",
       "no open task with this id"}}},
    {"mark_overdue",
     {{"UPDATE tasks SET status = 'overdue' WHERE pack = :pack AND id = :task"
       " AND status = 'open'",
       "no open task with this id"}}},
    {"escalate",
     {{"UPDATE tasks SET status = 'escalated', escalated_to = :to"
       " WHERE pack = :pack AND id = :task AND status IN ('open', 'overdue')",
       "no open or overdue task with this id"}}},
    {"require_approval",
     /* Several rules may each require signers for one request: chains are
      * merged, first-come order kept. */
     {{"INSERT INTO approvals(pack, id, subject, kind, customer, amount_fen, chain,"
       " mode, before, rule, at, reason) VALUES(:pack, :approval,"
       " coalesce(:subject, :approval), coalesce(:kind, 'approval'), :customer,"
       " :amount_fen, :chain, coalesce(:mode, 'all'), coalesce(:before, 1), :rule,"
       " :at, :reason) ON CONFLICT(pack, id) DO UPDATE SET chain = (SELECT"
       " json_group_array(value) FROM (SELECT value FROM json_each(approvals.chain)"
       " UNION ALL SELECT value FROM json_each(excluded.chain) WHERE value NOT IN"
       " (SELECT value FROM json_each(approvals.chain)))), mode = excluded.mode,"
       " before = excluded.before, rule = excluded.rule,"
       " reason = coalesce(excluded.reason, approvals.reason)"
       " WHERE approvals.status = 'pending'",
       "approval is already decided"}}},
    {"approve",
     {{"UPDATE approvals SET signed = json_insert(signed, '$[#]', :role)"
       " WHERE pack = :pack AND id = :approval AND status = 'pending'"
       " AND :role NOT IN (SELECT value FROM json_each(signed))",
       "approval is not pending or this role has already signed"},
      {"UPDATE approvals SET status = 'approved', decided_by = :by, decided_at = :at"
       " WHERE pack = :pack AND id = :approval AND status = 'pending'"
       " AND (mode = 'any' OR :role = 'auto' OR NOT EXISTS (SELECT 1 FROM"
       " json_each(chain) c WHERE c.value NOT IN (SELECT value FROM json_each(signed))))",
       NULL}}},
    {"reject",
     {{"UPDATE approvals SET status = 'rejected', decided_by = :by, decided_at = :at,"
       " reason = coalesce(:reason, reason) WHERE pack = :pack AND id = :approval"
       " AND status = 'pending'",
       "approval is not pending"}}},
    {"route",
     {{"UPDATE complaints SET routed_to = :to, form = coalesce(:form, form),"
       " paid = coalesce(:paid, paid), major = coalesce(:major, major),"
       " respond_by = coalesce(:respond_by, respond_by)"
       " WHERE pack = :pack AND id = :complaint",
       "no such complaint"}}},
    {"fine",
     {{"INSERT INTO penalties(pack, staff, kind, rule, occurrence, amount_fen, reason,"
       " event, at) VALUES(:pack, :staff, 'fine', :rule, :occurrence, :amount_fen,"
       " :reason, :event, :at)",
       NULL}}},
    {"sanction",
     {{"INSERT INTO penalties(pack, staff, kind, rule, occurrence, amount_fen,"
       " sanction, reason, event, at) VALUES(:pack, :staff, 'sanction', :rule,"
       " :occurrence, coalesce(:amount_fen, 0), :sanction, :reason, :event, :at)",
       NULL}}},
    {"reward",
     {{"INSERT INTO penalties(pack, staff, kind, rule, occurrence, amount_fen, reason,"
       " event, at) VALUES(:pack, :staff, 'reward', :rule, :occurrence, :amount_fen,"
       " :reason, :event, :at)",
       NULL}}},
    {"notify", {{NULL, NULL}}}, /* the action log is the outbox */
};

static int apply_step(bylaw_store_t *st, const apply_step_t *step,
                      const bylaw_action_ctx_t *ctx, const char *type,
                      const cJSON *action, bylaw_error_t *err) {
  sqlite3_stmt *stmt = bylaw__store_bound(st, step->sql, ctx, action, err);
  if (stmt == NULL) return err ? err->code : BYLAW_ESTORE;
  int rc = bylaw__store_exec_stmt(st, stmt, err);
  if (rc == 0 && step->missing && sqlite3_changes(st->db) == 0)
    return bylaw__error(err, BYLAW_EACTION, "%s: %s", type, step->missing);
  return rc;
}

int bylaw__store_apply(bylaw_store_t *st, const bylaw_action_ctx_t *ctx,
                       const char *type, const cJSON *action, int64_t *new_id,
                       bylaw_error_t *err) {
  *new_id = 0;
  size_t i;
  for (i = 0; i < BYLAW_ARRAY_SIZE(apply_sql); i++)
    if (strcmp(apply_sql[i].type, type) == 0) break;
  if (i == BYLAW_ARRAY_SIZE(apply_sql))
    return bylaw__error(err, BYLAW_EACTION, "unknown action type '%s'", type);
  for (int s = 0; s < 2 && apply_sql[i].steps[s].sql; s++) {
    int rc = apply_step(st, &apply_sql[i].steps[s], ctx, type, action, err);
    if (rc != 0) return rc;
  }
  if (apply_sql[i].steps[0].sql && strcmp(type, "schedule_followup") == 0)
    *new_id = sqlite3_last_insert_rowid(st->db);
  return 0;
}

/* The action log keeps an event's actions together: one row per event
 * (per STORE_LOG_CHUNK actions), appended in the order of the inbox, with
 * no index, where a row per action and its index on the event cost an
 * eighth of an event.  A row's key is the event's inbox seq shifted left
 * by STORE_LOG_ROWS_BITS, plus the chunk's number. */
static const char log_sql[] = "INSERT INTO action_log(seq, body) VALUES(?1, ?2)";

/* Writes the chunk being filled, if it holds anything. */
static int log_flush(bylaw_store_t *st, bylaw_error_t *err) {
  if (st->log.n == 0) return 0;
  if (st->log.chunk >= 1 << STORE_LOG_ROWS_BITS)
    return bylaw__error(err, BYLAW_EACTION, "an event may log at most %d actions",
                        STORE_LOG_CHUNK << STORE_LOG_ROWS_BITS);
  bylaw__buf_char(&st->log.text, ']');
  if (st->log.text.failed) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  sqlite3_stmt *stmt = bylaw__store_stmt(st, log_sql, err);
  if (stmt == NULL) return err ? err->code : BYLAW_ESTORE;
  sqlite3_bind_int64(stmt, 1, (st->log.seq << STORE_LOG_ROWS_BITS) + st->log.chunk);
  sqlite3_bind_text(stmt, 2, st->log.text.p, (int)st->log.text.len, SQLITE_STATIC);
  int rc = bylaw__store_exec_stmt(st, stmt, err);
  st->log.chunk++;
  st->log.n = 0;
  st->log.text.len = 0;
  return rc;
}

void bylaw__store_log_open(bylaw_store_t *st, int64_t seq) {
  st->log.seq = seq;
  st->log.chunk = st->log.n = 0;
  st->log.text.len = 0;
  st->log.text.failed = 0;
}

int bylaw__store_log_action(bylaw_store_t *st, const char *body, bylaw_error_t *err) {
  if (st->log.seq == 0) return 0;
  bylaw__buf_char(&st->log.text, st->log.n++ ? ',' : '[');
  bylaw__buf_put(&st->log.text, body, strlen(body));
  if (st->log.text.failed) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
  return st->log.n == STORE_LOG_CHUNK ? log_flush(st, err) : 0;
}

int bylaw__store_log_close(bylaw_store_t *st, int keep, bylaw_error_t *err) {
  int rc = keep && st->log.seq ? log_flush(st, err) : 0;
  bylaw__store_log_open(st, 0);
  return rc;
}
