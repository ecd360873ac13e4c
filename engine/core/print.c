/*
 * print.c - compact JSON printing, byte for byte what cJSON_PrintUnformatted
 * prints, at a fraction of its cost.
 *
 * Every event prints its actions for the log, the event's own attributes
 * for the store and its result for the caller.  cJSON formats every number
 * with sprintf and reads it back with sscanf to check the round trip, and
 * grows its buffer by reallocating; nearly all of bylaw's numbers are whole
 * (fen, ids, counts), which are written here digit by digit, into a buffer
 * kept between calls.  The text must stay the same as cJSON's: action logs
 * written by either are compared by replay, and stored event bodies by the
 * inbox.  Numbers that are not whole, or too large to be written exactly
 * as digits, are still printed by cJSON itself.
 */
#include <math.h>
#include <string.h>

#include "core/engine.h"
#include "core/util.h"

#define PRINT_FIRST_SIZE 4096
/* A buffer grown past this (a tick's result) is given back after use, so
 * one large print does not hold its memory for the engine's life. */
#define PRINT_KEEP_MAX (1u << 20)
/* Whole numbers below this print the same as digits and as cJSON's
 * "%1.15g" (no exponent, no rounding); -0 prints as "-0" there. */
#define PRINT_EXACT_MAX 1e15

static int buf_reserve(bylaw_buf_t *b, size_t more) {
  if (b->failed) return -1;
  if (b->len + more <= b->cap) return 0;
  size_t want = b->cap ? b->cap : PRINT_FIRST_SIZE;
  while (want < b->len + more) want *= 2;
  char *p = bylaw__realloc(b->p, want);
  if (p == NULL) {
    b->failed = 1;
    return -1;
  }
  b->p = p;
  b->cap = want;
  return 0;
}

void bylaw__buf_put(bylaw_buf_t *b, const char *s, size_t n) {
  if (buf_reserve(b, n) != 0) return;
  memcpy(b->p + b->len, s, n);
  b->len += n;
}

void bylaw__buf_char(bylaw_buf_t *b, char c) {
  if (buf_reserve(b, 1) == 0) b->p[b->len++] = c;
}

/* The bytes a string's text stops at: the end, and what is escaped. */
static const unsigned char print_stops[256] = {
    [0 ... 31] = 1, ['"'] = 1, ['\\'] = 1};

/* A string in quotes, escaped as cJSON escapes: the two-letter forms it
 * knows, \u00xx for the other control characters, every other byte (UTF-8
 * included) as it is. */
static void print_string(bylaw_buf_t *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  bylaw__buf_char(b, '"');
  if (s == NULL) s = "";
  const char *run = s;
  for (;; s++) {
    unsigned char c = (unsigned char)*s;
    if (!print_stops[c]) continue;
    bylaw__buf_put(b, run, (size_t)(s - run));
    if (c == '\0') break;
    char esc[6] = {'\\', 0};
    size_t n = 2;
    switch (c) {
    case '"': esc[1] = '"'; break;
    case '\\': esc[1] = '\\'; break;
    case '\b': esc[1] = 'b'; break;
    case '\f': esc[1] = 'f'; break;
    case '\n': esc[1] = 'n'; break;
    case '\r': esc[1] = 'r'; break;
    case '\t': esc[1] = 't'; break;
    default:
      memcpy(esc + 1, "u00", 3);
      esc[4] = hex[c >> 4];
      esc[5] = hex[c & 15];
      n = 6;
    }
    bylaw__buf_put(b, esc, n);
    run = s + 1;
  }
  bylaw__buf_char(b, '"');
}

static void print_int(bylaw_buf_t *b, int64_t i) {
  char digits[24];
  size_t n = sizeof(digits);
  uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
  do {
    digits[--n] = (char)('0' + u % 10);
    u /= 10;
  } while (u > 0);
  if (i < 0) digits[--n] = '-';
  bylaw__buf_put(b, digits + n, sizeof(digits) - n);
}

static void print_number(bylaw_buf_t *b, const cJSON *v) {
  double d = v->valuedouble;
  if (d == floor(d) && fabs(d) < PRINT_EXACT_MAX && !(d == 0 && signbit(d))) {
    print_int(b, (int64_t)d);
    return;
  }
  char text[64];
  if (!cJSON_PrintPreallocated((cJSON *)v, text, (int)sizeof(text), 0)) {
    b->failed = 1;
    return;
  }
  bylaw__buf_put(b, text, strlen(text));
}

