/*
 * config.h - bylawd's settings: built-in defaults, then the admin's Lua
 * config file, then command-line flags, each overriding the one before.
 *
 * Every string in a bylawd_config_t is heap memory owned by the struct and
 * released by bylawd_config_free().
 */
#ifndef BYLAWD_CONFIG_H
#define BYLAWD_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "bylaw.h"

/* One API token.  pack NULL marks an admin token (every pack, reloads,
 * backups); otherwise the token reads and writes that pack only. */
typedef struct {
  char *token;
  char *pack;
} bylawd_token_t;

typedef struct {
  size_t body_bytes;       /* request body (default 1 MiB) */
  size_t header_bytes;     /* request line + headers (default 16 KiB) */
  int json_depth;          /* nesting of a request's JSON (default 32) */
  int batch_events;        /* events in one POST /v1/events (default 1000) */
  uint64_t read_timeout_ms; /* to receive one whole request (default 10 s) */
  int connections;         /* open connections (default 256) */
} bylawd_limits_t;

typedef struct {
  char *listen; /* "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:8080" */
  char *db;     /* "var/bylaw.db" */
  char *rules;  /* "rules" */
  char *backup_dir; /* "var/backup": where POST /v1/admin/backup writes */
  int log_level;    /* BYLAWD_LOG_INFO */
  int log_json;     /* 0: text lines */
  int watch;        /* reload a pack when its folder changes (1) */
  int run_specs;    /* a reload runs the pack's specs first (1) */
  int public_metrics; /* /metrics without a token (1) */
  bylaw_sync_t sync;  /* BYLAW_SYNC_FULL */
  size_t lua_memory;  /* bytes per pack; 0: the engine's default */
  uint64_t instruction_budget; /* 0: the engine's default */
  int utc_offset;     /* seconds east of UTC for times the daemon writes */
  int checkpoint_pages; /* WAL growth between two checkpoints (1000) */
  bylawd_limits_t limits;
  bylawd_token_t *tokens;
  size_t ntokens;
  /* Test and benchmark switches: command line only. */
  int bench;          /* GET /bench answers a constant */
  int test_clock;     /* frozen clock moved by POST /v1/clock */
  int64_t clock_start; /* its first reading (Unix seconds) */
} bylawd_config_t;

/* Fills cfg with the built-in defaults.  Returns 0 or -1 on OOM. */
int bylawd_config_init(bylawd_config_t *cfg);

/*
 * Runs the Lua file at path and takes every option it sets (as globals, or
 * fields of a table the file returns).  An unknown option or a value of the
 * wrong type is an error naming it.  On failure returns -1 and *errmsg
 * (caller frees) says why; cfg then holds what was read so far.
 */
int bylawd_config_load(bylawd_config_t *cfg, const char *path, char **errmsg);

/* Replaces the tokens of dst by those of src (src loses them). */
void bylawd_config_take_tokens(bylawd_config_t *dst, bylawd_config_t *src);

/* Replaces *slot by a copy of value; returns 0 or -1 on OOM. */
int bylawd_config_set(char **slot, const char *value);

/* Parses "+08:00", "-05:30", "Z" or "UTC"; returns 0 or -1. */
int bylawd_config_parse_offset(const char *text, int *offset_s);

void bylawd_config_free(bylawd_config_t *cfg);

#endif
