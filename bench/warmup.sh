#!/usr/bin/env bash
# First minute against steady state, and memory after a burst and after idling, for an installed-layout copy
# (satchel-server/target/dist/satchel-VERSION from `./mvnw package -Pdist`, or DIST=/opt/satchel).
#   bench/warmup.sh [warmup|paired|memory|all]
# warmup: a fresh server with its AOT cache and one with -XX:AOTMode=off; right after start, 1,000 logins
#   (connect, LOGIN, LOGOUT, one at a time) then 1,000 `FETCH n (FLAGS BODY.PEEK[])` in one session, twice:
#   round 1 is the first minute, round 2 the steady state; with the server's CPU seconds for each. 200 messages
#   are stored beforehand by another process (imap-stdio), so nothing warms the server before the clock starts.
#   paired: the same, the cached and the uncached server side by side at once (fairer on a loaded machine).
#   MODES="aot no-aot aot-no-profiles" picks the runs (default aot no-aot aot no-aot); ROUNDS=4 runs longer.
# memory: a burst (4 clients APPEND 2,000 messages of ~24 KiB, then FETCH them all), then RSS sampled while idle,
#   with the launcher's collector settings and with G1's periodic collection off (-XX:G1PeriodicGCInterval=0);
#   MEM_MODES="default no-periodic-gc before" adds the JVM's own defaults (no heap limit, no periodic collection).
# Needs python3. Loopback only; every server is stopped at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dist=${DIST:-$(ls -d "$here"/satchel-server/target/dist/satchel-* 2>/dev/null | head -1)}
[ -x "$dist/bin/satchel" ] || { echo "no installed-layout copy; run ./mvnw package -Pdist -DskipTests first" >&2; exit 1; }
what=${1:-all}
work=$(mktemp -d -t satchel-warmup.XXXXXX)
pid= pid_a= pid_b=
cleanup() {
  for p in $pid $pid_a $pid_b; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a server on a fresh data directory with JAVA_OPTS=$1 and a user `bench`; sets pid and port.
start() {
  local data="$work/data-$RANDOM"
  mkdir -p "$data"
  "$dist/bin/satchel" init --data "$data" >/dev/null 2>&1 # only serve and init create a store
  echo 'bench-secret' | "$dist/bin/satchel" user add bench --data "$data" >/dev/null 2>&1
  if [ "${2:-0}" -gt 0 ]; then
    python3 "$here/bench/warmup.py" stdio-appends "$2" | "$dist/bin/satchel" imap-stdio --data "$data" --user bench >/dev/null
  fi
  JAVA_OPTS="$1" "$dist/bin/satchel" serve --data "$data" --imap 127.0.0.1:0 --imaps off --metrics off >"$work/out" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    port=$(sed -n 's/^Listening for IMAP (STARTTLS) on .*:\([0-9]*\)$/\1/p' "$work/out")
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  cat "$work/out" >&2; return 1
}
stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
rss_mib() { echo $(( $(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status") / 1024 )); }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(sed -n 's/^MemTotal: *//p' /proc/meminfo)"
if [ "$what" = warmup ] || [ "$what" = all ]; then
  for mode in ${MODES:-aot no-aot aot no-aot}; do
    case "$mode" in
      aot) opts="" ;;
      no-aot) opts="-XX:AOTMode=off" ;;
      aot-no-profiles) opts="-XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining" ;; # JEP 483 without JEP 515
      *) echo "unknown mode $mode" >&2; exit 2 ;;
    esac
    start "$opts" 200
    echo "$mode: $(python3 "$here/bench/warmup.py" warmup "$port" "$pid")"
    stop
  done
fi
# Both servers at once, each with its own client, so the machine's other load falls on both alike.
if [ "$what" = paired ]; then
  for run in 1 2; do
    start "" 200; pid_a=$pid; port_a=$port
    start "-XX:AOTMode=off" 200; pid_b=$pid; port_b=$port
    python3 "$here/bench/warmup.py" warmup "$port_a" "$pid_a" >"$work/a" & client_a=$!
    python3 "$here/bench/warmup.py" warmup "$port_b" "$pid_b" >"$work/b" & client_b=$!
    wait "$client_a" "$client_b"
    echo "run $run aot:    $(cat "$work/a")"
    echo "run $run no-aot: $(cat "$work/b")"
    pid=$pid_a; stop; pid=$pid_b; stop; pid_a= pid_b=
  done
fi
if [ "$what" = memory ] || [ "$what" = all ]; then
  for mode in ${MEM_MODES:-default no-periodic-gc}; do
    case "$mode" in
      default) opts="" ;;
      no-periodic-gc) opts="-XX:G1PeriodicGCInterval=0" ;;
      # The JVM's own defaults, as the launcher ran it before: a quarter of the machine, no periodic collection.
      before) opts="-XX:MaxRAMPercentage=25 -XX:G1PeriodicGCInterval=0 -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70" ;;
      *) echo "unknown mode $mode" >&2; exit 2 ;;
    esac
    start "$opts" 0
    python3 "$here/bench/warmup.py" burst "$port"
    line="$mode: RSS after the burst $(rss_mib) MiB"
    for t in 30 60 90; do sleep 30; line="$line, idle ${t} s $(rss_mib) MiB"; done
    echo "$line"
    stop
  done
fi