static void print_value(bylaw_buf_t *b, const cJSON *v) {
  switch (v->type & 0xff) {
  case cJSON_NULL: bylaw__buf_put(b, "null", 4); return;
  case cJSON_False: bylaw__buf_put(b, "false", 5); return;
  case cJSON_True: bylaw__buf_put(b, "true", 4); return;
  case cJSON_Number: print_number(b, v); return;
  case cJSON_String: print_string(b, v->valuestring); return;
  case cJSON_Raw:
    if (v->valuestring == NULL) b->failed = 1;
    else bylaw__buf_put(b, v->valuestring, strlen(v->valuestring));
    return;
  case cJSON_Array:
  case cJSON_Object: {
    int object = (v->type & 0xff) == cJSON_Object;
    bylaw__buf_char(b, object ? '{' : '[');
    for (const cJSON *c = v->child; c && !b->failed; c = c->next) {
      if (c != v->child) bylaw__buf_char(b, ',');
      if (object) {
        print_string(b, c->string);
        bylaw__buf_char(b, ':');
      }
      print_value(b, c);
    }
    bylaw__buf_char(b, object ? '}' : ']');
    return;
  }
  default: b->failed = 1; /* cJSON_Invalid: cJSON prints nothing either */
  }
}

char *bylaw__json_print(const cJSON *v) {
  bylaw_buf_t b = {0};
  if (v) print_value(&b, v);
  bylaw__buf_char(&b, '\0');
  if (v == NULL || b.failed) {
    bylaw_free(b.p);
    return NULL;
  }
  return b.p;
}

/* The engine's scratch buffer, given back first when a large print grew it. */
static bylaw_buf_t scratch_take(bylaw_engine_t *engine) {
  if (engine->scratch_size > PRINT_KEEP_MAX) {
    bylaw_free(engine->scratch);
    engine->scratch = NULL;
    engine->scratch_size = 0;
  }
  return (bylaw_buf_t){engine->scratch, 0, engine->scratch_size, 0};
}

/* Ends the text and hands the buffer back to the engine; the text or NULL. */
static const char *scratch_give(bylaw_engine_t *engine, bylaw_buf_t *b) {
  bylaw__buf_char(b, '\0');
  engine->scratch = b->p;
  engine->scratch_size = b->cap;
  return b->failed ? NULL : b->p;
}

const char *bylaw__print_scratch(bylaw_engine_t *engine, const cJSON *v) {
  bylaw_buf_t b = scratch_take(engine);
  if (v) print_value(&b, v);
  else b.failed = 1;
  return scratch_give(engine, &b);
}

void bylaw__printer_open(bylaw_printer_t *pr, bylaw_engine_t *engine) {
  pr->engine = engine;
  pr->b = scratch_take(engine);
  pr->members = 0;
  bylaw__buf_char(&pr->b, '{');
}

/* The separator and "key": of the next member. */
static void printer_key(bylaw_printer_t *pr, const char *key) {
  if (pr->members++) bylaw__buf_char(&pr->b, ',');
  print_string(&pr->b, key);
  bylaw__buf_char(&pr->b, ':');
}

void bylaw__printer_value(bylaw_printer_t *pr, const char *key, const cJSON *v) {
  printer_key(pr, key);
  print_value(&pr->b, v);
}

void bylaw__printer_string(bylaw_printer_t *pr, const char *key, const char *s) {
  printer_key(pr, key);
  print_string(&pr->b, s);
}

void bylaw__printer_int(bylaw_printer_t *pr, const char *key, int64_t n) {
  printer_key(pr, key);
  print_int(&pr->b, n);
}

const char *bylaw__printer_close(bylaw_printer_t *pr) {
  bylaw__buf_char(&pr->b, '}');
  return scratch_give(pr->engine, &pr->b);
}

char *bylaw__print(bylaw_engine_t *engine, const cJSON *v) {
  const char *text = bylaw__print_scratch(engine, v);
  return text ? bylaw__strdup(text) : NULL;
}
