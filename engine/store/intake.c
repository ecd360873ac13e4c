/*
 * intake.c - records the facts an event carries before the rules see it: a
 * customer or staff upsert, an order, a payment, a logged follow-up, an
 * approval request, a complaint, a violation, a survey, the clock.  One SQL
 * statement per event type; its named parameters are the event's data
 * fields (see store.c's binder), so the table below is the whole mapping.
 */
#include <string.h>

#include "core/util.h"
#include "store/store_int.h"

static const struct {
  const char *type;
  const char *sql;
  const char *missing; /* when set, the statement must change a row */
} intake_sql[] = {
    {"customer.upsert",
     "INSERT INTO customers(pack, id, name, segment, region, owner, status, attrs,"
     " created_at, updated_at) VALUES(:pack, :id, :name, :segment, :region, :owner,"
     " coalesce(:status, 'active'), coalesce(:attrs, '{}'), :at, :at)"
     " ON CONFLICT(pack, id) DO UPDATE SET name = coalesce(:name, name),"
     " segment = coalesce(:segment, segment), region = coalesce(:region, region),"
     " owner = coalesce(:owner, owner), status = coalesce(:status, status),"
     " attrs = json_patch(attrs, coalesce(:attrs, '{}')), updated_at = :at",
     NULL},
    {"staff.upsert",
     "INSERT INTO staff(pack, id, name, role, manager, department, region, status,"
     " attrs, updated_at) VALUES(:pack, :id, :name, :role, :manager, :department,"
     " :region, coalesce(:status, 'active'), coalesce(:attrs, '{}'), :at)"
     " ON CONFLICT(pack, id) DO UPDATE SET name = coalesce(:name, name),"
     " role = coalesce(:role, role), manager = coalesce(:manager, manager),"
     " department = coalesce(:department, department),"
     " region = coalesce(:region, region), status = coalesce(:status, status),"
     " attrs = json_patch(attrs, coalesce(:attrs, '{}')), updated_at = :at",
     NULL},
    {"order.placed",
     "INSERT INTO orders(pack, id, customer, staff, amount_fen, list_price_fen, at,"
     " attrs) VALUES(:pack, :id, :customer, :staff, :amount_fen, :list_price_fen,"
     " :at, coalesce(:attrs, '{}'))",
     NULL},
    {"payment.received",
     "INSERT INTO payments(pack, id, customer, staff, order_id, amount_fen, at,"
     " attrs) VALUES(:pack, :id, :customer, :staff, :order, :amount_fen, :at,"
     " coalesce(:attrs, '{}'))",
     NULL},
    {"followup.logged",
     "INSERT INTO followups(pack, event, customer, staff, kind, form, at, fields)"
     " VALUES(:pack, :event, :customer, :staff, :kind, :form, :at,"
     " coalesce(:fields, '{}'))",
     NULL},
    {"approval.requested",
     "INSERT INTO approvals(pack, id, subject, kind, customer, requested_by,"
     " amount_fen, at, attrs) VALUES(:pack, :id, :subject, :kind, :customer,"
     " :requested_by, :amount_fen, :at, coalesce(:attrs, '{}'))",
     NULL},
    {"complaint.received",
     "INSERT INTO complaints(pack, id, customer, kind, channel, paid, text,"
     " received_at, attrs) VALUES(:pack, :id, :customer, :kind, :channel, :paid,"
     " :text, :at, coalesce(:attrs, '{}'))",
     NULL},
    {"complaint.responded",
     "UPDATE complaints SET status = 'responded', responded_at = :at"
     " WHERE pack = :pack AND id = :complaint AND status = 'open'",
     "no open complaint with this id"},
    {"violation.reported",
     "INSERT INTO violations(pack, id, staff, kind, at, attrs) VALUES(:pack,"
     " coalesce(:id, :event), :staff, :kind, :at, coalesce(:attrs, '{}'))",
     NULL},
    {"survey.returned",
     "INSERT INTO surveys(pack, id, customer, satisfied, score, at, attrs)"
     " VALUES(:pack, coalesce(:id, :event), :customer, :satisfied, :score, :at,"
     " coalesce(:attrs, '{}'))",
     NULL},
    {"tick",
     "INSERT INTO packs(pack, last_tick) VALUES(:pack, :at) ON CONFLICT(pack)"
     " DO UPDATE SET last_tick = max(coalesce(last_tick, :at), :at)",
     NULL},
};

int bylaw__store_intake(bylaw_store_t *st, const char *pack, const char *event_id,
                        const char *type, int64_t at, const cJSON *data,
                        bylaw_error_t *err) {
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(intake_sql); i++) {
    if (strcmp(intake_sql[i].type, type) != 0) continue;
    bylaw_action_ctx_t ctx = {.pack = pack, .event_id = event_id, .at = at};
    sqlite3_stmt *stmt = bylaw__store_bound(st, intake_sql[i].sql, &ctx, data, err);
    if (stmt == NULL) return err ? err->code : BYLAW_ESTORE;
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
      return bylaw__error(err, BYLAW_EEVENT, "%s: a record with this id already exists", type);
    if (rc != SQLITE_DONE) return bylaw__store_fail(st, rc, "cannot record the event", err);
    if (intake_sql[i].missing && sqlite3_changes(st->db) == 0)
      return bylaw__error(err, BYLAW_EEVENT, "%s: %s", type, intake_sql[i].missing);
    return 0;
  }
  return 0; /* events that only trigger rules (approval.decided) */
}
