#!/usr/bin/env bash
# Runs the benchmark set against Satchel (fresh data dir, users user1..user20 / "pass") and against a Dovecot
# reference (bench/dovecot.sh), then prints both figures side by side with the ratio Satchel / Dovecot.
#   bench/compare.sh [--quick]
# Sizes (env): CONNS=5000 IDLERS=10000 IDLE_USERS=user1 APPENDS=2000 POPULATE=100000 LOGIN_SECONDS=10
# --quick: CONNS=500 IDLERS=500 APPENDS=300 POPULATE=5000 LOGIN_SECONDS=3. ONLY=satchel|dovecot runs one side.
# --read: only the read side (issue 11): a SMALL-message (default 10000) and a POPULATE-message mailbox, each
#   filled then measured by `fetch` (SELECT, FETCH (UID FLAGS), the envelope/bodystructure FETCH cold and warm,
#   1,000 random and 1,000 sequential BODY.PEEK[], SEARCH, server CPU seconds and the load average, RSS/PSS with
#   10 sessions selecting the big one). Filling dominates the time; to measure again on filled mailboxes, keep them:
#   SATCHEL_DATA=DIR serves a copy of that data directory (user6's "bench" filled, user7 without "small") and
#   DOVECOT_FILLED=1 keeps Dovecot's mail from the last run (BENCH_DOVECOT_DIR): the big fills are skipped.
# APPEND_LOAD=2000 (quick: 600): messages per append-load run, MULTIAPPEND batches of 10 and pipelined single APPENDs
# (window 10) over 4 connections, into empty mailboxes and into the populated one, with the server's CPU seconds
# and RSS read from /proc and the load average printed beside them. BENCH_SET=append runs only those and populate.
# Everything it starts is stopped on exit; results stay in $OUT (default: target/bench-results).
# SATCHEL_BENCH_PORT=N serves Satchel on that port instead of a free one (machines shared by several runs).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --quick ]; then
  : "${CONNS:=500}" "${IDLERS:=500}" "${APPENDS:=300}" "${POPULATE:=5000}" "${LOGIN_SECONDS:=3}" "${APPEND_LOAD:=600}"
