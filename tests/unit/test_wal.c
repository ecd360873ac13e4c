/* test_wal.c - who checkpoints the write-ahead log: the engine itself, inline
 * after a commit, by default; the caller, on a connection of its own, when
 * it sets bylaw_options_t.wal_hook (bylawd does, off its event loop). */
#include <sqlite3.h>
#include <sys/stat.h>

#include "task.h"

#define EVENTS 1500 /* well past the 1,000 pages of an inline checkpoint */

static const char rules[] =
    "classify \"class\" { clause = \"w1\", { class = \"A\", when = { segment = \"highway\" } },"
    " { class = \"C\" } }\n";

static char rules_dir[512], db[600], wal[620];

static void setup(bylaw_options_t *o) {
  snprintf(rules_dir, sizeof(rules_dir), "%s/rules", test_tmpdir());
  test_pack(rules_dir, "p", rules);
  snprintf(db, sizeof(db), "%s/test.db", test_tmpdir());
  snprintf(wal, sizeof(wal), "%s-wal", db);
  bylaw_options_init(o);
  o->db_path = db;
  o->rules_dir = rules_dir;
  o->sync = BYLAW_SYNC_OFF; /* the WAL is the same without the fsyncs */
}

static long file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

/* Submits events first..last, one transaction each; returns 0 or the code
 * of the first that was not applied. */
static int submit_range(bylaw_engine_t *e, int first, int last) {
  for (int n = first; n <= last; n++) {
    char ev[512];
    snprintf(ev, sizeof(ev),
             "{\"id\":\"e%d\",\"pack\":\"p\",\"type\":\"customer.upsert\","
             "\"at\":\"2026-03-01 09:00\",\"data\":{\"id\":\"c%d\","
             "\"segment\":\"highway\",\"name\":\"%0200d\"}}",
             n, n, n);
    int code;
    char *out = test_submit(e, ev, &code);
    int applied = out && strstr(out, "\"applied\"");
    bylaw_free(out);
    if (!applied) return code ? code : -1;
  }
  return 0;
}

/* What the hook saw. */
static struct {
  int calls;
  int last;      /* pages after the latest commit */
  int decreased; /* a commit found the log shorter than the one before */
  int wrong_data;
} seen;

static void record_pages(void *data, int pages) {
  seen.wrong_data += data != &seen;
  if (pages < seen.last) seen.decreased++;
  seen.last = pages;
  seen.calls++;
}

TEST(the_engine_checkpoints_inline_by_default) {
  bylaw_options_t o;
  setup(&o);
  ASSERT(o.wal_hook == NULL);
  bylaw_engine_t *e;
  ASSERT_INT(bylaw_engine_new(&e, &o, NULL), 0);
  long db_before = file_size(db);
  ASSERT_INT(submit_range(e, 1, EVENTS), 0);
  /* Each time the log reached 1,000 pages it was copied back and cut to
   * nothing: it never holds much more than that. */
  ASSERT(file_size(wal) < 1010L * (4096 + 24));
  ASSERT(file_size(db) > db_before);
  ASSERT_INT(test_count(e, "p", "events"), EVENTS);
  bylaw_engine_free(e);
  return 0;
}

TEST(a_wal_hook_takes_the_checkpoints_over) {
  bylaw_options_t o;
  setup(&o);
  o.wal_hook = record_pages;
  o.wal_hook_data = &seen;
  bylaw_engine_t *e;
  ASSERT_INT(bylaw_engine_new(&e, &o, NULL), 0);
  long db_before = file_size(db);
  ASSERT_INT(submit_range(e, 1, EVENTS), 0);
  /* Called after every commit, with a log that only grew: nothing was
   * checkpointed, however large it got. */
  ASSERT(seen.calls >= EVENTS);
  ASSERT_INT(seen.wrong_data, 0);
  ASSERT_INT(seen.decreased, 0);
  ASSERT(seen.last > 2000);
  ASSERT_INT(file_size(wal), 32 + (long)seen.last * (4096 + 24)); /* header + frames */
  ASSERT_INT(file_size(db), db_before);

  /* The caller's checkpoint, as bylawd runs it: PASSIVE, on its own
   * connection.  It copies every frame, and the engine's next commit
   * starts the log over instead of appending. */
  sqlite3 *own;
  ASSERT(sqlite3_open_v2(db, &own, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
  /* A connection finds the log on its first read; before that a checkpoint
   * does nothing and reports -1 pages. */
  ASSERT(sqlite3_exec(own, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) == SQLITE_OK);
  int log = -1, copied = -1;
  ASSERT_INT(sqlite3_wal_checkpoint_v2(own, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &copied),
             SQLITE_OK);
  ASSERT_INT(log, seen.last);
  ASSERT_INT(copied, log);
  ASSERT(file_size(db) > db_before);
  ASSERT_INT(submit_range(e, EVENTS + 1, EVENTS + 1), 0);
  ASSERT_INT(seen.decreased, 1);
  ASSERT(seen.last < 100);
  sqlite3_close(own);
  ASSERT_INT(test_count(e, "p", "events"), EVENTS + 1);
  bylaw_engine_free(e);
  return 0;
}

const test_case_t test_cases[] = {TEST_ENTRY(the_engine_checkpoints_inline_by_default),
                                  TEST_ENTRY(a_wal_hook_takes_the_checkpoints_over),
                                  {NULL, NULL}};
