#!/usr/bin/env bash
# Installs libbylaw into a temporary prefix and builds examples/embed.c
# against it with pkg-config, as an embedder would, then runs it.
source "$(dirname "$0")/lib.bash"
BUILD=$(dirname "$BYLAW")
cmake --install "$BUILD" --prefix "$TMP/prefix" >/dev/null
PC=$(find "$TMP/prefix" -name bylaw.pc -printf '%h\n' | head -1)
flags=$(PKG_CONFIG_PATH=$PC pkg-config --cflags --libs bylaw)
cc -Wall -Wextra -Werror ${EMBED_CFLAGS:-} -o "$TMP/embed" "$SRC/examples/embed.c" $flags
out=$(cd "$TMP" && LD_LIBRARY_PATH=$(dirname "$(find "$TMP/prefix" -name 'libbylaw.so' | head -1)") \
  ./embed "$SRC/rules" "$TMP/embed.db")
expect_contains "the example classifies a customer" "$out" '"class":"A"'
expect_contains "the example runs the clock" "$out" '"type":"escalate"'

# The same engine on the embedder's own libuv loop, with its own clock.
uvflags=$(PKG_CONFIG_PATH=$PC pkg-config --cflags --libs bylaw libuv)
cc -Wall -Wextra -Werror ${EMBED_CFLAGS:-} -o "$TMP/embed_uv" "$SRC/examples/embed_uv.c" $uvflags
out=$(cd "$TMP" && LD_LIBRARY_PATH=$(dirname "$(find "$TMP/prefix" -name 'libbylaw.so' | head -1)") \
  ./embed_uv "$SRC/rules" "$TMP/embed_uv.db")
expect_contains "the scheduler on the caller's loop reports the tick's counts" "$out" \
  '"pack":"siwei","status":"applied","action_count":'
expect_contains "... with the escalation among them" "$out" '"escalate":1'
expect_contains "the escalation of the overdue follow-up is in the action log" "$out" \
  '"type":"escalate","rule":"overdue follow-ups","clause":"engine","task":1,"to":"sales_gm"'
finish
