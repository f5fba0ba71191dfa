#!/usr/bin/env bash
# APPEND CPU per message of a FRESH server (issue 11): for each JVM option set, a new server on a new data directory
# through the launcher, then `append-load` MULTIAPPEND ×10 and pipelined single APPENDs (4 connections, MESSAGES
# each, default 3000) into empty mailboxes, with the server's CPU from /proc and the load average beside it.
#   bench/append-fresh.sh "" "-XX:AOTMode=off" "-XX:TieredStopAtLevel=1"     # one run per argument (JAVA_OPTS)
# SATCHEL_CMD picks the launcher (default ./satchel); PORT (default 21150) the loopback port. Output: stdout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_once
cmd=$(satchel_cmd)
port=${PORT:-21150}
work=$(mktemp -d -t append-fresh.XXXXXX)
lp=
cleanup() { [ -n "$lp" ] && kill_tree "$lp"; rm -rf "$work"; }
trap cleanup EXIT
[ $# -gt 0 ] || set -- ""
for opts in "$@"; do
  data=$work/data-$RANDOM
  mkdir -p "$data"
  $cmd init --data "$data" >/dev/null # only serve and init create a store
  for i in 1 2 3 4; do echo pass | $cmd user add --data "$data" "user$i" >/dev/null; done
  JAVA_OPTS="$opts" $cmd serve --data "$data" --imap "127.0.0.1:$port" --imaps off --metrics off >"$work/server.log" 2>&1 &
  lp=$!
  wait_port 127.0.0.1 "$port" 120 || { echo "satchel did not start; see $work/server.log" >&2; exit 1; }
  echo ">> JAVA_OPTS=\"$opts\""
  for mode in multi pipelined; do
    "$JAVA_BIN" -Xss256k -cp "$CP" satchel.bench.ImapLoad append-load --host 127.0.0.1 --port "$port" --pass pass \
      --users user1,user2,user3,user4 --mode "$mode" --mailbox "Fresh$mode" --clients 4 --messages "${MESSAGES:-3000}" \
      --batch 10 --pid "$(jvm_pid "$lp")"
  done
  kill_tree "$lp"; lp=
done
