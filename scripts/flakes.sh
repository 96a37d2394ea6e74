#!/usr/bin/env bash
# make flakes: the flake hunt. Runs the tests that start processes COUNT
# times over, with every CPU kept busy by a `yes` each (as CI's noisy
# 2-CPU machine is), and prints, for each test that failed at least once,
# how often, with its first failure's lines. Exit 1 if any test failed.
#
#   make flakes [COUNT=20] [RUN=regexp] [PKGS="./server ./client ..."] [TIMEOUT=20m] [BUSY=yes|no]
set -uo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-20}
run=${RUN:-.}
pkgs=${PKGS:-./server ./client ./sockutil/... ./scripts/...}
timeout=${TIMEOUT:-20m}
busy=${BUSY:-yes}

log=$(mktemp -d)
hogs=()
stop_hogs() { for h in "${hogs[@]}"; do kill "$h" 2>/dev/null; done; wait 2>/dev/null; }
trap 'stop_hogs; rm -rf "$log"' EXIT
if [ "$busy" = yes ]; then
  for _ in $(seq "$(nproc)"); do yes >/dev/null & hogs+=($!); done
fi

echo "flakes: go test -count=$count -run '$run' -timeout $timeout $pkgs, $([ "$busy" = yes ] && echo "with $(nproc) CPUs busy" || echo "idle")"
start=$SECONDS
# shellcheck disable=SC2086 # pkgs is a list
go test -count="$count" -run "$run" -timeout "$timeout" $pkgs >"$log/out" 2>&1
status=$?
echo "flakes: done in $((SECONDS - start)) s (go test exit $status)"

# Each --- FAIL line names a test (subtests too); count them, and show the
# first failure's output of each top-level test.
grep -oE -- '--- FAIL: [^ ]+' "$log/out" | sed 's/--- FAIL: //' | sort | uniq -c | sort -rn >"$log/fails"
if [ ! -s "$log/fails" ]; then
  if [ "$status" -ne 0 ]; then
    echo "flakes: go test failed without a failing test (build error, panic or timeout):"
    tail -n 40 "$log/out"
    exit 1
  fi
  echo "flakes: no failures"
  exit 0
fi
echo "flakes: failures per test, out of $count runs each:"
sed 's/^/  /' "$log/fails"
for t in $(awk '{print $2}' "$log/fails" | grep -v / ); do
  echo
  echo "== first failure of $t:"
  awk -v t="--- FAIL: $t " 'index($0, t) == 1 {p = 1} p && n < 25 {print; n++} p && /^(=== RUN|--- PASS|FAIL|ok )/ && n > 1 {exit}' "$log/out"
done
exit 1
