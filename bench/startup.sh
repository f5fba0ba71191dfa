#!/usr/bin/env bash
# Start-up time of `satchel serve` on a fresh data dir until the IMAP port accepts its first connection.
#   bench/startup.sh [RUNS=5]     prints each run and the median in ms
# Builds once first, so the launcher only starts the server. SATCHEL_CMD overrides the command.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_once
runs=${1:-5}
cmd=$(satchel_cmd)
work=$(mktemp -d -t startup-bench.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill_tree "$pid"; rm -rf "$work"; }
trap cleanup EXIT
times=()
for i in $(seq 1 "$runs"); do
  port=$(free_port)
  data="$work/data$i"
  mkdir -p "$data"
  t0=$(date +%s%N)
  $cmd serve --data "$data" --imap "127.0.0.1:$port" --imaps off >"$work/log$i" 2>&1 &
  pid=$!
  if ! wait_port 127.0.0.1 "$port" 60; then echo "run $i: no connection within 60 s; log:" >&2; tail -20 "$work/log$i" >&2; exit 1; fi
  t1=$(date +%s%N)
  kill_tree "$pid"; pid=
  ms=$(( (t1 - t0) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}')
echo "== startup =="
printf '  %-42s %14s ms\n' "median time to first accepted connection:" "$median"
