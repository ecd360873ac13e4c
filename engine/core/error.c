/*
 * error.c - error codes, their names and messages (one X-macro list in
 * bylaw.h feeds all three), and the detailed bylaw_error_t.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"

const char *bylaw_err_name(int code) {
  switch (code) {
#define XX(name, val, msg) case BYLAW_##name: return "BYLAW_" #name;
    BYLAW_ERRNO_MAP(XX)
#undef XX
  case 0: return "BYLAW_OK";
  }
  return "BYLAW_UNKNOWN";
}

const char *bylaw_strerror(int code) {
  switch (code) {
#define XX(name, val, msg) case BYLAW_##name: return msg;
    BYLAW_ERRNO_MAP(XX)
#undef XX
  case 0: return "success";
  }
  return "unknown error";
}

void bylaw_error_clear(bylaw_error_t *err) {
  if (err == NULL) return;
  bylaw_free(err->message);
  err->message = NULL;
  err->code = 0;
}

int bylaw__error(bylaw_error_t *err, int code, const char *fmt, ...) {
  if (err == NULL) return code;
  /* Format before freeing: the arguments may include err->message. */
  va_list ap;
  va_start(ap, fmt);
  char *message = bylaw__vsprintf(fmt, ap); /* NULL on OOM: code still set */
  va_end(ap);
  bylaw_error_clear(err);
  err->code = code;
  err->message = message;
  return code;
}
