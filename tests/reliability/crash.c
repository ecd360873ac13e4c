/*
 * crash.c - the crash-consistency driver: pushes thousands of events into a
 * real bylawd across several packs (batches, single events, clock moves,
 * abandoned requests retried with the same ids), kills the daemon with
 * SIGKILL at random points, restarts it and resends everything it did not
 * acknowledge, like a client that saw the connection drop.
 *
 * The expected store is computed first, in process, by libbylaw on the same
 * rules and the same sequence of events and clock moves (a run that never
 * crashed).  After every kill, while the daemon is dead, the store file is
 * opened with SQLite and checked: every acknowledged event is present, every
 * event present has exactly the actions the control run gave it (nothing
 * half-applied, nothing doubled), no action lacks its event.  At the end the
 * whole store (events, actions, tasks with their escalations, penalties,
 * customers) must equal the control store, and an id reused with a
 * different body must be refused with 409 BYLAW_ECONFLICT.
 *
 * Usage: crash BYLAWD PACK_DIR [--events N] [--kills K] [--seed S]
 *                              [--work DIR] [--keep]
 * Prints one summary line of figures; exits non-zero on any violation.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sqlite3.h>

#include "bylaw.h"

#define NPACKS 3
#define OFFSET_S (8 * 3600)
#define CLOCK_STEP_S (6 * 86400)

static const char *const pack_names[NPACKS] = {"north", "south", "west"};
static const char *const segments[] = {"highway", "secondary_road", "large_industrial",
                                       "retail"};

/* --- small helpers -------------------------------------------------------- */

static int failures;

static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "FAIL: ");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  failures++;
}

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "crash: ");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

static uint64_t rng_state;
static uint32_t rnd(void) { /* xorshift64*: reproducible from --seed */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}
static int rnd_below(int n) { return n > 0 ? (int)(rnd() % (uint32_t)n) : 0; }

static char *xstrdup(const char *s) {
  char *p = strdup(s);
  if (p == NULL) die("out of memory");
  return p;
}

/* --- the plan: a fixed sequence of requests ------------------------------- */

typedef enum { STEP_BATCH, STEP_SINGLE, STEP_CLOCK } step_kind_t;

typedef struct {
  step_kind_t kind;
  int first, count;   /* events [first, first+count) of the event list */
  int64_t clock;      /* STEP_CLOCK: the time to move to */
  int64_t clock_before; /* the clock when this step starts */
  char *body;         /* the HTTP request body */
} step_t;

typedef struct {
  char *json; /* the event, as sent */
  char pack[16];
  char id[32];
} event_t;

static event_t *events;
static int nevents;
static step_t *steps;
static int nsteps;

static void add_step(step_t s) {
  static int cap;
  if (nsteps == cap) {
    cap = cap ? cap * 2 : 256;
    steps = realloc(steps, (size_t)cap * sizeof(*steps));
    if (steps == NULL) die("out of memory");
  }
  steps[nsteps++] = s;
}

static void make_event(int i, int64_t now) {
  event_t *e = &events[i];
  int p = rnd_below(NPACKS);
  char at[40];
  bylaw_format_time(now, OFFSET_S, at, sizeof(at));
  snprintf(e->pack, sizeof(e->pack), "%s", pack_names[p]);
  snprintf(e->id, sizeof(e->id), "ev-%06d", i);
  char buf[512];
  if (rnd_below(4) == 0) {
    /* A lateness report: the ladder fines, counting within the month. */
    snprintf(buf, sizeof(buf),
             "{\"id\":\"%s\",\"pack\":\"%s\",\"type\":\"violation.reported\",\"at\":\"%s\","
             "\"data\":{\"id\":\"v%d\",\"staff\":\"s%d\",\"kind\":\"late\"}}",
             e->id, e->pack, at, i, rnd_below(40));
  } else {
    /* A customer, new or changed: class, follow-up task. */
    int c = rnd_below(i / 2 + 10);
    snprintf(buf, sizeof(buf),
             "{\"id\":\"%s\",\"pack\":\"%s\",\"type\":\"customer.upsert\",\"at\":\"%s\","
             "\"data\":{\"id\":\"c%d\",\"name\":\"Customer %d\",\"segment\":\"%s\","
             "\"region\":\"r%d\",\"owner\":\"s%d\"}}",
             e->id, e->pack, at, c, c, segments[rnd_below(4)], c % 5, c % 40);
  }
  e->json = xstrdup(buf);
}

