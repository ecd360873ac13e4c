/*
 * util.h - small internal helpers shared by every engine module: the
 * replaceable allocator, detailed errors, and the time arithmetic the rules
 * need (civil dates at a fixed UTC offset, month steps that clamp to the
 * month's last day).
 */
#ifndef BYLAW_CORE_UTIL_H
#define BYLAW_CORE_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "bylaw.h"

#define BYLAW_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Recoverable "cannot happen" checks: evaluate to true when the condition
 * fails, so the caller can back out (SQLite's NEVER, knot's kr_fails_assert). */
#define BYLAW_NEVER(x) (x)

void *bylaw__malloc(size_t size);
void *bylaw__realloc(void *ptr, size_t size);
void *bylaw__calloc(size_t n, size_t size);
char *bylaw__strdup(const char *s);
char *bylaw__strndup(const char *s, size_t n);
/* Returns a heap string formatted like printf, or NULL on OOM. */
char *bylaw__sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *bylaw__vsprintf(const char *fmt, va_list ap);

/* Sets err (if not NULL) to code and a formatted message, replacing what it
 * held.  Returns code, so callers can `return bylaw__error(err, ...)`. */
int bylaw__error(bylaw_error_t *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Time.  Civil (local) date-time at a fixed offset from UTC. */
typedef struct {
  int year, month, day; /* month 1-12, day 1-31 */
  int hour, min, sec;
} bylaw_civil_t;

int64_t bylaw__days_from_civil(int y, int m, int d);
void bylaw__civil_from_days(int64_t days, int *y, int *m, int *d);
int bylaw__days_in_month(int y, int m);
void bylaw__to_civil(int64_t t, int offset_s, bylaw_civil_t *c);
int64_t bylaw__from_civil(const bylaw_civil_t *c, int offset_s);
/* Adds n months (may be negative) to t in local time; a day that does not
 * exist in the target month falls on that month's last day. */
int64_t bylaw__add_months(int64_t t, int n, int offset_s);

/* Parses a duration such as "24 hours", "1 month", "2 weeks", "10 minutes",
 * "1 year".  Sets *months or *seconds (the other to 0).  Returns 0 or
 * BYLAW_EINVAL. */
int bylaw__parse_duration(const char *text, int *months, int64_t *seconds);

/* Parses "+08:00" / "-05:30" / "UTC" into seconds east of UTC. */
int bylaw__parse_offset(const char *text, int *offset_s);

/* Validates UTF-8; returns 1 when s[0..len) is well-formed. */
int bylaw__utf8_valid(const char *s, size_t len);

/* A growing text (print.c).  An append that runs out of memory sets
 * failed and later ones do nothing, so a text is built first and checked
 * once; p is freed with bylaw_free(). */
typedef struct {
  char *p;
  size_t len, cap;
  int failed;
} bylaw_buf_t;
void bylaw__buf_put(bylaw_buf_t *b, const char *s, size_t n);
void bylaw__buf_char(bylaw_buf_t *b, char c);

/* Prints v compactly, as cJSON_PrintUnformatted does (print.c); free the
 * text with bylaw_free().  NULL when out of memory. */
struct cJSON;
char *bylaw__json_print(const struct cJSON *v);

/* The member of object obj named name (case-sensitive), or NULL; what
 * cJSON_GetObjectItemCaseSensitive finds, with fewer comparisons (json.c). */
struct cJSON *bylaw__json_member(const struct cJSON *obj, const char *name);

/* Parses an amount ("20 yuan", "500万元", "1500 fen") into fen; on failure
 * returns BYLAW_EINVAL with a static reason in *why. */
int bylaw__parse_money(const char *text, int64_t *fen, const char **why);
#endif