fi
read_only=
[ "${1:-}" = --read ] && read_only=1
: "${SMALL:=10000}"
: "${CONNS:=5000}" "${IDLERS:=10000}" "${IDLE_USERS:=user1}" "${APPENDS:=2000}" "${POPULATE:=100000}" "${LOGIN_SECONDS:=10}"
: "${APPEND_LOAD:=2000}" "${BENCH_SET:=all}"
OUT=${OUT:-$root/target/bench-results}
DOVECOT_PORT=${DOVECOT_PORT:-10144}
build_once
export BENCH_NO_BUILD=1
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$OUT"
work=$(mktemp -d -t compare-bench.XXXXXX)
satchel_pid=
dovecot_started=
cleanup() {
  [ -n "$satchel_pid" ] && kill_tree "$satchel_pid"
  [ -n "$dovecot_started" ] && "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# run_set NAME PORT PID: every benchmark, output appended to $OUT/NAME.txt
run_set() {
  local name=$1 port=$2 pid=$3 f="$OUT/$1.txt"
  local common=(--host 127.0.0.1 --port "$port" --pass pass)
  local load=(--clients 4 --messages "$APPEND_LOAD" --batch 10 --pid "$pid")
  : >"$f"
  if [ -n "$read_only" ]; then
    echo ">> $name: read side (small $SMALL, big $POPULATE messages)" >&2
    "$root/bench/run.sh" populate "${common[@]}" --user user7 --messages "$SMALL" --mailbox small | tee -a "$f"
    [ -n "${FILLED:-}" ] || "$root/bench/run.sh" populate "${common[@]}" --user user6 --messages "$POPULATE" --mailbox bench | tee -a "$f"
    "$root/bench/run.sh" fetch "${common[@]}" --user user7 --mailbox small --pid "$pid" | sed 's/^== fetch (small)/== fetch small (small)/' | tee -a "$f"
    "$root/bench/run.sh" fetch "${common[@]}" --user user6 --mailbox bench --sessions 10 --pid "$pid" | tee -a "$f"
    return
  fi
  echo ">> $name: login-rate, idle-conns, idle-latency, append, append-load, populate, fetch, compress" >&2
  if [ "$BENCH_SET" = all ]; then
    "$root/bench/run.sh" login-rate "${common[@]}" --users user1,user2,user3,user4 --clients 4 --seconds "$LOGIN_SECONDS" | tee -a "$f"
    "$root/bench/run.sh" idle-conns "${common[@]}" --users "$(seq -s, -f 'user%g' 1 20)" --count "$CONNS" --pid "$pid" | tee -a "$f"
    "$root/bench/run.sh" idle-latency "${common[@]}" --users "$IDLE_USERS" --count "$IDLERS" | tee -a "$f"
    "$root/bench/run.sh" append "${common[@]}" --users user2,user3,user4,user5 --clients 4 --messages "$APPENDS" --mailbox INBOX | tee -a "$f"
  fi
  # Empty mailboxes: one per pattern, so both start from nothing.
  "$root/bench/run.sh" append-load "${common[@]}" --users user7,user8,user9,user10 --mode multi --mailbox Multi "${load[@]}" | tee -a "$f"
  "$root/bench/run.sh" append-load "${common[@]}" --users user7,user8,user9,user10 --mode pipelined --mailbox Piped "${load[@]}" | tee -a "$f"
  "$root/bench/run.sh" populate "${common[@]}" --user user6 --messages "$POPULATE" --mailbox bench | tee -a "$f"
  if [ "$BENCH_SET" = all ]; then
    "$root/bench/run.sh" fetch "${common[@]}" --user user6 --mailbox bench --sessions 10 --pid "$pid" | tee -a "$f"
    "$root/bench/run.sh" compress "${common[@]}" --user user6 --mailbox bench --messages 2000 | tee -a "$f"
  fi
  # The populated mailbox (after the read benchmarks, which it would grow): then SEARCH BODY for a word appended
  # just before, and a rare word over the whole mailbox.
  "$root/bench/run.sh" append-load "${common[@]}" --users user6 --mode multi --mailbox bench --search "${load[@]}" | tee -a "$f"
  "$root/bench/run.sh" append-load "${common[@]}" --users user6 --mode pipelined --mailbox bench --search "${load[@]}" | tee -a "$f"
}

start_satchel() {
  local cmd port data=$work/satchel-data
  cmd=$(satchel_cmd)
  port=${SATCHEL_BENCH_PORT:-$(free_port)}
  if [ -n "${SATCHEL_DATA:-}" ]; then
    cp -a "$SATCHEL_DATA" "$data"
  else
    mkdir -p "$data"
    $cmd init --data "$data" >/dev/null # only serve and init create a store
    for i in $(seq 1 20); do echo pass | $cmd user add --data "$data" "user$i" >/dev/null; done
  fi
  # The defaults (1000 connections, 100 per address) are for production; the load comes from one address.
  printf 'limits.max-connections = 30000\nlimits.max-connections-per-ip = 30000\nlimits.max-connections-per-user = 30000\n' >"$work/satchel.conf"
  $cmd serve --config "$work/satchel.conf" --data "$data" --imap "127.0.0.1:$port" --imaps off --metrics off >"$OUT/satchel-server.log" 2>&1 &
  satchel_pid=$!
  wait_port 127.0.0.1 "$port" 60 || { echo "satchel did not start; see $OUT/satchel-server.log" >&2; exit 1; }
  SATCHEL_PORT=$port
}

if [ "${ONLY:-satchel}" = satchel ] || [ -z "${ONLY:-}" ]; then
  if [ -z "$read_only" ] && [ "$BENCH_SET" = all ]; then "$root/bench/startup.sh" 5 | tee "$OUT/satchel-startup.txt"; fi
  start_satchel
  FILLED=${SATCHEL_DATA:+1} run_set satchel "$SATCHEL_PORT" "$(jvm_pid "$satchel_pid")"
  kill_tree "$satchel_pid"; satchel_pid=
fi
if [ "${ONLY:-dovecot}" = dovecot ] || [ -z "${ONLY:-}" ]; then
  "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1 || true
  dpid=$("$root/bench/dovecot.sh" start "$DOVECOT_PORT" 2>/dev/null)
  dovecot_started=1
  if [ -n "${DOVECOT_FILLED:-}" ]; then "$root/bench/dovecot.sh" wipe user7 >/dev/null 2>&1 || true
  else for i in $(seq 1 20); do "$root/bench/dovecot.sh" wipe "user$i" >/dev/null 2>&1 || true; done; fi
  FILLED=${DOVECOT_FILLED:-} run_set dovecot "$DOVECOT_PORT" "$dpid"
fi
cat "$OUT/satchel-startup.txt" >>"$OUT/satchel.txt" 2>/dev/null || true

# The table: one row per "name: value unit" line, keyed by the result block it came from.
flat() {
  [ -f "$1" ] || return 0
  awk '/^== /{sec=$0; gsub(/^== | ==$/,"",sec); sub(/ \(.*/,"",sec); next}
       match($0, /: +-?[0-9][0-9.]*( |$)/) {
         k=substr($0, 1, RSTART-1); rest=substr($0, RSTART+1); sub(/^ +/,"",rest)
         v=rest; sub(/ .*/,"",v); u=rest; sub(/^[^ ]+ */,"",u)
         if (k ~ /^    /) { sub(/^ +/,"",k); k=parent " / " k } else { sub(/^ +/,"",k); parent=k }
         print sec " / " k "\t" v "\t" u}' "$1"
}
flat "$OUT/satchel.txt" >"$work/s.tsv"
flat "$OUT/dovecot.txt" >"$work/d.tsv"
echo
printf '%-70s %14s %14s %8s  %s\n' "benchmark / figure" "satchel" "dovecot" "ratio" "unit"
awk -F'\t' 'FILENAME == ARGV[1] {d[$1]=$2; du[$1]=$3; o[++n]=$1; next} {s[$1]=1; print $0 "\t" ($1 in d ? d[$1] : "")}
             END {for (i = 1; i <= n; i++) if (!(o[i] in s)) print o[i] "\t\t" du[o[i]] "\t" d[o[i]]}' "$work/d.tsv" "$work/s.tsv" >"$work/j.tsv"
awk -F'\t' '{r = ($2 != "" && $4 != "" && $4+0 != 0) ? sprintf("%.2f", $2/$4) : "-";
             printf "%-70s %14s %14s %8s  %s\n", substr($1,1,70), ($2==""?"-":$2), ($4==""?"-":$4), r, $3}' "$work/j.tsv"
