/*
 * money.c - reads amounts the way regulations write them ("20 yuan",
 * "50元", "5,000,000 yuan", "500万元", "30000.01 yuan", "1500 fen") into
 * integer fen, with no floating point anywhere: 0.1 yuan is exactly 10 fen.
 */
#include <ctype.h>
#include <string.h>

#include "core/util.h"

static const struct {
  const char *unit;
  int64_t fen; /* fen per unit */
} money_units[] = {
    {"yuan", 100}, {"元", 100}, {"fen", 1}, {"分", 1},
    {"万元", 1000000}, {"万 yuan", 1000000}, {"万", 1000000},
};

int bylaw__parse_money(const char *text, int64_t *fen, const char **why) {
  const char *p = text;
  int64_t whole = 0, frac = 0, frac_scale = 1;
  int digits = 0;
  while (*p == ' ') p++;
  for (; isdigit((unsigned char)*p) || *p == ','; p++) {
    if (*p == ',') continue;
    if (whole > (INT64_MAX / 10) / 1000000) goto too_big;
    whole = whole * 10 + (*p - '0');
    digits++;
  }
  if (*p == '.') {
    for (p++; isdigit((unsigned char)*p); p++) {
      if (frac_scale >= 1000000) {
        *why = "too many decimal places";
        return BYLAW_EINVAL;
      }
      frac = frac * 10 + (*p - '0');
      frac_scale *= 10;
      digits++;
    }
  }
  if (digits == 0) {
    *why = "expected an amount such as \"20 yuan\" or \"500万元\"";
    return BYLAW_EINVAL;
  }
  while (*p == ' ') p++;
  for (size_t i = 0; i < BYLAW_ARRAY_SIZE(money_units); i++) {
    if (strcmp(p, money_units[i].unit) != 0) continue;
    int64_t per = money_units[i].fen;
    if (whole > INT64_MAX / per) goto too_big;
    if ((frac * per) % frac_scale != 0) {
      *why = "amount is not a whole number of fen";
      return BYLAW_EINVAL;
    }
    *fen = whole * per + frac * per / frac_scale;
    return 0;
  }
  *why = "unknown currency unit (use yuan, 元, 万元 or fen)";
  return BYLAW_EINVAL;
too_big:
  *why = "amount too large";
  return BYLAW_EINVAL;
}
