/*
 * log.c - writes bylawd's log lines (see log.h).
 *
 * Each line is built whole in a buffer and written with one fputs, so lines
 * never interleave.  Newlines inside a message are replaced by spaces in
 * text mode (a message must stay one line) and escaped in JSON mode by cJSON.
 * The level and format are process-wide: the daemon has one log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cJSON.h>

#include "log.h"

static int log_min_level = BYLAWD_LOG_INFO;
static int log_json;

static const char *const log_names[] = {"debug", "info", "warn", "error"};

void bylawd_log_setup(int level, int json) {
  log_min_level = level;
  log_json = json;
}

int bylawd_log_parse_level(const char *text, int *level) {
  for (int i = 0; i < 4; i++) {
    if (strcasecmp(text, log_names[i]) == 0) {
      *level = i;
      return 0;
    }
  }
  if (strcasecmp(text, "warning") == 0) {
    *level = BYLAWD_LOG_WARN;
    return 0;
  }
  return -1;
}

void bylawd_log(int level, const char *fmt, ...) {
  if (level < log_min_level || level < 0 || level > BYLAWD_LOG_ERROR)
    return;
  char msg[2048], stamp[80], line[8192];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);

  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
           tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
           tm.tm_min, tm.tm_sec, (int)(ts.tv_nsec / 1000000));

  if (log_json) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ts", stamp);
    cJSON_AddStringToObject(o, "level", log_names[level]);
    cJSON_AddStringToObject(o, "msg", msg);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (text == NULL)
      return;
    snprintf(line, sizeof(line), "%s\n", text);
    cJSON_free(text);
  } else {
    for (char *p = msg; *p; p++)
      if (*p == '\n' || *p == '\r')
        *p = ' ';
    snprintf(line, sizeof(line), "%s %-5s %s\n", stamp, log_names[level], msg);
  }
  fputs(line, stderr);
  fflush(stderr);
}
