#!/usr/bin/env bash
# Where a FRESH server's CPU goes while it warms up (issue 11): a new server on a new data directory through the
# launcher, then CHUNKS rounds of `append-load` MULTIAPPEND ×10 (4 connections, MESSAGES each round, default 3000 and
# 1 round), one round of pipelined single APPENDs, and two rounds of sequential single-message BODY.PEEK[] (at most
# 1,000). After each step the server's CPU seconds split by thread from /proc/PID/task: C1 and C2 compiler threads,
# GC/VM (G1's threads and the VM thread), the rest (sessions, the writer, the indexer); plus the load average.
#   bench/jit-split.sh                                   # JAVA_OPTS from the environment, as the launcher takes them
#   MESSAGES=5000 CHUNKS=4 JAVA_OPTS=-XX:TieredStopAtLevel=1 bench/jit-split.sh
# Compiler threads that exit (UseDynamicNumberOfCompilerThreads) show up as "exited". SATCHEL_CMD picks the
# launcher (default ./satchel); PORT (default 21170) the loopback port. Output: stdout.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_once
cmd=$(satchel_cmd)
port=${PORT:-21170} messages=${MESSAGES:-3000} chunks=${CHUNKS:-1}
fresh_server jit-split "$port"
hz=$(getconf CLK_TCK)

snap() { thread_ticks "$pid"; }
report() { # $1: step name; compares with the previous snapshot
  snap >"$work/now"
  awk -v step="$1" -v hz="$hz" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
    FNR == NR { before[$1] = $3; next }
    { d = $3 - before[$1]; if ($1 == "total") total = d; else { g[$2] += d; live += d } }
    END { g["other"] = live - g["C1"] - g["C2"] - g["GC/VM"] # carriers and the indexer are the rest here
          printf "%-10s CPU %6.2f s: C1 %5.2f  C2 %5.2f  GC/VM %5.2f  other %5.2f  exited %5.2f  (load %s)\n",
            step, total / hz, g["C1"] / hz, g["C2"] / hz, g["GC/VM"] / hz, g["other"] / hz, (total - live) / hz, load }' \
    "$work/prev" "$work/now"
  mv "$work/now" "$work/prev"
}
load() { "$JAVA_BIN" -Xss256k -cp "$CP" satchel.bench.ImapLoad "$@" --host 127.0.0.1 --port "$port" --pass pass >/dev/null; }

echo ">> JAVA_OPTS=\"${JAVA_OPTS:-}\", $messages messages a round"
snap >"$work/prev"
for ((c = 1; c <= chunks; c++)); do
  load append-load --users user1,user2,user3,user4 --mode multi --mailbox Multi --clients 4 --messages "$messages" --batch 10
  report "multi$c"
done
load append-load --users user1,user2,user3,user4 --mode pipelined --mailbox Piped --clients 4 --messages "$messages" --batch 10
report pipelined
bodies=$((messages * chunks / 4 < 1000 ? messages * chunks / 4 : 1000))
for r in 1 2; do
  load body-latency --user user1 --mailbox Multi --bodies "$bodies"
  report "bodies$r"
done