static char *join_events(int first, int count) {
  size_t len = 3;
  for (int i = first; i < first + count; i++) len += strlen(events[i].json) + 1;
  char *out = malloc(len);
  if (out == NULL) die("out of memory");
  size_t n = 0;
  out[n++] = '[';
  for (int i = first; i < first + count; i++) {
    if (i > first) out[n++] = ',';
    size_t l = strlen(events[i].json);
    memcpy(out + n, events[i].json, l);
    n += l;
  }
  out[n++] = ']';
  out[n] = '\0';
  return out;
}

static void make_plan(int total, int64_t start) {
  events = calloc((size_t)total, sizeof(*events));
  if (events == NULL) die("out of memory");
  int64_t now = start;
  int i = 0, since_clock = 0;
  while (i < total) {
    step_t s = {0};
    s.clock_before = now;
    if (since_clock >= 3 && rnd_below(3) == 0) {
      now += CLOCK_STEP_S;
      s.kind = STEP_CLOCK;
      s.first = i; /* the events sent before it */
      s.clock = now;
      char iso[40], buf[96];
      bylaw_format_time(now, OFFSET_S, iso, sizeof(iso));
      snprintf(buf, sizeof(buf), "{\"now\":\"%s\"}", iso);
      s.body = xstrdup(buf);
      since_clock = 0;
      add_step(s);
      continue;
    }
    since_clock++;
    if (rnd_below(5) == 0) {
      s.kind = STEP_SINGLE;
      s.first = i;
      s.count = 1;
      make_event(i++, now);
      s.body = xstrdup(events[s.first].json);
    } else {
      s.kind = STEP_BATCH;
      s.first = i;
      s.count = 1 + rnd_below(120);
      if (s.first + s.count > total) s.count = total - s.first;
      for (int k = 0; k < s.count; k++) make_event(i++, now);
      s.body = join_events(s.first, s.count);
    }
    add_step(s);
  }
  nevents = total;
}

/* --- the control run: libbylaw in process, never interrupted -------------- */

static void control_run(const char *rules, const char *db) {
  bylaw_options_t o;
  bylaw_options_init(&o);
  o.db_path = db;
  o.rules_dir = rules;
  o.sync = BYLAW_SYNC_OFF;
  bylaw_engine_t *e;
  bylaw_error_t err = {0, NULL};
  if (bylaw_engine_new(&e, &o, &err) != 0) die("control engine: %s", err.message);
  for (int s = 0; s < nsteps; s++) {
    step_t *st = &steps[s];
    if (st->kind == STEP_CLOCK) {
      /* What the daemon's scheduler does when its clock moves. */
      int64_t due;
      if (bylaw_next_due(e, NULL, &due, NULL) == 0 && due <= st->clock) {
        char *out = NULL;
        if (bylaw_tick(e, NULL, st->clock, &out, &err) != 0) die("control tick: %s", err.message);
        bylaw_free(out);
      }
      continue;
    }
    for (int i = st->first; i < st->first + st->count; i++) {
      char *out = NULL;
      int rc = bylaw_submit(e, events[i].json, strlen(events[i].json), &out, &err);
      if (rc != 0) die("control event %s rejected: %s", events[i].id, out ? out : err.message);
      bylaw_free(out);
    }
  }
  bylaw_error_clear(&err);
  bylaw_engine_free(e);
}

/* --- the daemon ------------------------------------------------------------- */

static const char *bylawd_path;
static char work[512], logpath[600], confpath[600], dbpath[600];
static pid_t daemon_pid;
static int port;
static const char *admin_token = "reliability-admin-01";

