/*
 * schema.c - the store's tables and their migrations.  Each migration moves
 * the schema from version N-1 to N inside one transaction; the version lives
 * in PRAGMA user_version so a newer file is recognised before anything is
 * touched.  Every table carries `pack`, the tenant; amounts are integer fen
 * and times integer Unix seconds.
 */
#include <sqlite3.h>

#include "core/util.h"
#include "store/store_int.h"

static const char *const migrations[] = {
    /* 1: the initial schema. */
    "CREATE TABLE packs(pack TEXT PRIMARY KEY, last_tick INTEGER);"

    /* The event inbox: one row per applied event; (pack, id) is unique so a
     * replayed event changes nothing. */
    "CREATE TABLE events(seq INTEGER PRIMARY KEY, pack TEXT NOT NULL,"
    " id TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL,"
    " body TEXT NOT NULL, version TEXT NOT NULL, UNIQUE(pack, id));"

    "CREATE TABLE customers(pack TEXT NOT NULL, id TEXT NOT NULL, name TEXT,"
    " segment TEXT, region TEXT, owner TEXT, status TEXT NOT NULL DEFAULT 'active',"
    " class TEXT, class_reason TEXT, class_rule TEXT, classified_at INTEGER,"
    " attrs TEXT NOT NULL DEFAULT '{}', created_at INTEGER, updated_at INTEGER,"
    " PRIMARY KEY(pack, id));"
    "CREATE INDEX customers_class ON customers(pack, class);"

    "CREATE TABLE staff(pack TEXT NOT NULL, id TEXT NOT NULL, name TEXT,"
    " role TEXT, manager TEXT, department TEXT, region TEXT,"
    " status TEXT NOT NULL DEFAULT 'active', attrs TEXT NOT NULL DEFAULT '{}',"
    " updated_at INTEGER, PRIMARY KEY(pack, id));"
    "CREATE INDEX staff_role ON staff(pack, role, region);"

    "CREATE TABLE orders(pack TEXT NOT NULL, id TEXT NOT NULL, customer TEXT,"
    " staff TEXT, amount_fen INTEGER NOT NULL, list_price_fen INTEGER,"
    " at INTEGER NOT NULL, attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(pack, id));"
    "CREATE INDEX orders_customer ON orders(pack, customer, at);"

    "CREATE TABLE payments(pack TEXT NOT NULL, id TEXT NOT NULL, customer TEXT,"
    " staff TEXT, order_id TEXT, amount_fen INTEGER NOT NULL, at INTEGER NOT NULL,"
    " attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(pack, id));"
    "CREATE INDEX payments_staff ON payments(pack, staff, at);"

    "CREATE TABLE followups(seq INTEGER PRIMARY KEY, pack TEXT NOT NULL,"
    " event TEXT NOT NULL, customer TEXT NOT NULL, staff TEXT, kind TEXT,"
    " form TEXT, at INTEGER NOT NULL, fields TEXT NOT NULL DEFAULT '{}');"
    "CREATE INDEX followups_customer ON followups(pack, customer, at);"

    /* Follow-up tasks; (pack, status, due_at) makes finding due work a
     * range scan, not a table scan. */
    "CREATE TABLE tasks(id INTEGER PRIMARY KEY, pack TEXT NOT NULL,"
    " customer TEXT, kind TEXT NOT NULL, tag TEXT, ref TEXT, subject TEXT,"
    " owner TEXT, form TEXT, due_at INTEGER NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'open', escalate_to TEXT, escalated_to TEXT,"
    " rule TEXT, event TEXT, created_at INTEGER, done_at INTEGER);"
    "CREATE INDEX tasks_due ON tasks(pack, status, due_at);"
    "CREATE INDEX tasks_open_due ON tasks(due_at) WHERE status = 'open';"
    "CREATE INDEX tasks_customer ON tasks(pack, customer, kind, status);"

    "CREATE TABLE approvals(pack TEXT NOT NULL, id TEXT NOT NULL,"
    " subject TEXT NOT NULL, kind TEXT NOT NULL, customer TEXT,"
    " requested_by TEXT, amount_fen INTEGER, chain TEXT NOT NULL DEFAULT '[]',"
    " mode TEXT NOT NULL DEFAULT 'all', signed TEXT NOT NULL DEFAULT '[]',"
    " before INTEGER NOT NULL DEFAULT 1, status TEXT NOT NULL DEFAULT 'pending',"
    " decided_by TEXT, decided_at INTEGER, reason TEXT, rule TEXT,"
    " at INTEGER NOT NULL, attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(pack, id));"
    "CREATE INDEX approvals_status ON approvals(pack, status);"

    "CREATE TABLE complaints(pack TEXT NOT NULL, id TEXT NOT NULL, customer TEXT,"
    " kind TEXT, channel TEXT, paid INTEGER, major INTEGER NOT NULL DEFAULT 0,"
    " text TEXT, received_at INTEGER NOT NULL, respond_by INTEGER, routed_to TEXT,"
    " form TEXT, status TEXT NOT NULL DEFAULT 'open', responded_at INTEGER,"
    " attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(pack, id));"

    "CREATE TABLE violations(pack TEXT NOT NULL, id TEXT NOT NULL,"
    " staff TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL,"
    " attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(pack, id));"
    "CREATE INDEX violations_staff ON violations(pack, staff, kind, at);"

    "CREATE TABLE surveys(pack TEXT NOT NULL, id TEXT NOT NULL, customer TEXT,"
    " satisfied INTEGER, score INTEGER, at INTEGER NOT NULL,"
    " attrs TEXT NOT NULL DEFAULT '{}', PRIMARY KEY(pack, id));"

    /* Penalties and incentives: fines, sanctions, rewards, commissions. */
    "CREATE TABLE penalties(id INTEGER PRIMARY KEY, pack TEXT NOT NULL,"
    " staff TEXT NOT NULL, kind TEXT NOT NULL, rule TEXT, occurrence INTEGER,"
    " amount_fen INTEGER NOT NULL DEFAULT 0, sanction TEXT, reason TEXT,"
    " event TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX penalties_staff ON penalties(pack, staff, at);"

    /* The audit trail: every action with its event, rule and pack version. */
    "CREATE TABLE actions(seq INTEGER PRIMARY KEY, pack TEXT NOT NULL,"
    " event TEXT NOT NULL, rule TEXT, clause TEXT, version TEXT NOT NULL,"
    " type TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);"
    "CREATE INDEX actions_event ON actions(pack, event);",

    /* 2: a task done after its due time says so (late), even when no tick
     * saw it overdue in between; a pack's first tick finds its first event
     * by index instead of reading them all. */
    "ALTER TABLE tasks ADD COLUMN late INTEGER NOT NULL DEFAULT 0;"
    "UPDATE tasks SET late = 1 WHERE done_at IS NOT NULL AND done_at > due_at;"
    "CREATE INDEX events_at ON events(pack, at);",

    /* 3: an event's actions are stored together, as JSON arrays of up to
     * 1,000 in rows keyed by the event's inbox row (seq << 16, plus the
     * row's number), appended without an index; the log is read through
     * the `actions` view, one row per action as before.  Existing logs are
     * moved over in their order, a thousand actions a row. */
    "CREATE TABLE action_log(seq INTEGER PRIMARY KEY, body TEXT NOT NULL);"
    "CREATE TABLE action_moved AS SELECT pack, event, seq, body,"
    " (row_number() OVER (PARTITION BY pack, event ORDER BY seq) - 1) / 1000 AS part"
    " FROM actions;"
    "CREATE INDEX action_moved_part ON action_moved(pack, event, part, seq);"
    "INSERT INTO action_log(seq, body)"
    " SELECT (e.seq << 16) + m.part, (SELECT '[' || group_concat(body, ',') || ']' FROM"
    " (SELECT body FROM action_moved a WHERE a.pack = m.pack AND a.event = m.event"
    " AND a.part = m.part ORDER BY a.seq))"
    " FROM (SELECT DISTINCT pack, event, part FROM action_moved) m"
    " JOIN events e ON e.pack = m.pack AND e.id = m.event;"
    "DROP TABLE action_moved;"
    "DROP TABLE actions;"
    /* Both join terms: the planner may start from the event (by pack and
     * id, or pack and time) or from the log. */
    "CREATE VIEW actions AS SELECT (l.seq << 10) + j.key AS seq, e.pack AS pack,"
    " e.id AS event, json_extract(j.value, '$.rule') AS rule,"
    " json_extract(j.value, '$.clause') AS clause, e.version AS version,"
    " json_extract(j.value, '$.type') AS type, e.at AS at, j.value AS body"
    " FROM events e JOIN action_log l ON l.seq BETWEEN e.seq << 16 AND (e.seq << 16) + 65535"
    " AND e.seq = l.seq >> 16, json_each(l.body) j;",

    /* 4: a customer's tasks of a kind come in due order from the index
     * itself (rowid, the task's id, breaks ties), with no sort; their
     * status is checked on the few rows found, and changing it no longer
     * moves the task in the index.  A customer's payments in a period are
     * found by index instead of reading the pack's. */
    "DROP INDEX tasks_customer;"
    "CREATE INDEX tasks_customer ON tasks(pack, customer, kind, due_at);"
    "CREATE INDEX payments_customer ON payments(pack, customer, at);",

    /* 5: no index of customers by class.  Listings are sorted by id, and
     * the planner reads them in the (pack, id) key's order with the class
     * as a filter, never through this index; but every classify moved the
     * customer in it, two look-ups at random leaves.  Replaying 400,024
     * events of 100,000 customers took a tenth less time without it.
     * Counting a class now reads the pack's customers. */
    "DROP INDEX customers_class;",

    /* 6: no partial index of open tasks by due time alone.  The clock asks
     * for a pack's next due task, which tasks_due (pack, status, due_at)
     * answers just as well; nothing read this one, and every task added,
     * done or overdue was written to it. */
    "DROP INDEX tasks_open_due;",

    /* 7: a customer's surveys by time, for the latest one: a returned
     * survey is a follow-up of kind "survey" (facts.last_followup). */
    "CREATE INDEX surveys_customer ON surveys(pack, customer, at);",
};

