#!/usr/bin/env bash
# A FRESH server's APPEND CPU per message by thread group (issue 11): a new server on a new data directory through
# the launcher, then `append-load` over 4 connections into 4 users' empty mailboxes: MESSAGES (default 3000)
# MULTIAPPEND ×10 (`multi`), then MESSAGES pipelined single APPENDs (`pipelined`), then a wait until the server is
# idle (`tail`: what the indexer and the compilers still spend after the judged windows). After each step the
# server's CPU from /proc/PID/task in ms per message of the step: carriers (ForkJoinPool-*: sessions, preparation and
# the SQLite writer's groups), the full-text indexer (satchel-search-indexer), C1, C2, GC/VM (G1's threads and the VM
# thread), the rest, and threads that exited; the load average beside each line.
#   bench/append-split.sh                              # JAVA_OPTS from the environment, as the launcher takes them
#   SATCHEL_CMD=../other/satchel PORT=21190 bench/append-split.sh
# KEEP=1 leaves the server running after the steps (its pid on stderr) for a profiler; stop it yourself.
# SATCHEL_CMD picks the launcher (default ./satchel); PORT (default 21180) the loopback port. Output: stdout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_once
cmd=$(satchel_cmd)
port=${PORT:-21180} messages=${MESSAGES:-3000}
fresh_server append-split "$port"
hz=$(getconf CLK_TCK)

snap() { thread_ticks "$pid"; }
report() { # $1: step name, $2: messages to divide by; compares with the previous snapshot
  snap >"$work/now"
  awk -v step="$1" -v n="$2" -v ms="$((1000 / hz))" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
    FNR == NR { before[$1] = $3; next }
    { d = $3 - before[$1]; if ($1 == "total") total = d; else { g[$2] += d; live += d } }
    END { f = ms / n
          printf "%-9s total %5.3f  carriers %5.3f  indexer %5.3f  C1 %5.3f  C2 %5.3f  GC/VM %5.3f  other %5.3f  exited %5.3f  ms/msg (load %s)\n",
            step, total * f, g["carriers"] * f, g["indexer"] * f, g["C1"] * f, g["C2"] * f, g["GC/VM"] * f,
            g["other"] * f, (total - live) * f, load }' "$work/prev" "$work/now"
  mv "$work/now" "$work/prev"
}
load() { "$JAVA_BIN" -Xss256k -cp "$CP" satchel.bench.ImapLoad "$@" --host 127.0.0.1 --port "$port" --pass pass; }
ticks_now() { awk '{sub(/.*\) /, ""); print $12 + $13}' /proc/"$pid"/stat; }

echo ">> JAVA_OPTS=\"${JAVA_OPTS:-}\", $messages messages a step, $(date -u +%H:%M:%S)"
snap >"$work/prev"
for mode in multi pipelined; do
  load append-load --users user1,user2,user3,user4 --mode "$mode" --mailbox "Fresh$mode" --clients 4 \
    --messages "$messages" --batch 10 --pid "$pid" | grep -E 'msg/s|rate' | head -2 | sed 's/^/   /'
  report "$mode" "$messages"
done
# Idle: no CPU for 2 s running (at most 60 s).
for ((i = 0, quiet = 0; i < 60 && quiet < 2; i++)); do
  a=$(ticks_now); sleep 1; b=$(ticks_now)
  if ((b - a <= 1)); then quiet=$((quiet + 1)); else quiet=0; fi
done
report tail "$((2 * messages))"
if [ -n "${KEEP:-}" ]; then echo "server pid $pid, port $port, launcher $lp" >&2; lp=; trap - EXIT; fi