static void daemon_start(int64_t clock) {
  char iso[40], flag[64];
  bylaw_format_time(clock, OFFSET_S, iso, sizeof(iso));
  snprintf(flag, sizeof(flag), "--test-clock=%s", iso);
  FILE *lf = fopen(logpath, "a");
  if (lf == NULL) die("cannot open %s", logpath);
  fprintf(lf, "--- start at %s\n", iso);
  fflush(lf);
  pid_t pid = fork();
  if (pid < 0) die("fork: %s", strerror(errno));
  if (pid == 0) {
    dup2(fileno(lf), 2);
    int nul = open("/dev/null", O_RDWR);
    if (nul >= 0) dup2(nul, 1);
    execl(bylawd_path, bylawd_path, "--config", confpath, flag, "--no-watch", (char *)NULL);
    _exit(127);
  }
  fclose(lf);
  daemon_pid = pid;
  port = 0;
  /* Bounded poll for the "listening on" line of this start. */
  for (int tries = 0; tries < 3000 && port == 0; tries++) {
    FILE *f = fopen(logpath, "r");
    char line[1024];
    int seen_start = 0;
    while (f && fgets(line, sizeof(line), f)) {
      if (strncmp(line, "--- start", 9) == 0) seen_start = 1, port = 0;
      const char *p = strstr(line, "listening on http://127.0.0.1:");
      if (seen_start && p) port = atoi(p + strlen("listening on http://127.0.0.1:"));
    }
    if (f) fclose(f);
    if (port) break;
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) die("bylawd exited at start; see %s", logpath);
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  if (port == 0) die("bylawd did not start; see %s", logpath);
}

static void daemon_kill(void) {
  kill(daemon_pid, SIGKILL);
  int status;
  waitpid(daemon_pid, &status, 0);
  daemon_pid = 0;
}

