#!/usr/bin/env bash
# One big mailbox (issue 11): the first SELECT, `FETCH 1:* (UID FLAGS)` twice, then N more sessions selecting it:
# wall time, the server's CPU seconds, RSS and live heap per selecting session (satchel.bench.SelectMemory).
#   bench/million.sh [--messages 1000000] [--seed 2000] [--sessions 9] [--data DIR]
# Fill: SEED generated messages by MULTIAPPEND (bench/run.sh populate), then their rows copied in SQL with new UIDs up
# to MESSAGES (satchel.bench.CopyRows; seconds instead of an hour of APPENDs; not for SEARCH figures). --data DIR
# keeps the filled store there and reuses it on the next run (the fill is skipped when DIR/satchel.db exists); each
# measurement serves it with a fresh process started by the launcher, so with its JVM options (JAVA_OPTS adds more).
# Env: BENCH_NO_BUILD=1 skips the build; OUT (default target/million-results).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
messages=1000000 seed=2000 sessions=9 data=
while [ $# -gt 0 ]; do
  case $1 in
    --messages) messages=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --sessions) sessions=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$root/target/million-results}
mkdir -p "$OUT"
build_once
export BENCH_NO_BUILD=1
satchel=$(satchel_cmd)
work=$(mktemp -d -t million-bench.XXXXXX)
[ -n "$data" ] || data=$work/data
server=
cleanup() { [ -n "$server" ] && kill_tree "$server"; rm -rf "$work"; }
trap cleanup EXIT

serve() {
  port=$(free_port)
  $satchel serve --data "$data" --imap "127.0.0.1:$port" --imaps off --metrics off >"$OUT/serve.log" 2>&1 &
  server=$!
  wait_port 127.0.0.1 "$port" 120 || { echo "satchel did not start; see $OUT/serve.log" >&2; exit 1; }
}

if [ ! -f "$data/satchel.db" ]; then
  mkdir -p "$data"
  $satchel init --data "$data" >/dev/null
  echo pass | $satchel user add bench --data "$data" >/dev/null
  serve
  "$root/bench/run.sh" populate --host 127.0.0.1 --port "$port" --user bench --pass pass --messages "$seed" \
    --mailbox big | tee "$OUT/fill.txt"
  kill_tree "$server"; server=
  "$JAVA_BIN" -cp "$CP" satchel.bench.CopyRows "$data" bench big "$messages" | tee -a "$OUT/fill.txt"
fi
serve
uptime | sed 's/.*load/load/' | tee "$OUT/summary.txt"
"$JAVA_BIN" -cp "$CP" satchel.bench.SelectMemory "$port" "$(jvm_pid "$server")" bench big "$sessions" | tee -a "$OUT/summary.txt"
uptime | sed 's/.*load/load/' | tee -a "$OUT/summary.txt"
