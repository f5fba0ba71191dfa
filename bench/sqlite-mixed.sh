#!/usr/bin/env bash
# The mixed load of bench/scale-out.sh on the SQLite store, for before/after comparisons, with Dovecot in the same run:
#   bench/sqlite-mixed.sh CHECKOUT [CHECKOUT...]
# Each CHECKOUT is a Satchel checkout (its ./satchel serves). Per round, for each client count in CLIENTS, each
# checkout runs in turn on a fresh copy of one template data directory (20 users; users 2-5 and 7-14 given 400
# messages by the APPEND runs of `scale-out.sh --quick`, made once by the first checkout), then Dovecot (DOVECOT=0
# leaves it out) after its users are wiped and given the same APPENDs. The load tool's per-command latencies, the
# server's CPU per command over the warm-up and measured window, and `uptime` are printed for each run; THREADS=1
# adds the JVM's CPU per thread kind (carriers, indexer, C1/C2, GC, the rest) over that window.
# Env: PORT (default 25300; the server uses PORT and PORT+1 for metrics), DOVECOT_PORT (default PORT+3), SECS=15
# LOGS=DIR keeps each measured server's log there.
# WARMUP=5 ROUNDS=2 CLIENTS="20 50"; SERVER_OPTS is the measured servers' JAVA_OPTS (e.g. a JFR recording).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_once
export BENCH_NO_BUILD=1
PORT=${PORT:-25300} MPORT=$((PORT + 1)) DOVECOT_PORT=${DOVECOT_PORT:-$((PORT + 3))}
SECS=${SECS:-15} WARMUP=${WARMUP:-5} ROUNDS=${ROUNDS:-2} CLIENTS=${CLIENTS:-20 50} DOVECOT=${DOVECOT:-1}
[ $# -ge 1 ] || { echo "usage: $0 CHECKOUT [CHECKOUT...]" >&2; exit 2; }
work=$(mktemp -d -t sqlite-mixed.XXXXXX)
spid= dovecot_started=
cleanup() {
  [ -n "$spid" ] && kill_tree "$spid"
  [ -n "$dovecot_started" ] && "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
# CPU ticks per thread kind of one JVM: "kind ticks" lines.
thread_ticks() {
  local f
  for f in /proc/"$1"/task/*/stat; do cat "$f" 2>/dev/null; done | awk '{
    s = $0; sub(/^[^(]*\(/, "", s); name = substr(s, 1, index(s, ")") - 1); sub(/^[^)]*\) /, "", s); split(s, v, " ")
    k = "other"
    if (name ~ /^ForkJoinPool|^VirtualThread|carrier/) k = "carriers"
    else if (name ~ /^C2 /) k = "C2"
    else if (name ~ /^C1 /) k = "C1"
    else if (name ~ /^G1|^GC /) k = "GC"
    else if (name ~ /ndex/) k = "indexer"
    t[k] += v[12] + v[13] } END { for (k in t) print k, t[k] }'
}
conf() { # DIR
  printf 'data-dir = %s\nimap = 127.0.0.1:%s\nimaps = off\nmetrics = 127.0.0.1:%s\nauth.plaintext-without-tls = true\nlimits.max-connections = 30000\nlimits.max-connections-per-ip = 30000\nlimits.max-connections-per-user = 30000\n' \
    "$1/data" "$PORT" "$MPORT" >"$1/conf"
}
serve() { # CHECKOUT DIR
  JAVA_OPTS="${SERVER_OPTS:-}" "$1/satchel" serve --config "$2/conf" >"$2/server.log" 2>&1 &
  spid=$!
  wait_port 127.0.0.1 "$PORT" 120 || { echo "the server did not start: $2/server.log" >&2; exit 1; }
  while lag=$(curl -s "http://127.0.0.1:$MPORT/metrics" | awk '/^satchel_search_index_lag/ {print int($2)}'); \
        [ "${lag:-1}" != 0 ]; do sleep 0.5; done
}
fill() { # PORT: the APPEND runs of scale-out.sh --quick before its mixed load
  local c=(--host 127.0.0.1 --port "$1" --pass pass)
  "$root/bench/run.sh" append "${c[@]}" --users user2,user3,user4,user5 --clients 4 --messages 400 --mailbox INBOX >/dev/null
  "$root/bench/run.sh" append "${c[@]}" --users "$(seq -s, -f 'user%g' 7 14)" --clients 32 --messages 400 --mailbox INBOX >/dev/null
}
# One mixed run against PORT; PID's process tree is the server whose CPU is counted.
mixed() { # NAME PORT PID CLIENTS
  local out=$work/out.txt j0 j1 t0 t1 rate ops
  "$root/bench/run.sh" mixed --host 127.0.0.1 --port "$2" --pass pass --users "$(echo user{1..5} user{7..20} | tr ' ' ,)" \
    --clients "$4" --seconds "$SECS" --warmup "$WARMUP" >"$out" &
  local mp=$!
  until grep -q "login and SELECT" "$out" 2>/dev/null; do sleep 0.1; done
  j0=$(ticks "$3") t0=$(date +%s%N)
  [ "${THREADS:-0}" = 1 ] && thread_ticks "$3" >"$work/th0"
  wait "$mp"
  j1=$(ticks "$3") t1=$(date +%s%N)
  [ "${THREADS:-0}" = 1 ] && thread_ticks "$3" >"$work/th1"
  echo "== $1, $4 clients, $(date +%T), $(uptime | sed 's/.*load/load/')"
  sed -n '/mixed load/,$p' "$out"
  rate=$(awk '/rate:/ {print $2}' "$out" | tr -d ,)
  ops=$(awk -v r="$rate" -v s=$(((t1 - t0) / 1000000)) 'BEGIN { printf "%d", r * s / 1000 }')
  awk -v n="$ops" -v j=$((j1 - j0)) 'BEGIN { printf "  server CPU per command (warm-up and window, ~%d commands): %.3f ms\n", n, j * 10 / n }'
  if [ "${THREADS:-0}" = 1 ]; then
    awk -v n="$ops" 'NR == FNR { a[$1] = $2; next } { printf "    %-9s %.3f ms\n", $1, ($2 - a[$1]) * 10 / n }' \
      "$work/th0" "$work/th1" | sort
  fi
}
# The template: users and the filled mailboxes, made by the first checkout.
mkdir -p "$work/tmpl"
"$1/satchel" init --data "$work/tmpl/data" >/dev/null
conf "$work/tmpl"
for i in $(seq 1 20); do echo pass | "$1/satchel" user add --config "$work/tmpl/conf" --data "$work/tmpl/data" "user$i" >/dev/null; done
serve "$1" "$work/tmpl"
fill "$PORT"
kill -TERM "$spid"; wait "$spid" 2>/dev/null || true; spid=
if [ "$DOVECOT" = 1 ]; then
  export BENCH_DOVECOT_DIR=${BENCH_DOVECOT_DIR:-/var/tmp/bench-dovecot-$DOVECOT_PORT}
  "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1 || true
  dpid=$("$root/bench/dovecot.sh" start "$DOVECOT_PORT" 2>/dev/null)
  dovecot_started=1
fi
for round in $(seq 1 "$ROUNDS"); do
  for cl in $CLIENTS; do
    for co in "$@"; do
      rm -rf "$work/run" && cp -a "$work/tmpl" "$work/run" && conf "$work/run"
      serve "$co" "$work/run"
      mixed "$co (round $round)" "$PORT" "$(jvm_pid "$spid")" "$cl"
      kill_tree "$spid"; spid=
      [ -n "${LOGS:-}" ] && cp "$work/run/server.log" "$LOGS/server-$round-$cl-$(basename "$co").log"
    done
    if [ "$DOVECOT" = 1 ]; then
      for i in $(seq 1 20); do "$root/bench/dovecot.sh" wipe "user$i" >/dev/null 2>&1 || true; done
      fill "$DOVECOT_PORT"
      mixed "dovecot (round $round)" "$DOVECOT_PORT" "$dpid" "$cl"
    fi
  done
done
