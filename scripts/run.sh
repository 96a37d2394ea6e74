#!/usr/bin/env bash
# make run: start the Go server, run the Go client against it, show what the
# client prints. The server gets -port 0, so the kernel picks a free port and
# a second run never meets the first run's port in TIME_WAIT; the server's
# "listening on" line on stderr, read through a FIFO, says when and where to
# connect: no sleep, no guessed port.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/ready"

bin/server -port 0 2>"$tmp/ready" &
server=$!
exec 3<"$tmp/ready"
if ! read -r -t 10 line <&3; then
  echo "run: the server did not report its port within 10 s" >&2
  kill "$server" 2>/dev/null || true
  exit 1
fi
echo "$line"
port=${line##*:}

echo "client: bin/client -port $port"
out=$(bin/client -port "$port")
echo "$out"
wait "$server"
if [ "$out" != "Server Message" ]; then
  echo "run: the client printed the above, not \"Server Message\"" >&2
  exit 1
fi
echo "both exited 0"
