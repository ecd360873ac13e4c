/*
 * main.c - bylawd: the bylaw rules engine as a long-running service.
 *
 * Reads the configuration (defaults, then the --config Lua file, then flags),
 * opens the engine, and runs one libuv loop carrying the HTTP API, the
 * scheduler, the pack watchers and the signal handlers.  SIGTERM/SIGINT stop
 * it gracefully: stop accepting, let open connections finish, close every
 * handle, run the loop until it has nothing left, then close the store.
 * Since events are processed to their commit inside one callback, nothing is
 * ever half-applied when the loop stops.  SIGHUP re-reads the tokens of the
 * config file and reloads every pack.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "daemon.h"

static const char usage[] =
    "usage: bylawd [options]\n"
    "\n"
    "Runs the bylaw rules engine as an HTTP JSON service.\n"
    "\n"
    "options (flags override the config file):\n"
    "  -c, --config FILE     Lua configuration file (see docs/daemon.md)\n"
    "  -d, --db PATH         SQLite store (default var/bylaw.db)\n"
    "  -r, --rules DIR       rules folder, one sub-folder per pack (default "
    "rules)\n"
    "  -l, --listen ADDR     HOST:PORT or [V6]:PORT (default 127.0.0.1:8080;\n"
    "                        port 0 picks a free port, printed at start)\n"
    "      --log-level LVL   debug, info, warn or error (default info)\n"
    "      --log-json        one JSON object per log line\n"
    "      --no-watch        do not reload packs when their files change\n"
    "      --no-specs        reload without running the pack's specs\n"
    "      --sync MODE       full, normal or off (default full)\n"
    "      --admin-token T   add an admin token (prefer the config file)\n"
    "      --bench           enable GET /bench, a constant answer\n"
    "      --test-clock[=T]  freeze the clock at T (ISO time; default now) and\n"
    "                        enable POST /v1/clock to move it (tests only)\n"
    "      --check-config    print the effective settings and exit\n"
    "  -h, --help            show this help\n"
    "  -V, --version         print the version\n";

enum {
  OPT_LOG_LEVEL = 256,
  OPT_LOG_JSON,
  OPT_NO_WATCH,
  OPT_NO_SPECS,
  OPT_SYNC,
  OPT_ADMIN_TOKEN,
  OPT_BENCH,
  OPT_TEST_CLOCK,
  OPT_CHECK
};

static const struct option long_options[] = {
    {"config", required_argument, NULL, 'c'},
    {"db", required_argument, NULL, 'd'},
    {"rules", required_argument, NULL, 'r'},
    {"listen", required_argument, NULL, 'l'},
    {"log-level", required_argument, NULL, OPT_LOG_LEVEL},
    {"log-json", no_argument, NULL, OPT_LOG_JSON},
    {"no-watch", no_argument, NULL, OPT_NO_WATCH},
    {"no-specs", no_argument, NULL, OPT_NO_SPECS},
    {"sync", required_argument, NULL, OPT_SYNC},
    {"admin-token", required_argument, NULL, OPT_ADMIN_TOKEN},
    {"bench", no_argument, NULL, OPT_BENCH},
    {"test-clock", optional_argument, NULL, OPT_TEST_CLOCK},
    {"check-config", no_argument, NULL, OPT_CHECK},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

int64_t bylawd_now(bylawd_t *d) {
  if (d->cfg.test_clock)
    return d->test_now;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec;
}

static int64_t main_clock(void *ud) { return bylawd_now(ud); }

/* Appends an admin token; returns 0 or -1 on OOM. */
static int main_add_admin_token(bylawd_config_t *cfg, const char *token) {
  bylawd_token_t *grown =
      realloc(cfg->tokens, (cfg->ntokens + 1) * sizeof(*grown));
  if (grown == NULL)
    return -1;
  cfg->tokens = grown;
  grown[cfg->ntokens].token = strdup(token);
  grown[cfg->ntokens].pack = NULL;
  if (grown[cfg->ntokens].token == NULL)
    return -1;
  cfg->ntokens++;
  return 0;
}

