# lib.bash - helpers for the CLI end-to-end tests: a temporary folder removed
# on exit, and checks that print what they expected and what they got.
set -euo pipefail
BYLAW=$1
SRC=$2
TMP=$(mktemp -d /tmp/bylaw-cli-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
failures=0
checks=0

# expect_contains NAME TEXT NEEDLE
expect_contains() {
  checks=$((checks + 1))
  if [[ "$2" != *"$3"* ]]; then
    echo "FAIL $1: expected to find: $3"
    echo "  in: $2" | head -c 2000
    echo
    failures=$((failures + 1))
  fi
}

# expect_status NAME WANT GOT
expect_status() {
  checks=$((checks + 1))
  if [ "$2" != "$3" ]; then
    echo "FAIL $1: exit status $3, expected $2"
    failures=$((failures + 1))
  fi
}

finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}
