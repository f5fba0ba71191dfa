#!/usr/bin/env bash
# Server memory across a fill and with sessions selecting the filled mailbox (issue 11): RSS sampled every 5 s while
# MESSAGES are appended (bench/run.sh populate, MULTIAPPEND), then SESSIONS sessions each LOGIN and SELECT it and stay;
# prints RSS and PSS (over the process tree: Dovecot runs a process per session), and for Satchel the JVM's own
# account (NMT summary, heap) so the figure can be taken apart.
#   bench/memory.sh [--messages 100000] [--sessions 10] [--dovecot]
# Satchel runs through the launcher, so with its JVM options; JAVA_OPTS adds to them (NMT is added here).
# --dovecot measures a fresh bench/dovecot.sh instance the same way afterwards (port DOVECOT_PORT, default 10144).
# Env: BENCH_NO_BUILD=1 skips the build; OUT (default target/memory-results).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
messages=100000 sessions=10 dovecot=
while [ $# -gt 0 ]; do
  case $1 in
    --messages) messages=$2; shift 2 ;;
    --sessions) sessions=$2; shift 2 ;;
    --dovecot) dovecot=1; shift ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$root/target/memory-results}
DOVECOT_PORT=${DOVECOT_PORT:-10144}
mkdir -p "$OUT"
build_once
export BENCH_NO_BUILD=1
satchel=$(satchel_cmd)
work=$(mktemp -d -t memory-bench.XXXXXX)
server= sampler= dovecot_started=
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$server" ] && kill_tree "$server"
  [ -n "$dovecot_started" ] && "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1
  exec {s}>&- 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rss_mib() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# PSS in MiB over a process and its descendants.
tree_pss_mib() {
  local total=0 p
  for p in $1 $(pgrep -d ' ' -P "$1" 2>/dev/null) $(for c in $(pgrep -P "$1" 2>/dev/null); do pgrep -P "$c"; done); do
    total=$((total + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
  done
  echo $((total / 1024))
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
# CPU ticks (user + system, children reaped included) of a process and its descendants now alive.
tree_cpu() {
  local total=0 p
  for p in $1 $(pgrep -d ' ' -P "$1" 2>/dev/null) $(for c in $(pgrep -P "$1" 2>/dev/null); do pgrep -P "$c"; done); do
    total=$((total + $(awk '{sub(/.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# measure NAME PORT USER PID: fill, sample, select from sessions, report
measure() {
  local name=$1 port=$2 user=$3 pid=$4 i fds=()
  echo "== $name: fill $messages messages, then $sessions sessions select them (load $(load)) ==" | tee -a "$OUT/summary.txt"
  (while sleep 5; do echo "$(date +%s) $(rss_mib "$pid") $(tree_pss_mib "$pid")"; done) >"$OUT/$name-rss.txt" &
  sampler=$!
  local cpu0; cpu0=$(tree_cpu "$pid")
  "$root/bench/run.sh" populate --host 127.0.0.1 --port "$port" --user "$user" --pass pass --messages "$messages" \
    --mailbox big | tee -a "$OUT/summary.txt"
  kill "$sampler"; sampler=
  echo "  server CPU for the fill: $(echo "$(tree_cpu "$pid") $cpu0" | awk '{printf "%.1f", ($1 - $2) / 100}') s" \
    | tee -a "$OUT/summary.txt"
  # RSS of the pid (Satchel's one process), PSS over the tree (Dovecot's master and its per-session processes).
  awk 'NR == 1 {min = $2; pmin = $3} {if ($2 > max) max = $2; if ($2 < min) min = $2; last = $2
      if ($3 > pmax) pmax = $3; if ($3 < pmin) pmin = $3; plast = $3}
    END {printf "  during the fill (every 5 s): RSS min %d, max %d, last %d MiB; PSS over the tree min %d, max %d, last %d MiB\n",
      min, max, last, pmin, pmax, plast}' "$OUT/$name-rss.txt" | tee -a "$OUT/summary.txt"
  for ((i = 0; i < sessions; i++)); do
    exec {s}<>"/dev/tcp/127.0.0.1/$port"
    printf 'a LOGIN %s pass\r\nb SELECT big\r\n' "$user" >&"$s"
    timeout 120 grep -m1 -a '^b ' <&"$s" >/dev/null
    fds+=("$s")
  done
  sleep 2
  echo "  $sessions sessions selecting it: RSS $(rss_mib "$pid") MiB, PSS over the process tree $(tree_pss_mib "$pid") MiB (load $(load))" \
    | tee -a "$OUT/summary.txt"
  if [ "$name" = satchel ]; then
    jcmd=$(dirname "$JAVA_BIN")/jcmd
    "$jcmd" "$pid" VM.native_memory summary >"$OUT/satchel-nmt.txt" 2>&1 || true
    "$jcmd" "$pid" GC.heap_info >"$OUT/satchel-heap.txt" 2>&1 || true
    grep -E '^Total|^-  *(Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Symbol|Native Memory Tracking|Shared class space|Arena|Metaspace)' \
      "$OUT/satchel-nmt.txt" | sed 's/^/  NMT /' | tee -a "$OUT/summary.txt" || true
    head -3 "$OUT/satchel-heap.txt" | sed 's/^/  /' | tee -a "$OUT/summary.txt"
  fi
  for s in "${fds[@]}"; do exec {s}>&-; done
}

data=$work/data
mkdir -p "$data"
$satchel init --data "$data" >/dev/null
echo pass | $satchel user add bench --data "$data" >/dev/null
port=$(free_port)
JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary" \
  $satchel serve --data "$data" --imap "127.0.0.1:$port" --imaps off --metrics off >"$OUT/serve.log" 2>&1 &
server=$!
wait_port 127.0.0.1 "$port" 120 || { echo "satchel did not start; see $OUT/serve.log" >&2; exit 1; }
: >"$OUT/summary.txt"
measure satchel "$port" bench "$(jvm_pid "$server")"
kill_tree "$server"; server=

if [ -n "$dovecot" ]; then
  "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1 || true
  "$root/bench/dovecot.sh" wipe user1 >/dev/null 2>&1 || true
  dpid=$("$root/bench/dovecot.sh" start "$DOVECOT_PORT" | tail -1)
  dovecot_started=1
  wait_port 127.0.0.1 "$DOVECOT_PORT" 30
  measure dovecot "$DOVECOT_PORT" user1 "$dpid"
fi