/* Applies the command-line flags over cfg.  Returns 0, 1 to exit with
 * success (--help, --version), or -1 after printing an error. */
static int main_flags(bylawd_config_t *cfg, int argc, char **argv,
                      int *check) {
  int c;
  optind = 1;
  while ((c = getopt_long(argc, argv, "c:d:r:l:hV", long_options, NULL)) !=
         -1) {
    int bad = 0;
    switch (c) {
    case 'c': break; /* read before the flags */
    case 'd': bad = bylawd_config_set(&cfg->db, optarg); break;
    case 'r': bad = bylawd_config_set(&cfg->rules, optarg); break;
    case 'l': bad = bylawd_config_set(&cfg->listen, optarg); break;
    case OPT_LOG_LEVEL:
      if (bylawd_log_parse_level(optarg, &cfg->log_level) != 0) {
        fprintf(stderr, "bylawd: --log-level: unknown level '%s'\n", optarg);
        return -1;
      }
      break;
    case OPT_LOG_JSON: cfg->log_json = 1; break;
    case OPT_NO_WATCH: cfg->watch = 0; break;
    case OPT_NO_SPECS: cfg->run_specs = 0; break;
    case OPT_SYNC:
      if (strcmp(optarg, "full") == 0)
        cfg->sync = BYLAW_SYNC_FULL;
      else if (strcmp(optarg, "normal") == 0)
        cfg->sync = BYLAW_SYNC_NORMAL;
      else if (strcmp(optarg, "off") == 0)
        cfg->sync = BYLAW_SYNC_OFF;
      else {
        fprintf(stderr, "bylawd: --sync: use full, normal or off\n");
        return -1;
      }
      break;
    case OPT_ADMIN_TOKEN: bad = main_add_admin_token(cfg, optarg); break;
    case OPT_BENCH: cfg->bench = 1; break;
    case OPT_TEST_CLOCK:
      cfg->test_clock = 1;
      cfg->clock_start = (int64_t)time(NULL);
      if (optarg && bylaw_parse_time(optarg, cfg->utc_offset,
                                     &cfg->clock_start) != 0) {
        fprintf(stderr, "bylawd: --test-clock: '%s' is not an ISO time\n",
                optarg);
        return -1;
      }
      break;
    case OPT_CHECK: *check = 1; break;
    case 'h': fputs(usage, stdout); return 1;
    case 'V': printf("bylawd %s\n", BYLAW_VERSION_STRING); return 1;
    default: fputs(usage, stderr); return -1;
    }
    if (bad) {
      fprintf(stderr, "bylawd: out of memory\n");
      return -1;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "bylawd: unexpected argument '%s'\n%s", argv[optind],
            usage);
    return -1;
  }
  return 0;
}

/* Finds --config/-c before the other flags are applied over the file. */
static const char *main_config_path(int argc, char **argv) {
  const char *path = NULL;
  for (int i = 1; i < argc; i++) {
    if ((strcmp(argv[i], "--config") == 0 || strcmp(argv[i], "-c") == 0) &&
        i + 1 < argc)
      path = argv[++i];
    else if (strncmp(argv[i], "--config=", 9) == 0)
      path = argv[i] + 9;
    else if (strncmp(argv[i], "-c", 2) == 0 && argv[i][2])
      path = argv[i] + 2;
  }
  return path;
}

static void main_print_config(const bylawd_config_t *cfg) {
  printf("listen = \"%s\"\ndb = \"%s\"\nrules = \"%s\"\nbackup_dir = \"%s\"\n",
         cfg->listen, cfg->db, cfg->rules, cfg->backup_dir);
  printf("watch = %s\nrun_specs = %s\npublic_metrics = %s\n",
         cfg->watch ? "true" : "false", cfg->run_specs ? "true" : "false",
         cfg->public_metrics ? "true" : "false");
  printf("checkpoint_pages = %d\n", cfg->checkpoint_pages);
  printf("limits = { body_bytes = %zu, header_bytes = %zu, json_depth = %d, "
         "batch_events = %d, read_timeout_ms = %llu, connections = %d }\n",
         cfg->limits.body_bytes, cfg->limits.header_bytes,
         cfg->limits.json_depth, cfg->limits.batch_events,
         (unsigned long long)cfg->limits.read_timeout_ms,
         cfg->limits.connections);
  size_t admin = 0;
  for (size_t i = 0; i < cfg->ntokens; i++)
    admin += cfg->tokens[i].pack == NULL;
  printf("-- %zu admin token(s), %zu pack token(s)\n", admin,
         cfg->ntokens - admin);
}

