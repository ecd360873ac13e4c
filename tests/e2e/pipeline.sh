#!/usr/bin/env bash
# pipeline.sh - a client that writes several single events on one
# connection before reading any answer (HTTP/1.1 pipelining) gets every
# answer at once, whether the daemon answers after its own flush of the
# log (durability full) or straight after the commit (normal).  h2o routes
# such a next request from the callback of the previous answer's write,
# before the loop polls; the group it joins used to wait for the next read
# or timer, here the read timeout of a minute (engine/daemon/group.c).
. "$(dirname "$0")/lib.sh"

EVENTS=4
WAIT=20 # seconds the client waits for all answers: well under the minute

# pipelined PREFIX: sends EVENTS customer.upsert events in one write, shuts
# the sending side, and prints the status of each answer, one a line.
pipelined() {
  python3 - "$PORT" "$PACK_TOKEN" "$1" "$EVENTS" "$WAIT" <<'PY'
import re, socket, sys
port, token, prefix, n, wait = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
out = b""
for i in range(n):
    body = ('{"id":"%s%d","pack":"e2e","type":"customer.upsert","at":"2026-01-05T09:00:00+08:00",'
            '"data":{"id":"%s%d","segment":"retail"}}' % (prefix, i, prefix, i)).encode()
    out += (b"POST /v1/events HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token.encode() +
            b"\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
s = socket.create_connection(("127.0.0.1", int(port)))
s.settimeout(wait)
s.sendall(out)
s.shutdown(socket.SHUT_WR)
got = b""
try:
    while got.count(b"HTTP/1.1 ") < n or not got.endswith(b"}"):
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
except socket.timeout:
    pass
# Each answer's status line follows the previous answer's body directly.
for status in re.findall(rb"HTTP/1\.1 (\d{3}) ", got):
    print(status.decode())
PY
}

setup_rules
sed -i "s/read_timeout_ms = [0-9]*/read_timeout_ms = 60000/" "$WORK/bylawd.lua"
for sync in full normal; do
  sed -i "s/^sync = .*/sync = \"$sync\"/" "$WORK/bylawd.lua"
  rm -f "$WORK"/var/bylaw.db*
  start_daemon
  answers=$(pipelined "$sync-")
  n200=$(grep -c '^200$' <<<"$answers" || true)
  if [ "$n200" -eq "$EVENTS" ]; then ok; else
    fail "$sync: $n200 of $EVENTS pipelined events answered 200 within ${WAIT}s"; fi
  req GET "/v1/customers?limit=1" "$PACK_TOKEN"
  expect_json ".total == $EVENTS" "$sync: every pipelined event applied once"
  stop_daemon
done
finish
