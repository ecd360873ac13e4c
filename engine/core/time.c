/*
 * time.c - explicit time for rules: ISO-8601 parsing and formatting, civil
 * dates at a fixed UTC offset (China has had no daylight saving since 1991,
 * so a pack's zone is an offset), month arithmetic that clamps to the last
 * day of a short month (CATALOGUE: "a day-of-month deadline that does not
 * exist falls on the month's last day"), and durations like "24 hours".
 * Dates use Howard Hinnant's days-from-civil algorithm, valid for any year.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

int64_t bylaw__days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void bylaw__civil_from_days(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

int bylaw__days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return days[m - 1];
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

void bylaw__to_civil(int64_t t, int offset_s, bylaw_civil_t *c) {
  int64_t local = t + offset_s;
  int64_t days = floor_div(local, 86400);
  int64_t secs = local - days * 86400;
  bylaw__civil_from_days(days, &c->year, &c->month, &c->day);
  c->hour = (int)(secs / 3600);
  c->min = (int)(secs / 60 % 60);
  c->sec = (int)(secs % 60);
}

int64_t bylaw__from_civil(const bylaw_civil_t *c, int offset_s) {
  return bylaw__days_from_civil(c->year, c->month, c->day) * 86400 +
         c->hour * 3600 + c->min * 60 + c->sec - offset_s;
}

int64_t bylaw__add_months(int64_t t, int n, int offset_s) {
  bylaw_civil_t c;
  bylaw__to_civil(t, offset_s, &c);
  int months = c.year * 12 + (c.month - 1) + n;
  c.year = (int)floor_div(months, 12);
  c.month = months - c.year * 12 + 1;
  int last = bylaw__days_in_month(c.year, c.month);
  if (c.day > last) c.day = last;
  return bylaw__from_civil(&c, offset_s);
}

/* Reads exactly n digits at *p into *out and advances *p. */
static int read_digits(const char **p, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)(*p)[i])) return -1;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += n;
  *out = v;
  return 0;
}

int bylaw__parse_offset(const char *s, int *offset_s) {
  if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
    *offset_s = 0;
    return 0;
  }
  int sign = s[0] == '+' ? 1 : s[0] == '-' ? -1 : 0;
  int h, m = 0;
  const char *p = s + 1;
  if (sign == 0 || read_digits(&p, 2, &h) != 0) return BYLAW_EINVAL;
  if (*p == ':') p++;
  if (*p != '\0' && read_digits(&p, 2, &m) != 0) return BYLAW_EINVAL;
  if (*p != '\0' || h > 14 || m > 59) return BYLAW_EINVAL;
  *offset_s = sign * (h * 3600 + m * 60);
  return 0;
}

int bylaw_parse_time(const char *text, int default_offset_s, int64_t *out) {
  if (text == NULL || out == NULL) return BYLAW_EINVAL;
  bylaw_civil_t c = {0};
  const char *p = text;
  if (read_digits(&p, 4, &c.year) || *p++ != '-' || read_digits(&p, 2, &c.month) ||
      *p++ != '-' || read_digits(&p, 2, &c.day))
    return BYLAW_EINVAL;
  if (c.month < 1 || c.month > 12 || c.day < 1 ||
      c.day > bylaw__days_in_month(c.year, c.month))
    return BYLAW_EINVAL;
  if (*p == 'T' || *p == ' ') {
    p++;
    if (read_digits(&p, 2, &c.hour) || *p++ != ':' || read_digits(&p, 2, &c.min))
      return BYLAW_EINVAL;
    if (*p == ':') {
      p++;
      if (read_digits(&p, 2, &c.sec)) return BYLAW_EINVAL;
    }
    if (c.hour > 23 || c.min > 59 || c.sec > 59) return BYLAW_EINVAL;
  }
  int offset = default_offset_s;
  if (*p != '\0' && bylaw__parse_offset(p, &offset) != 0) return BYLAW_EINVAL;
  *out = bylaw__from_civil(&c, offset);
  return 0;
}

void bylaw_format_time(int64_t t, int offset_s, char *buf, size_t size) {
  bylaw_civil_t c;
  bylaw__to_civil(t, offset_s, &c);
  int off = offset_s < 0 ? -offset_s : offset_s;
  if (size >= 26 && c.year >= 0 && c.year <= 9999) {
    /* Every action with a time shows one: written digit by digit. */
    const int parts[] = {c.year / 100, c.year % 100, c.month, c.day, c.hour, c.min, c.sec,
                         off / 3600, off / 60 % 60};
    static const char seps[] = {0, 0, '-', '-', 'T', ':', ':', 0, ':'};
    char *q = buf;
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
      if (i == 7) *q++ = offset_s < 0 ? '-' : '+';
      else if (seps[i]) *q++ = seps[i];
      *q++ = (char)('0' + parts[i] / 10);
      *q++ = (char)('0' + parts[i] % 10);
    }
    *q = '\0';
    return;
  }
  snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month,
           c.day, c.hour, c.min, c.sec, offset_s < 0 ? '-' : '+', off / 3600,
           off / 60 % 60);
}

int bylaw__parse_duration(const char *text, int *months, int64_t *seconds) {
  static const struct {
    const char *unit;
    int months;
    int64_t seconds;
  } units[] = {
      {"second", 0, 1},   {"minute", 0, 60}, {"hour", 0, 3600},
      {"day", 0, 86400},  {"week", 0, 604800}, {"month", 1, 0},
      {"quarter", 3, 0},  {"year", 12, 0},
  };
  char *end;
  long n = strtol(text, &end, 10);
  if (end == text || n < 0 || n > 100000) return BYLAW_EINVAL;
  while (*end == ' ') end++;
  size_t len = strlen(end);
  if (len > 0 && end[len - 1] == 's') len--; /* "hours" as "hour" */
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(units); i++) {
    if (strlen(units[i].unit) == len && strncmp(end, units[i].unit, len) == 0) {
      *months = (int)n * units[i].months;
      *seconds = n * units[i].seconds;
      return 0;
    }
  }
  return BYLAW_EINVAL;
}

int bylaw__utf8_valid(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s, *end = p + len;
  while (p < end) {
    /* Most text is ASCII: skip it eight bytes at a time. */
    uint64_t word;
    if (end - p >= 8 && (memcpy(&word, p, 8), (word & 0x8080808080808080ULL) == 0)) {
      p += 8;
      continue;
    }
    unsigned c = *p;
    size_t n;
    unsigned min;
    if (c < 0x80) { p++; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; c &= 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; c &= 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; c &= 0x07; }
    else return 0;
    if ((size_t)(end - p) <= n) return 0;
    for (size_t i = 1; i <= n; i++) {
      if ((p[i] & 0xC0) != 0x80) return 0;
      c = (c << 6) | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    p += n + 1;
  }
  return 1;
}