/* Creates the folder that will hold the store, so the default var/bylaw.db
 * works in a fresh checkout. */
static void main_make_db_folder(const char *db) {
  if (strcmp(db, ":memory:") == 0)
    return;
  char *copy = strdup(db);
  if (copy == NULL)
    return;
  char *dir = dirname(copy);
  if (strcmp(dir, ".") != 0 && mkdir(dir, 0750) != 0 && errno != EEXIST)
    LOG_WARN("cannot create %s: %s", dir, strerror(errno));
  free(copy);
}

/* --- lifecycle -------------------------------------------------------------- */

static void main_on_signal_close(uv_handle_t *handle) {
  bylawd_t *d = handle->data;
  d->signals_open--;
}

static void main_on_sched_close(bylaw_scheduler_t *sched) {
  bylawd_t *d = sched->data;
  d->sched_open = 0;
}

void bylawd_shutdown(bylawd_t *d, const char *why) {
  if (d->stopping)
    return;
  d->stopping = 1;
  LOG_INFO("stopping (%s)", why);
  if (d->signals_open) {
    uv_close((uv_handle_t *)&d->sigterm, main_on_signal_close);
    uv_close((uv_handle_t *)&d->sigint, main_on_signal_close);
    uv_close((uv_handle_t *)&d->sighup, main_on_signal_close);
  }
  bylawd_watch_stop(d);
  if (d->sched_open)
    bylaw_scheduler_close(&d->sched, main_on_sched_close);
  bylawd_poke_stop(d);
  /* Queued single events are committed and answered before the
   * connections are asked to close. */
  bylawd_group_stop(d);
  bylawd_durable_stop(d);
  bylawd_ckpt_stop(d);
  bylawd_http_stop(d);
}

static void main_on_signal(uv_signal_t *sig, int signum) {
  bylawd_t *d = sig->data;
  if (signum == SIGHUP) {
    LOG_INFO("SIGHUP: re-reading tokens and reloading packs");
    if (d->config_path) {
      bylawd_config_t fresh;
      char *errmsg = NULL;
      if (bylawd_config_init(&fresh) == 0 &&
          bylawd_config_load(&fresh, d->config_path, &errmsg) == 0) {
        /* Tokens given with --admin-token stay valid across a reload. */
        for (int i = 1; i + 1 < d->argc; i++)
          if (strcmp(d->argv[i], "--admin-token") == 0)
            main_add_admin_token(&fresh, d->argv[i + 1]);
        bylawd_config_take_tokens(&d->cfg, &fresh);
        LOG_INFO("tokens re-read from %s (%zu)", d->config_path,
                 d->cfg.ntokens);
      } else {
        LOG_ERROR("config %s not re-read, old tokens kept: %s",
                  d->config_path, errmsg ? errmsg : "out of memory");
      }
      free(errmsg);
      bylawd_config_free(&fresh);
    }
    bylawd_reload_all(d, "SIGHUP");
    return;
  }
  bylawd_shutdown(d, signum == SIGTERM ? "SIGTERM" : "SIGINT");
}

