#!/usr/bin/env bash
# Import and backup figures (issue 13): generates a Dovecot-style Maildir (satchel.bench.MaildirGen), times
# `satchel import` into a fresh store (messages/s, MiB/s of Maildir files), then serves that store, keeps a client
# appending (2 connections) and times `satchel backup` meanwhile; the backup is restored elsewhere and checked.
#   bench/import.sh [--messages N]   (default 20000; the documented target size is 100000)
# Env: OUT (default target/import-results), BENCH_NO_BUILD=1 skips the build.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
messages=20000
while [ $# -gt 0 ]; do
  case $1 in
    --messages) messages=$2; shift 2 ;;
    *) sed -n '2,7p' "$0" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$root/target/import-results}
mkdir -p "$OUT"
build_once
satchel=$(satchel_cmd)
work=$(mktemp -d -t import-bench.XXXXXX)
server=""
appender=""
cleanup() {
  [ -n "$appender" ] && kill_tree "$appender"
  [ -n "$server" ] && kill_tree "$server"
  rm -rf "$work"
}
trap cleanup EXIT

"$JAVA_BIN" -cp "$CP" satchel.bench.MaildirGen "$work/Maildir" "$messages" | tee "$OUT/generated.txt"
bytes=$(find "$work/Maildir" -path '*/cur/*' -type f -printf '%s\n' | awk '{s += $1} END {print s}')
uptime | sed 's/.*load/load/' | tee "$OUT/summary.txt"
$satchel init --data "$work/data" >/dev/null # only serve and init create a store
echo pass | $satchel user add bench --data "$work/data" >/dev/null

TIMEFORMAT='%R %U %S'
{ time $satchel import bench "$work/Maildir" --data "$work/data" --quiet >"$OUT/import.txt"; } 2>"$OUT/import-time.txt"
cat "$OUT/import.txt"
read -r wall user sys < <(tail -1 "$OUT/import-time.txt") # the last line: time's; above it, anything the JVM said
awk -v n="$messages" -v b="$bytes" -v t="$wall" -v c="$(echo "$user + $sys" | bc)" 'BEGIN {
  printf "import: %d messages, %.1f MiB in %.1f s: %.0f messages/s, %.1f MiB/s (CPU %.1f s)\n", n, b / 1048576, t, n / t, b / 1048576 / t, c
}' | tee -a "$OUT/summary.txt"
ls -l "$work/data/satchel.db" | awk '{printf "store size: %.1f MiB\n", $5 / 1048576}' | tee -a "$OUT/summary.txt"

port=$(free_port)
$satchel serve --data "$work/data" --imap "127.0.0.1:$port" --imaps off --metrics off >"$OUT/serve.log" 2>&1 &
server=$!
wait_port 127.0.0.1 "$port" 60
"$JAVA_BIN" -cp "$CP" satchel.bench.KeepAppending "$port" bench pass 2 >"$OUT/append.txt" 2>&1 &
appender=$!
sleep 3 # the appenders are connected and writing
before=$(tail -1 "$OUT/append.txt" | awk '{print $3}')
start=$(date +%s.%N)
$satchel backup "$work/backup.db" --data "$work/data" | tee "$OUT/backup.txt"
end=$(date +%s.%N)
after=$(tail -1 "$OUT/append.txt" | awk '{print $3}')
awk -v s="$start" -v e="$end" -v a="$before" -v b="$after" 'BEGIN {
  printf "backup while 2 clients append: %.1f s (about %d APPENDs acknowledged meanwhile)\n", e - s, b - a
}' | tee -a "$OUT/summary.txt"
kill_tree "$appender"; appender=""
kill_tree "$server"; server=""
$satchel restore "$work/backup.db" --data "$work/restored" | tee -a "$OUT/summary.txt"
