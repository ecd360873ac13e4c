/*
 * cli.h - what the `bylaw` commands share: the common options (--db,
 * --rules), opening an engine, reading input, and printing errors.
 */
#ifndef BYLAW_CLI_H
#define BYLAW_CLI_H

#include <stdio.h>

#include "bylaw.h"

typedef struct {
  const char *db;
  const char *rules;
  const char *pack;
  const char *now;
  int json;
  int coverage;
} cli_opts_t;

typedef int (*cli_cmd_fn)(int argc, char **argv);

int cli_check(int argc, char **argv);
int cli_lint(int argc, char **argv);
int cli_emit(int argc, char **argv);
int cli_tick(int argc, char **argv);
int cli_test(int argc, char **argv);
int cli_query(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_db(int argc, char **argv);
int cli_replay(int argc, char **argv);

/* Opens an engine on opts->db and opts->rules, printing the error on
 * failure.  Returns NULL when it could not. */
bylaw_engine_t *cli_open(const cli_opts_t *opts);

/* Reads the input operand (argv[i], or stdin when there is none) and opens
 * the engine; returns the engine with *input (caller frees) set, or NULL
 * with nothing held after printing why. */
bylaw_engine_t *cli_open_with_input(const cli_opts_t *opts, int argc, char **argv, int i,
                                    char **input, size_t *len);

/* Reads a whole file ("-" for stdin); caller frees.  NULL on error, with
 * the reason printed. */
char *cli_read_all(const char *path, size_t *len);

/* Prints "bylaw: <message>" for a failed call. */
void cli_fail(const char *what, int code, const bylaw_error_t *err);

/* Splits a rules argument: a rules folder, or one pack folder inside one
 * (holding pack.lua).  Sets *rules (heap) and *pack (heap or NULL). */
int cli_split_rules(const char *arg, char **rules, char **pack);



/* Parses the common options allowed by `allowed` (letters of d r p n j c:
 * --db --rules --pack --now --json --coverage) and --help, which prints usage and
 * exits 0.  Options may follow operands; operands are moved to the end of
 * argv.  Returns the index of the first operand, or -1 after printing an
 * error. */
int cli_parse(int argc, char **argv, const char *allowed, const char *usage,
              cli_opts_t *opts);
#endif