static void main_on_tick(bylaw_scheduler_t *sched, int status,
                         const char *result, const bylaw_error_t *err) {
  bylawd_t *d = sched->data;
  cJSON *arr = result ? cJSON_Parse(result) : NULL;
  bylawd_metrics_tick(&d->metrics, arr);
  if (result == NULL) {
    LOG_ERROR("tick failed, will retry: %s: %s", bylaw_err_name(status),
              err && err->message ? err->message : bylaw_strerror(status));
    return;
  }
  int events = 0;
  double actions = 0;
  cJSON *ev;
  cJSON_ArrayForEach(ev, arr) {
    events++;
    actions += cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(ev, "action_count"));
    if (bylawd_metrics_result_code(ev) == 0)
      continue;
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(ev, "error");
    const char *pack =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "pack"));
    const char *message =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
    LOG_WARN("tick of pack %s rejected: %s", pack ? pack : "?",
             message ? message : "?");
  }
  cJSON_Delete(arr);
  LOG_INFO("tick: %d pack(s), %.0f action(s)%s", events, actions,
           status ? " (some rejected)" : "");
}

/* Logs where the daemon listens and which packs (and versions) it runs. */
static void main_announce(bylawd_t *d) {
  LOG_INFO("bylawd %s listening on http://%s (db %s, rules %s%s)",
           BYLAW_VERSION_STRING, d->http.address, d->cfg.db, d->cfg.rules,
           d->cfg.test_clock ? ", test clock" : "");
  char *packs = NULL;
  if (bylaw_packs_json(d->engine, &packs, NULL) != 0)
    return;
  cJSON *all = cJSON_Parse(packs);
  bylaw_free(packs);
  cJSON *p;
  int n = 0;
  cJSON_ArrayForEach(p, all) {
    const char *name =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "pack"));
    const char *version =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "version"));
    cJSON *rules = cJSON_GetObjectItemCaseSensitive(p, "rules");
    LOG_INFO("pack %s version %s loaded (%d rules)", name ? name : "?",
             version ? version : "?",
             cJSON_IsNumber(rules) ? rules->valueint : 0);
    n++;
  }
  if (n == 0)
    LOG_WARN("no packs loaded from %s", d->cfg.rules);
  cJSON_Delete(all);
}

static void main_walk_leftover(uv_handle_t *handle, void *arg) {
  (void)arg;
  LOG_WARN("handle still open at exit: %s%s",
           uv_handle_type_name(uv_handle_get_type(handle)),
           uv_is_closing(handle) ? " (closing)" : "");
  if (!uv_is_closing(handle))
    uv_close(handle, NULL);
}

/* The engine's wal_hook: after every commit. */
static void main_on_commit(void *data, int pages) {
  bylawd_durable_on_commit(data);
  bylawd_ckpt_on_commit(data, pages);
}

/* Starts everything after the engine is open.  Returns 0 or -1. */
static int main_start(bylawd_t *d) {
  int rc;
  d->sched.data = d;
  if ((rc = bylaw_scheduler_init(&d->sched, d->engine, &d->loop, main_clock,
                                 d)) != 0) {
    LOG_ERROR("cannot start the scheduler: %s", bylaw_strerror(rc));
    return -1;
  }
  d->sched_open = 1;

  d->sigterm.data = d->sigint.data = d->sighup.data = d;
  uv_signal_init(&d->loop, &d->sigterm);
  uv_signal_init(&d->loop, &d->sigint);
  uv_signal_init(&d->loop, &d->sighup);
  d->signals_open = 3;
  uv_signal_start(&d->sigterm, main_on_signal, SIGTERM);
  uv_signal_start(&d->sigint, main_on_signal, SIGINT);
  uv_signal_start(&d->sighup, main_on_signal, SIGHUP);

  if (bylawd_ckpt_start(d) != 0 || bylawd_durable_start(d, d->ckpt.db) != 0)
    return -1;
  if ((rc = bylawd_poke_start(d)) != 0) {
    LOG_ERROR("cannot start the scheduler's poke timer: %s", uv_strerror(rc));
    return -1;
  }
  if ((rc = bylawd_group_start(d)) != 0) {
    LOG_ERROR("cannot start group commit: %s", uv_strerror(rc));
    return -1;
  }
  const char *what = NULL;
  if ((rc = bylawd_http_start(d, &what)) != 0) {
    LOG_ERROR("%s (%s): %s", what, d->cfg.listen, uv_strerror(rc));
    return -1;
  }
  if (d->cfg.watch && (rc = bylawd_watch_start(d)) != 0)
    LOG_WARN("cannot watch %s for changes: %s", d->cfg.rules, uv_strerror(rc));
  bylaw_scheduler_start(&d->sched, main_on_tick);
  main_announce(d);
  return 0;
}