/* The version this build writes must be the number of migrations. */
_Static_assert(BYLAW_ARRAY_SIZE(migrations) == BYLAW_SCHEMA_VERSION,
               "BYLAW_SCHEMA_VERSION must match the migrations");

int bylaw__schema_migrate(sqlite3 *db, bylaw_error_t *err) {
  int version = 0;
  int rc = bylaw__store_user_version(db, &version, err);
  if (rc != 0) return rc;
  const int latest = (int)BYLAW_ARRAY_SIZE(migrations);
  if (version > latest)
    return bylaw__error(err, BYLAW_ESCHEMA,
                        "database schema version %d is newer than this "
                        "program's %d: upgrade bylaw to open it",
                        version, latest);
  for (int v = version; v < latest; v++) {
    char *msg = NULL;
    char *sql = sqlite3_mprintf("BEGIN IMMEDIATE; %s PRAGMA user_version=%d; COMMIT;",
                                migrations[v], v + 1);
    if (sql == NULL) return bylaw__error(err, BYLAW_ENOMEM, "out of memory");
    rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) {
      bylaw__error(err, BYLAW_ESTORE, "migration to schema %d failed: %s", v + 1,
                   msg ? msg : sqlite3_errstr(rc));
      sqlite3_free(msg);
      sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
      return BYLAW_ESTORE;
    }
  }
  return 0;
}
