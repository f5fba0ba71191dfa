#!/usr/bin/env bash
# Builds once and runs the load tool:  bench/run.sh SUBCOMMAND [--host 127.0.0.1 --port N --user U --pass P ...]
# Set BENCH_NO_BUILD=1 to skip the Maven build (compare.sh does that after building once).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_once
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # idle-conns / idle-latency hold thousands of sockets
exec "$JAVA_BIN" -Xss256k -cp "$CP" satchel.bench.ImapLoad "$@"