static int daemon_stop(void) {
  kill(daemon_pid, SIGTERM);
  int status = 0;
  waitpid(daemon_pid, &status, 0);
  daemon_pid = 0;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* --- HTTP over a blocking socket ------------------------------------------- */

static int http_connect(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket: %s", strerror(errno));
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int http_send(int fd, const char *method, const char *path, const char *body) {
  char head[512];
  size_t blen = body ? strlen(body) : 0;
  int n = snprintf(head, sizeof(head),
                   "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                   "Content-Type: application/json\r\nContent-Length: %zu\r\n"
                   "Connection: close\r\n\r\n",
                   method, path, admin_token, blen);
  const char *parts[2] = {head, body};
  size_t lens[2] = {(size_t)n, blen};
  for (int k = 0; k < 2; k++) {
    size_t off = 0;
    while (off < lens[k]) {
      ssize_t w = send(fd, parts[k] + off, lens[k] - off, MSG_NOSIGNAL);
      if (w <= 0) return -1;
      off += (size_t)w;
    }
  }
  return 0;
}

/* Reads the whole response (the server closes: Connection: close).  Returns
 * the status, or -1 when the connection broke first; *body is malloc'd. */
static int http_read(int fd, char **body) {
  size_t cap = 65536, len = 0;
  char *buf = malloc(cap);
  if (buf == NULL) die("out of memory");
  for (;;) {
    if (len + 4096 > cap) {
      cap *= 2;
      buf = realloc(buf, cap);
      if (buf == NULL) die("out of memory");
    }
    ssize_t r = recv(fd, buf + len, cap - len - 1, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    len += (size_t)r;
  }
  buf[len] = '\0';
  *body = NULL;
  int status = -1;
  char *sep = strstr(buf, "\r\n\r\n");
  if (strncmp(buf, "HTTP/1.1 ", 9) == 0 && sep) {
    status = atoi(buf + 9);
    const char *cl = NULL;
    for (const char *q = buf; q < sep && cl == NULL; q++)
      if (strncasecmp(q, "\r\ncontent-length:", 17) == 0) cl = q + 2;
    size_t want = cl && cl < sep ? (size_t)strtoul(cl + 15, NULL, 10) : 0;
    if (strlen(sep + 4) < want) status = -1; /* cut short by the kill */
    else *body = xstrdup(sep + 4);
  }
  free(buf);
  return status;
}

static int http_call(const char *method, const char *path, const char *body, char **out) {
  int fd = http_connect();
  if (fd < 0) return -1;
  int status = -1;
  if (http_send(fd, method, path, body) == 0) status = http_read(fd, out);
  close(fd);
  return status;
}

/* --- checks against the store file ----------------------------------------- */

static sqlite3 *store_open(const char *path) {
  sqlite3 *db;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    die("cannot open %s: %s", path, sqlite3_errmsg(db));
  sqlite3_busy_timeout(db, 5000);
  return db;
}

static int64_t sql_int(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
    die("%s: %s", sql, sqlite3_errmsg(db));
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

static int64_t lost_total, doubled_total, torn_total, orphan_total;

/* Checks the store of a dead daemon: events [0, acked) were acknowledged
 * and must be there; whatever is there must be whole. */
static void check_after_kill(int acked_events, int kill_no) {
  sqlite3 *db = store_open(dbpath);
  char sql[1024];
  snprintf(sql, sizeof(sql), "ATTACH '%s/control.db' AS c", work);
  sqlite3_exec(db, sql, NULL, NULL, NULL);
  /* Acknowledged events that are missing. */
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM events WHERE pack = ?1 AND id = ?2", -1, &st,
                     NULL);
  int64_t lost = 0;
  for (int i = 0; i < acked_events; i++) {
    sqlite3_bind_text(st, 1, events[i].pack, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, events[i].id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1) lost++;
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  /* Every stored event holds exactly the control's actions: fewer is a torn
   * event, more a doubled one. */
  int64_t torn = sql_int(db,
      "SELECT count(*) FROM events e WHERE (SELECT count(*) FROM actions a WHERE a.pack = e.pack"
      " AND a.event = e.id) < (SELECT count(*) FROM c.actions a WHERE a.pack = e.pack"
      " AND a.event = e.id)");
  int64_t doubled = sql_int(db,
      "SELECT count(*) FROM events e WHERE (SELECT count(*) FROM actions a WHERE a.pack = e.pack"
      " AND a.event = e.id) > (SELECT count(*) FROM c.actions a WHERE a.pack = e.pack"
      " AND a.event = e.id)");
  int64_t orphans = sql_int(db,
      "SELECT count(*) FROM actions a WHERE NOT EXISTS (SELECT 1 FROM events e"
      " WHERE e.pack = a.pack AND e.id = a.event)");
  int64_t unknown = sql_int(db,
      "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM c.events x"
      " WHERE x.pack = e.pack AND x.id = e.id AND x.body = e.body)");
  sqlite3_close(db);
  if (lost) fail("kill %d: %lld acknowledged events are missing", kill_no, (long long)lost);
  if (torn) fail("kill %d: %lld events are half-applied", kill_no, (long long)torn);
  if (doubled) fail("kill %d: %lld events have doubled actions", kill_no, (long long)doubled);
  if (orphans) fail("kill %d: %lld actions have no event", kill_no, (long long)orphans);
  if (unknown) fail("kill %d: %lld stored events differ from the control", kill_no,
                    (long long)unknown);
  lost_total += lost;
  doubled_total += doubled;
  torn_total += torn;
  orphan_total += orphans;
}

/* Compares a table of the final store with the control, as multisets of
 * the given columns.  Returns the number of differing rows. */
static int64_t compare_table(sqlite3 *db, const char *table, const char *cols) {
  char sql[2048];
  snprintf(sql, sizeof(sql),
           "SELECT (SELECT count(*) FROM (SELECT %s, count(*) FROM main.%s GROUP BY %s"
           " EXCEPT SELECT %s, count(*) FROM c.%s GROUP BY %s))"
           " + (SELECT count(*) FROM (SELECT %s, count(*) FROM c.%s GROUP BY %s"
           " EXCEPT SELECT %s, count(*) FROM main.%s GROUP BY %s))",
           cols, table, cols, cols, table, cols, cols, table, cols, cols, table, cols);
  int64_t diff = sql_int(db, sql);
  if (diff != 0) fail("table %s differs from the control in %lld rows", table, (long long)diff);
  return diff;
}

/* --- the crash run ----------------------------------------------------------- */

typedef struct {
  int requests, retried_abandoned, kills, batches, singles, clocks, duplicates_seen;
} stats_t;

/* Checks one response; returns 1 when the step is acknowledged. */
static int step_acked(const step_t *st, int status, const char *body, stats_t *stats) {
  if (status != 200 || body == NULL) {
    if (status > 0) fail("step answered HTTP %d: %.300s", status, body ? body : "");
    return 0;
  }
  if (st->kind == STEP_CLOCK) return 1;
  cJSON *root = cJSON_Parse(body);
  int ok = root != NULL;
  cJSON *one = NULL;
  if (st->kind == STEP_SINGLE) {
    one = root;
  }
  for (int i = 0; ok && i < st->count; i++) {
    cJSON *r = st->kind == STEP_SINGLE ? one : cJSON_GetArrayItem(root, i);
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "status"));
    if (s == NULL || (strcmp(s, "applied") != 0 && strcmp(s, "duplicate") != 0)) {
      fail("event %s: unexpected result %.300s", events[st->first + i].id, body);
      ok = 0;
    } else if (strcmp(s, "duplicate") == 0) {
      stats->duplicates_seen++;
    }
  }
  cJSON_Delete(root);
  return ok;
}

static const char *step_path(const step_t *st) {
  return st->kind == STEP_CLOCK ? "/v1/clock" : "/v1/events";
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: crash BYLAWD PACK_DIR [--events N] [--kills K] [--seed S]"
                    " [--work DIR] [--keep]\n");
    return 2;
  }
  bylawd_path = argv[1];
  const char *pack_dir = argv[2];
  int total = 10000, kills = 4, keep = 0;
  uint64_t seed = 0;
  const char *workarg = NULL;
  for (int i = 3; i < argc; i++) {
    if (strcmp(argv[i], "--events") == 0 && i + 1 < argc) total = atoi(argv[++i]);
    else if (strcmp(argv[i], "--kills") == 0 && i + 1 < argc) kills = atoi(argv[++i]);
    else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--work") == 0 && i + 1 < argc) workarg = argv[++i];
    else if (strcmp(argv[i], "--keep") == 0) keep = 1;
    else die("unknown argument %s", argv[i]);
  }
  if (seed == 0) seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20);
  rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
  printf("crash: seed %llu, %d events, %d kills\n", (unsigned long long)seed, total, kills);
  fflush(stdout);

  if (workarg) snprintf(work, sizeof(work), "%s", workarg);
  else {
    /* SIGKILL ends the process, not the machine: what the kernel accepted
     * survives either way, so fsync costs nothing to the test's meaning and
     * a RAM-backed folder keeps it fast.  The daemon still runs with
     * durability full (its flushes before answering included). */
    const char *base = getenv("BYLAW_CRASH_TMP");
    struct stat sb;
    if (base == NULL) base = stat("/dev/shm", &sb) == 0 && access("/dev/shm", W_OK) == 0
                                 ? "/dev/shm" : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(work, sizeof(work), "%s/bylaw-crash.XXXXXX", base);
    if (mkdtemp(work) == NULL) die("mkdtemp: %s", strerror(errno));
  }
  char cmd[2048];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s/rules' '%s/var' '%s/control.db' && mkdir -p '%s/rules' '%s/var'",
           work, work, work, work, work);
  if (system(cmd) != 0) die("cannot prepare %s", work);
  for (int p = 0; p < NPACKS; p++) {
    snprintf(cmd, sizeof(cmd), "cp -R '%s' '%s/rules/%s'", pack_dir, work, pack_names[p]);
    if (system(cmd) != 0) die("cannot copy the pack");
  }
  snprintf(logpath, sizeof(logpath), "%s/daemon.log", work);
  snprintf(confpath, sizeof(confpath), "%s/bylawd.lua", work);
  snprintf(dbpath, sizeof(dbpath), "%s/var/bylaw.db", work);
  FILE *cf = fopen(confpath, "w");
  if (cf == NULL) die("cannot write %s", confpath);
  fprintf(cf,
          "listen = \"127.0.0.1:0\"\ndb = \"%s\"\nrules = \"%s/rules\"\n"
          "backup_dir = \"%s/var/backup\"\nsync = \"full\"\nlog_level = \"info\"\n"
          "utc_offset = \"+08:00\"\nadmin_tokens = { \"%s\" }\n"
          "limits = { body_bytes = 4194304, batch_events = 1000 }\n",
          dbpath, work, work, admin_token);
  fclose(cf);

  int64_t start;
  bylaw_parse_time("2026-01-05T09:00:00+08:00", OFFSET_S, &start);
  make_plan(total, start);

  char rules[600], control[600];
  snprintf(rules, sizeof(rules), "%s/rules", work);
  snprintf(control, sizeof(control), "%s/control.db", work);
  control_run(rules, control);

  /* Which steps end in a kill, and which are abandoned and retried. */
  char *kill_at = calloc((size_t)nsteps, 1), *abandon_at = calloc((size_t)nsteps, 1);
  for (int k = 0; k < kills && k < nsteps; k++) {
    int s;
    do s = rnd_below(nsteps); while (kill_at[s]);
    kill_at[s] = 1;
  }
  for (int k = 0; k < nsteps / 20; k++) abandon_at[rnd_below(nsteps)] = 1;

  stats_t stats = {0};
  int64_t clock = start;
  daemon_start(clock);
  int kill_no = 0;
  for (int s = 0; s < nsteps;) {
    step_t *st = &steps[s];
    if (kill_at[s]) {
      /* Pipeline this step and up to two more on separate connections,
       * let the daemon get a random way in, and kill it. */
      kill_at[s] = 0;
      int fds[3], nfd = 0;
      for (int k = 0; k < 1 + rnd_below(3) && s + k < nsteps; k++) {
        int fd = http_connect();
        if (fd < 0) break;
        http_send(fd, "POST", step_path(&steps[s + k]), steps[s + k].body);
        fds[nfd++] = fd;
      }
      if (rnd_below(3) != 0) {
        struct timespec ts = {0, (long)rnd_below(4000) * 1000};
        nanosleep(&ts, NULL);
      }
      daemon_kill();
      for (int k = 0; k < nfd; k++) close(fds[k]);
      stats.kills++;
      kill_no++;
      check_after_kill(st->first, kill_no);
      daemon_start(clock);
      continue; /* resend step s and everything after it */
    }
    if (abandon_at[s]) {
      /* The client times out: it sends, gives up without reading, and
       * sends the same request again below. */
      abandon_at[s] = 0;
      int fd = http_connect();
      if (fd >= 0) {
        http_send(fd, "POST", step_path(st), st->body);
        close(fd);
      }
      stats.retried_abandoned++;
    }
    char *body = NULL;
    int status = http_call("POST", step_path(st), st->body, &body);
    stats.requests++;
    if (status < 0) die("step %d: the daemon did not answer", s);
    int acked = step_acked(st, status, body, &stats);
    free(body);
    if (!acked) break;
    if (st->kind == STEP_CLOCK) clock = st->clock, stats.clocks++;
    else if (st->kind == STEP_BATCH) stats.batches++;
    else stats.singles++;
    s++;
  }

  /* The id-reuse rule: the same id with another body is refused. */
  const event_t *e0 = &events[0];
  char *body = NULL;
  int status = http_call("POST", "/v1/events", e0->json, &body);
  if (status != 200 || body == NULL || strstr(body, "\"duplicate\"") == NULL)
    fail("resending %s: HTTP %d %s", e0->id, status, body ? body : "");
  free(body);
  char changed[600];
  snprintf(changed, sizeof(changed),
           "{\"id\":\"%s\",\"pack\":\"%s\",\"type\":\"staff.upsert\",\"at\":\"2026-01-05 09:00\","
           "\"data\":{\"id\":\"intruder\",\"role\":\"sales_gm\"}}",
           e0->id, e0->pack);
  status = http_call("POST", "/v1/events", changed, &body);
  if (status != 409 || body == NULL || strstr(body, "BYLAW_ECONFLICT") == NULL)
    fail("reused id with another body: expected 409 BYLAW_ECONFLICT, got %d %s", status,
         body ? body : "");
  free(body);
  char batch[1400];
  snprintf(batch, sizeof(batch), "[%s]", changed);
  status = http_call("POST", "/v1/events", batch, &body);
  if (status != 200 || body == NULL || strstr(body, "BYLAW_ECONFLICT") == NULL ||
      strstr(body, "\"rejected\"") == NULL)
    fail("reused id in a batch: expected a rejected result, got %d %s", status, body ? body : "");
  free(body);
  if (!daemon_stop()) fail("bylawd did not stop cleanly after SIGTERM");

  /* The final store equals the control, table by table. */
  sqlite3 *db = store_open(dbpath);
  snprintf(cmd, sizeof(cmd), "ATTACH '%s' AS c", control);
  sqlite3_exec(db, cmd, NULL, NULL, NULL);
  int64_t stored = sql_int(db, "SELECT count(*) FROM events WHERE type <> 'tick'");
  int64_t ticks = sql_int(db, "SELECT count(*) FROM events WHERE type = 'tick'");
  int64_t nactions = sql_int(db, "SELECT count(*) FROM actions");
  int64_t escalations = sql_int(db, "SELECT count(*) FROM tasks WHERE escalated_to IS NOT NULL");
  int64_t fines = sql_int(db, "SELECT count(*) FROM penalties");
  if (stored != nevents) fail("%lld events stored, %d sent", (long long)stored, nevents);
  int64_t diff = 0;
  diff += compare_table(db, "events", "pack, id, type, at, body");
  diff += compare_table(db, "actions", "pack, event, rule, clause, type, at, body");
  diff += compare_table(db, "tasks", "id, pack, customer, kind, due_at, status, escalated_to");
  diff += compare_table(db, "penalties", "id, pack, staff, kind, occurrence, amount_fen, event");
  diff += compare_table(db, "customers", "pack, id, segment, class, owner");
  diff += compare_table(db, "packs", "pack, last_tick");
  int64_t orphans = sql_int(db,
      "SELECT count(*) FROM actions a WHERE NOT EXISTS (SELECT 1 FROM events e"
      " WHERE e.pack = a.pack AND e.id = a.event)");
  if (orphans) fail("%lld actions have no event", (long long)orphans);
  sqlite3_close(db);

  printf("crash: %d events in %d packs, %d requests (%d batches, %d single, %d clock moves),"
         " %d abandoned and retried, %d kills, %lld ticks, %lld actions, %lld escalations,"
         " %lld fines, %d duplicates answered; lost %lld, doubled %lld, half-applied %lld,"
         " orphan actions %lld, final differences %lld\n",
         nevents, NPACKS, stats.requests, stats.batches, stats.singles, stats.clocks,
         stats.retried_abandoned, stats.kills, (long long)ticks, (long long)nactions,
         (long long)escalations, (long long)fines, stats.duplicates_seen,
         (long long)lost_total, (long long)doubled_total, (long long)torn_total,
         (long long)(orphan_total + orphans), (long long)diff);
  free(kill_at);
  free(abandon_at);
  if (failures) {
    printf("crash: FAILED (%d problems); work dir kept: %s\n", failures, work);
    return 1;
  }
  if (!keep && !workarg) {
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", work);
    if (system(cmd) != 0) fprintf(stderr, "crash: could not remove %s\n", work);
  }
  printf("crash: passed\n");
  return 0;
}
