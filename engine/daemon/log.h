/*
 * log.h - one-line logs of bylawd to stderr, as text or JSON, with levels.
 *
 * The daemon logs what an admin needs to follow it: start, listen address,
 * packs loaded, reloads, ticks, rejected events, store errors, shutdown.  One
 * event of interest is one line, so `journalctl` and `grep` work on it.
 */
#ifndef BYLAWD_LOG_H
#define BYLAWD_LOG_H

typedef enum {
  BYLAWD_LOG_DEBUG = 0,
  BYLAWD_LOG_INFO = 1,
  BYLAWD_LOG_WARN = 2,
  BYLAWD_LOG_ERROR = 3
} bylawd_log_level_t;

/* Sets the lowest level written and the format (json != 0: one JSON object
 * per line).  Until called, info and above are written as text. */
void bylawd_log_setup(int level, int json);

/* Parses "debug", "info", "warn" or "error"; returns 0 or -1. */
int bylawd_log_parse_level(const char *text, int *level);

void bylawd_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define LOG_DEBUG(...) bylawd_log(BYLAWD_LOG_DEBUG, __VA_ARGS__)
#define LOG_INFO(...) bylawd_log(BYLAWD_LOG_INFO, __VA_ARGS__)
#define LOG_WARN(...) bylawd_log(BYLAWD_LOG_WARN, __VA_ARGS__)
#define LOG_ERROR(...) bylawd_log(BYLAWD_LOG_ERROR, __VA_ARGS__)

#endif