int main(int argc, char **argv) {
  static bylawd_t daemon; /* big (h2o's context); zeroed */
  bylawd_t *d = &daemon;
  int check = 0;

  signal(SIGPIPE, SIG_IGN);
  if (bylawd_config_init(&d->cfg) != 0) {
    fprintf(stderr, "bylawd: out of memory\n");
    return 1;
  }
  const char *config_path = main_config_path(argc, argv);
  if (config_path) {
    char *errmsg = NULL;
    if (bylawd_config_load(&d->cfg, config_path, &errmsg) != 0) {
      fprintf(stderr, "bylawd: %s\n", errmsg ? errmsg : "out of memory");
      free(errmsg);
      bylawd_config_free(&d->cfg);
      return 2;
    }
    d->config_path = strdup(config_path);
  }
  int flags = main_flags(&d->cfg, argc, argv, &check);
  if (flags != 0 || check) {
    if (check && flags == 0)
      main_print_config(&d->cfg);
    bylawd_config_free(&d->cfg);
    free(d->config_path);
    return flags < 0 ? 2 : 0;
  }
  d->argc = argc;
  d->argv = argv;
  bylawd_log_setup(d->cfg.log_level, d->cfg.log_json);
  if (d->cfg.ntokens == 0)
    LOG_WARN("no API tokens configured: only /healthz and /metrics answer");
  d->test_now = d->cfg.clock_start;
  bylawd_metrics_init(&d->metrics);
  d->metrics.started_at = (int64_t)time(NULL);

  if (uv_loop_init(&d->loop) != 0) {
    LOG_ERROR("cannot create the event loop");
    return 1;
  }

  bylaw_options_t opts;
  bylaw_options_init(&opts);
  opts.db_path = d->cfg.db;
  opts.rules_dir = d->cfg.rules;
  /* With durability full, bylawd flushes the log itself (durable.c). */
  opts.sync = bylawd_durable_enabled(&d->cfg) ? BYLAW_SYNC_NORMAL : d->cfg.sync;
  /* Checkpoints run in the thread pool (checkpoint.c), not in commits. */
  opts.wal_hook = main_on_commit;
  opts.wal_hook_data = d;
  if (d->cfg.lua_memory)
    opts.mem_limit = d->cfg.lua_memory;
  if (d->cfg.instruction_budget)
    opts.instr_budget = d->cfg.instruction_budget;
  main_make_db_folder(d->cfg.db);
  bylaw_error_t err = {0, NULL};
  int rc = bylaw_engine_new(&d->engine, &opts, &err);
  if (rc != 0) {
    LOG_ERROR("cannot open the engine (db %s, rules %s): %s: %s", d->cfg.db,
              d->cfg.rules, bylaw_err_name(rc),
              err.message ? err.message : bylaw_strerror(rc));
    bylaw_error_clear(&err);
    d->exit_code = 1;
  } else if (main_start(d) != 0) {
    d->exit_code = 1;
    bylawd_shutdown(d, "start failed");
  }

  if (d->engine) {
    uv_run(&d->loop, UV_RUN_DEFAULT);
    /* Everything should be closed now; whatever is not gets reported and
     * closed so the loop can be released. */
    while (uv_loop_close(&d->loop) == UV_EBUSY) {
      uv_walk(&d->loop, main_walk_leftover, NULL);
      uv_run(&d->loop, UV_RUN_DEFAULT);
    }
  } else {
    uv_loop_close(&d->loop);
  }
  bylaw_engine_free(d->engine);
  bylawd_durable_free(d);
  if (d->exit_code == 0)
    LOG_INFO("stopped");
  bylawd_config_free(&d->cfg);
  free(d->config_path);
  return d->exit_code;
}
