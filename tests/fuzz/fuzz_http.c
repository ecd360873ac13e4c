/* fuzz_http.c - libFuzzer target: arbitrary bytes as what a client sends
 * bylawd.  The real daemon (its main(), as bylawd_main in bylawd_main.c)
 * runs in a thread on an in-memory store with the fuzz pack and a pack
 * token; each input goes over a fresh loopback connection whose sending
 * side is then shut, and the target reads until bylawd closes it.  So
 * h2o's parser, the header and body limits, authentication, the routing,
 * query parameters, JSON bodies, the handlers and group commit all see the
 * bytes as they would from the network.  A connection that bylawd neither
 * answers nor closes within FUZZ_WAIT_MS is a hang, reported as a crash.
 *
 * No admin token is configured: an admin may write a backup to any path,
 * which a fuzzer would turn into writes all over the file system.  Admin
 * routes still run as far as refusing the pack token. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define FUZZ_WAIT_MS 10000
#define FUZZ_TOKEN "fuzz-pack-token" /* the seeds in corpus/http send it */

int bylawd_main(int argc, char **argv);

static struct sockaddr_in daemon_addr;
static pthread_t daemon_thread;
static char config_path[] = "/tmp/bylaw-fuzz-http-XXXXXX";
static char port_arg[32];
static char *daemon_argv[] = {
    "bylawd", "--config", config_path, "--db", ":memory:", "--rules", BYLAW_FUZZ_RULES,
    "--listen", port_arg, "--no-watch", "--no-specs", "--log-level", "error",
    "--test-clock=2026-03-02T09:00:00+08:00", NULL};

static void *daemon_run(void *arg) {
  (void)arg;
  int code = bylawd_main((int)(sizeof(daemon_argv) / sizeof(*daemon_argv)) - 1, daemon_argv);
  if (code != 0) {
    fprintf(stderr, "fuzz_http: bylawd exited with %d\n", code);
    abort();
  }
  return NULL;
}

/* A loopback port nothing listens on now, for bylawd to take. */
static int fuzz_free_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof(a);
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
      getsockname(fd, (struct sockaddr *)&a, &len) != 0)
    abort();
  close(fd);
  return ntohs(a.sin_port);
}

/* A connection to bylawd; closing it resets rather than lingers, so the
 * run does not use up the ephemeral ports in TIME_WAIT. */
static int fuzz_connect(void) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct linger no_linger = {1, 0};
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_LINGER, &no_linger, sizeof(no_linger)) != 0)
    abort();
  int rc = connect(fd, (struct sockaddr *)&daemon_addr, sizeof(daemon_addr));
  if (rc != 0 && errno == EINTR) {
    /* A signal (libFuzzer's timer) cut the wait short; the connection goes
     * on being made, and is ready once the socket is writable. */
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    int soerr = 0;
    socklen_t len = sizeof(soerr);
    while ((rc = poll(&p, 1, FUZZ_WAIT_MS)) < 0 && errno == EINTR) {
    }
    rc = rc == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr == 0 ? 0 : -1;
  }
  if (rc != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Reads until bylawd closes the connection; 0, or -1 after FUZZ_WAIT_MS. */
static int fuzz_drain(int fd) {
  char buf[16384];
  struct pollfd p = {.fd = fd, .events = POLLIN};
  for (;;) {
    int n = poll(&p, 1, FUZZ_WAIT_MS);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    ssize_t got = read(fd, buf, sizeof(buf));
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      return 0; /* closed, or reset */
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  signal(SIGPIPE, SIG_IGN);
  int fd = mkstemp(config_path);
  static const char config[] = "tokens = { fuzz = { \"" FUZZ_TOKEN "\" } }\n";
  if (fd < 0 || write(fd, config, sizeof(config) - 1) != (ssize_t)sizeof(config) - 1)
    abort();
  close(fd);
  int port = fuzz_free_port();
  snprintf(port_arg, sizeof(port_arg), "127.0.0.1:%d", port);
  daemon_addr = (struct sockaddr_in){.sin_family = AF_INET,
                                     .sin_port = htons((uint16_t)port),
                                     .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (pthread_create(&daemon_thread, NULL, daemon_run, NULL) != 0)
    abort();
  /* Up when it accepts a connection (it loads the pack first). */
  for (int i = 0; i < 1000; i++) {
    int c = fuzz_connect();
    if (c >= 0) {
      close(c);
      unlink(config_path);
      return 0;
    }
    usleep(10000);
  }
  fprintf(stderr, "fuzz_http: bylawd did not start listening on %s\n", port_arg);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int fd = fuzz_connect();
  if (fd < 0) {
    fprintf(stderr, "fuzz_http: cannot connect to bylawd: %s\n", strerror(errno));
    abort();
  }
  size_t sent = 0;
  while (sent < size) {
    ssize_t n = write(fd, data + sent, size - sent);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break; /* bylawd closed early (a refused header, say): fine */
    sent += (size_t)n;
  }
  shutdown(fd, SHUT_WR);
  if (fuzz_drain(fd) != 0) {
    fprintf(stderr, "fuzz_http: bylawd neither answered nor closed in %d ms\n", FUZZ_WAIT_MS);
    abort();
  }
  close(fd);
  return 0;
}
