/*
 * cli.c - helpers the `bylaw` commands share.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

void cli_fail(const char *what, int code, const bylaw_error_t *err) {
  fprintf(stderr, "bylaw: %s: %s\n", what,
          err && err->message ? err->message : bylaw_strerror(code));
}

/* Creates the folder holding path (var/ for var/bylaw.db) when missing. */
static void cli_make_parent(const char *path) {
  char *copy = strdup(path);
  if (copy == NULL) return;
  char *dir = dirname(copy);
  if (strcmp(dir, ".") != 0) mkdir(dir, 0755);
  free(copy);
}

bylaw_engine_t *cli_open(const cli_opts_t *opts) {
  bylaw_options_t o;
  bylaw_options_init(&o);
  if (opts->db) o.db_path = opts->db;
  if (opts->rules) o.rules_dir = opts->rules;
  o.only_pack = opts->pack;
  if (strcmp(o.db_path, ":memory:") != 0) cli_make_parent(o.db_path);
  bylaw_engine_t *engine = NULL;
  bylaw_error_t err = {0};
  int rc = bylaw_engine_new(&engine, &o, &err);
  if (rc != 0) cli_fail("cannot open the engine", rc, &err);
  bylaw_error_clear(&err);
  return engine;
}

bylaw_engine_t *cli_open_with_input(const cli_opts_t *opts, int argc, char **argv, int i,
                                    char **input, size_t *len) {
  *input = cli_read_all(i < argc ? argv[i] : "-", len);
  if (*input == NULL) return NULL;
  bylaw_engine_t *engine = cli_open(opts);
  if (engine == NULL) {
    free(*input);
    *input = NULL;
  }
  return engine;
}

char *cli_read_all(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (f == NULL) {
    fprintf(stderr, "bylaw: cannot read %s: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n == cap - 1) {
      char *nb = realloc(buf, cap *= 2);
      if (nb == NULL) free(buf);
      buf = nb;
    }
  }
  if (f != stdin) fclose(f);
  if (buf == NULL) {
    fprintf(stderr, "bylaw: out of memory reading %s\n", path);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

int cli_split_rules(const char *arg, char **rules, char **pack) {
  char path[4096];
  struct stat sb;
  snprintf(path, sizeof(path), "%s/pack.lua", arg);
  *pack = NULL;
  if (stat(path, &sb) == 0) {
    char *a = strdup(arg), *b = strdup(arg);
    size_t len = strlen(b);
    while (len > 1 && b[len - 1] == '/') b[--len] = '\0';
    *rules = strdup(dirname(a));
    *pack = strdup(basename(b));
    free(a);
    free(b);
  } else {
    *rules = strdup(arg);
  }
  return *rules ? 0 : -1;
}

int cli_parse(int argc, char **argv, const char *allowed, const char *usage,
              cli_opts_t *opts) {
  static const struct {
    char letter;
    const char *name;
    int has_arg;
  } known[] = {{'d', "--db", 1}, {'r', "--rules", 1}, {'p', "--pack", 1},
               {'n', "--now", 1}, {'j', "--json", 0}, {'c', "--coverage", 0}};
  memset(opts, 0, sizeof(*opts));
  /* Options may come before or after operands (GNU style): operands are
   * moved to the end of argv, in order, and their first index returned. */
  char **operands = calloc((size_t)argc, sizeof(*operands));
  int noperands = 0, all_operands = 0;
  if (operands == NULL) return -1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (all_operands || strncmp(a, "--", 2) != 0 || strcmp(a, "-") == 0) {
      if (strcmp(a, "-h") == 0) {
        fputs(usage, stdout);
        exit(0);
      }
      operands[noperands++] = argv[i];
      continue;
    }
    if (strcmp(a, "--") == 0) {
      all_operands = 1;
      continue;
    }
    if (strcmp(a, "--help") == 0) {
      fputs(usage, stdout);
      exit(0);
    }
    size_t k = 0, n = sizeof(known) / sizeof(known[0]);
    const char *eq = strchr(a, '=');
    size_t alen = eq ? (size_t)(eq - a) : strlen(a);
    while (k < n && !(strlen(known[k].name) == alen && strncmp(known[k].name, a, alen) == 0)) k++;
    if (k == n || strchr(allowed, known[k].letter) == NULL) {
      fprintf(stderr, "bylaw %s: unknown option %s\n\n%s", argv[0], a, usage);
      free(operands);
      return -1;
    }
    const char *value = NULL;
    if (known[k].has_arg) {
      value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
      if (value == NULL) {
        fprintf(stderr, "bylaw %s: %s needs a value\n", argv[0], known[k].name);
        free(operands);
        return -1;
      }
    }
    switch (known[k].letter) {
    case 'd': opts->db = value; break;
    case 'r': opts->rules = value; break;
    case 'p': opts->pack = value; break;
    case 'n': opts->now = value; break;
    case 'j': opts->json = 1; break;
    case 'c': opts->coverage = 1; break;
    }
  }
  int first = argc - noperands;
  memcpy(argv + first, operands, (size_t)noperands * sizeof(*operands));
  free(operands);
  return first;
}
