/* fuzz_http.c - libFuzzer target: arbitrary bytes as an HTTP request on the
 * daemon's request path.  The request is parsed by the HTTP/1 parser h2o
 * serves bylawd with (picohttpparser, inside libh2o); a POST /v1/events body
 * then goes where bylawd sends it: one event to bylaw_submit, an array to
 * bylaw_submit_batch, on a scratch in-memory store. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bylaw.h"

/* picohttpparser's API, as exported by libh2o (no header is installed). */
struct phr_header {
  const char *name;
  size_t name_len;
  const char *value;
  size_t value_len;
};
int phr_parse_request(const char *buf, size_t len, const char **method, size_t *method_len,
                      const char **path, size_t *path_len, int *minor_version,
                      struct phr_header *headers, size_t *num_headers, size_t last_len);

static bylaw_engine_t *engine;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  bylaw_options_t o;
  bylaw_options_init(&o);
  o.db_path = ":memory:";
  o.rules_dir = BYLAW_FUZZ_RULES;
  o.sync = BYLAW_SYNC_OFF;
  o.instr_budget = 200000;
  bylaw_error_t err = {0, NULL};
  if (bylaw_engine_new(&engine, &o, &err) != 0) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *method, *path;
  size_t mlen, plen, nh = 32;
  int minor;
  struct phr_header h[32];
  int n = phr_parse_request((const char *)data, size, &method, &mlen, &path, &plen, &minor, h,
                            &nh, 0);
  if (n <= 0) return 0;
  const char *body = (const char *)data + n;
  size_t blen = size - (size_t)n;
  if (mlen != 4 || memcmp(method, "POST", 4) != 0 || plen < 10 ||
      memcmp(path, "/v1/events", 10) != 0)
    return 0;
  char *result = NULL;
  bylaw_error_t err = {0, NULL};
  cJSON *root = cJSON_ParseWithLength(body, blen);
  if (cJSON_IsArray(root)) {
    int count = cJSON_GetArraySize(root);
    if (count > 64) count = 64;
    char *texts[64];
    const char *evs[64];
    size_t lens[64];
    char *results[64] = {0};
    for (int i = 0; i < count; i++) {
      texts[i] = cJSON_PrintUnformatted(cJSON_GetArrayItem(root, i));
      evs[i] = texts[i] ? texts[i] : "";
      lens[i] = strlen(evs[i]);
    }
    bylaw_submit_batch(engine, evs, lens, (size_t)count, results, &err);
    for (int i = 0; i < count; i++) {
      bylaw_free(results[i]);
      cJSON_free(texts[i]);
    }
  } else {
    bylaw_submit(engine, body, blen, &result, &err);
    bylaw_free(result);
  }
  cJSON_Delete(root);
  bylaw_error_clear(&err);
  return 0;
}
