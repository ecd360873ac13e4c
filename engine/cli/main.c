/*
 * main.c - the `bylaw` command: rules engine tools for analysts and admins.
 * Each command lives in its own file (cmd_*.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
  const char *name;
  cli_cmd_fn fn;
  const char *help;
} commands[] = {
    {"check", cli_check, "load and validate rule packs"},
    {"lint", cli_lint, "find what is legal but probably wrong in packs"},
    {"test", cli_test, "run the packs' specs"},
    {"emit", cli_emit, "process events from a file or stdin, print results as JSON"},
    {"tick", cli_tick, "run the clock to a time (due and overdue follow-ups, deadlines)"},
    {"explain", cli_explain, "show why each rule did or did not fire for an event"},
    {"replay", cli_replay, "what-if: run a changed pack over the stored history, diff the results"},
    {"query", cli_query, "show customers, tasks, approvals, penalties, actions"},
    {"db", cli_db, "store maintenance: migrate, backup, export"},
};

static void usage(FILE *out) {
  fprintf(out,
          "usage: bylaw COMMAND [OPTIONS]\n\n"
          "bylaw %s - a rules engine for customer-management policy.\n\ncommands:\n",
          BYLAW_VERSION_STRING);
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
    fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
  fprintf(out, "\nRun 'bylaw COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("bylaw %s\n", BYLAW_VERSION_STRING);
    return 0;
  }
  for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
    if (strcmp(argv[1], commands[i].name) == 0) return commands[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "bylaw: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return 2;
}
