/*
 * runner.c - runs the cases of one test file, each in a forked child with
 * its own temporary folder, and ends with "N passed, N failed".
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "task.h"

static char tmpdir[256];

const char *test_tmpdir(void) { return tmpdir; }

static void mkdirs(char *path) {
  for (char *p = path + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(path, 0755);
      *p = '/';
    }
}

void test_write(const char *dir, const char *relpath, const char *text) {
  char path[1024];
  snprintf(path, sizeof(path), "%s/%s", dir, relpath);
  mkdirs(path);
  FILE *f = fopen(path, "wb");
  if (f == NULL) {
    perror(path);
    exit(1);
  }
  fputs(text, f);
  fclose(f);
}

void test_pack(const char *rules_dir, const char *name, const char *rules_lua) {
  char rel[256];
  snprintf(rel, sizeof(rel), "%s/pack.lua", name);
  test_write(rules_dir, rel, "pack { title = \"test pack\" }\n");
  snprintf(rel, sizeof(rel), "%s/rules.lua", name);
  test_write(rules_dir, rel, rules_lua);
}

bylaw_engine_t *test_engine(const char *rules_dir, bylaw_error_t *err) {
  return test_engine_at(rules_dir, "test.db", err);
}

bylaw_engine_t *test_engine_at(const char *rules_dir, const char *db_name, bylaw_error_t *err) {
  char db[512];
  snprintf(db, sizeof(db), "%s/%s", tmpdir, db_name);
  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.db_path = db;
  opts.rules_dir = rules_dir;
  opts.sync = BYLAW_SYNC_OFF;
  opts.instr_budget = 1000000;
  opts.mem_limit = 16u << 20;
  bylaw_engine_t *e = NULL;
  int rc = bylaw_engine_new(&e, &opts, err);
  if (rc != 0 && err == NULL) {
    fprintf(stderr, "engine failed to open: %s\n", bylaw_err_name(rc));
    exit(1);
  }
  return e;
}

char *test_submit(bylaw_engine_t *e, const char *json, int *code) {
  char *out = NULL;
  int rc = bylaw_submit(e, json, strlen(json), &out, NULL);
  if (code) *code = rc;
  return out;
}

int test_count(bylaw_engine_t *e, const char *pack, const char *table) {
  bylaw_query_t q = {.pack = pack, .table = table, .limit = 1};
  char *out = NULL;
  if (bylaw_query(e, &q, &out, NULL) != 0) return -1;
  const char *t = strstr(out, "\"total\":");
  int n = t ? atoi(t + 8) : -1;
  bylaw_free(out);
  return n;
}

int test_add_customers(bylaw_engine_t *e, const char *pack, int n, int64_t at, int64_t apart) {
  char **events = calloc((size_t)n, sizeof(*events)), **results = calloc((size_t)n, sizeof(*results));
  size_t *lens = calloc((size_t)n, sizeof(*lens));
  for (int i = 0; events && lens && i < n; i++) {
    char when[40];
    bylaw_format_time(at + i * apart, 8 * 3600, when, sizeof(when));
    events[i] = malloc(200);
    lens[i] = (size_t)snprintf(events[i], 200,
                               "{\"id\":\"c%d\",\"pack\":\"%s\",\"type\":\"customer.upsert\","
                               "\"at\":\"%s\",\"data\":{\"id\":\"c%d\",\"segment\":\"retail\"}}",
                               i, pack, when, i);
  }
  int rc = events && results && lens
               ? bylaw_submit_batch(e, (const char *const *)events, lens, (size_t)n, results, NULL)
               : BYLAW_ENOMEM;
  for (int i = 0; events && results && i < n; i++) {
    free(events[i]);
    bylaw_free(results[i]);
  }
  free(events);
  free(results);
  free(lens);
  return rc;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(path);
}

int main(int argc, char **argv) {
  int passed = 0, failed = 0;
  for (const test_case_t *t = test_cases; t->name; t++) {
    if (argc > 1 && strcmp(argv[1], t->name) != 0) continue;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/bylaw-test-XXXXXX");
    if (mkdtemp(tmpdir) == NULL) {
      perror("mkdtemp");
      return 2;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) exit(t->fn());
    int status = 0;
    waitpid(pid, &status, 0);
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("%s %s\n", ok ? "ok" : "not ok", t->name);
    if (!ok && WIFSIGNALED(status)) printf("  # killed by signal %d\n", WTERMSIG(status));
    ok ? passed++ : failed++;
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
