#!/usr/bin/env bash
# Attacks a freshly started server on loopback with every class of hostile client (docs/attacks.md) and prints
# one row per class: peak RSS and descriptors, a legitimate client's login times, appends, verdict.
#   bench/attack.sh [--only a,c] [--seconds N] [--tiny] [--target satchel|dovecot]
# Satchel runs from satchel-server/target/satchel.jar with realistic limits: -Xmx2g, ulimit -n 65536 (or the hard limit when
# lower), default connection limits, a fresh data directory, users user1..user10 / "pass". Afterwards the server
# must still serve, and every APPEND it acknowledged during the run must be there, before and after a restart.
# Without --only the shutdown class (f) runs in a second phase, on the same data after that restart.
# Env: OUT (default target/attack-results), BENCH_NO_BUILD=1 skips the build, ATTACK_XMX (default 2g),
# ATTACK_PORT (plain port; TLS and metrics on the next two; default: free ports).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
target=satchel
runner_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --target) target=$2; shift 2 ;;
    --only | --seconds) runner_args+=("$1" "$2"); shift 2 ;;
    --tiny) runner_args+=(--tiny); shift ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
  esac
done
OUT=${OUT:-$root/target/attack-results}
mkdir -p "$OUT"
if [ -z "${BENCH_NO_BUILD:-}" ]; then (cd "$root" && ./mvnw -B -q -DskipTests -pl satchel-server -am package); fi
build_once
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "file descriptor limit: $(ulimit -n)" | tee "$OUT/limits.txt"

work=$(mktemp -d -t attack.XXXXXX)
server_pid=
dovecot_port=
cleanup() {
  [ -n "$server_pid" ] && kill_tree "$server_pid"
  [ -n "$dovecot_port" ] && BENCH_DOVECOT_DIR=$work/dovecot "$root/bench/dovecot.sh" stop "$dovecot_port" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

start_satchel() {
  "$JAVA_BIN" -Xmx"${ATTACK_XMX:-2g}" -jar "$root/satchel-server/target/satchel.jar" serve --data "$work/data" \
    --imap "127.0.0.1:$port" --imaps "127.0.0.1:$tls_port" --metrics "127.0.0.1:$metrics_port" \
    >>"$OUT/server.log" 2>&1 &
  server_pid=$!
  wait_port 127.0.0.1 "$port" 60 || { echo "the server did not start; see $OUT/server.log" >&2; exit 1; }
}

# Stops the server with SIGTERM (SIGKILL after 60 s) and reaps it.
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill_tree "$server_pid"
  server_pid=
}

runner() { "$JAVA_BIN" -Xss256k -Xmx1g -cp "$CP" satchel.attack.AttackRunner "$@"; }

# The server under test, by target: start (sets $pid) and stop.
start_server() {
  if [ "$target" = satchel ]; then start_satchel; pid=$server_pid
  else pid=$(BENCH_DOVECOT_DIR=$work/dovecot "$root/bench/dovecot.sh" start "$port"); fi
}
stop_target() {
  if [ "$target" = satchel ]; then stop_server
  else BENCH_DOVECOT_DIR=$work/dovecot "$root/bench/dovecot.sh" stop "$port" >/dev/null 2>&1 || true; fi
}

# phase NAME RUNNER-ARGS…: one runner invocation with its own ledger, then the checks: the server still serves,
# every acknowledged APPEND is there, and still there after a restart (which leaves a server running on the same
# data for the next phase).
phase() {
  local ledger=$OUT/ledger-$1.txt
  shift
  runner "${target_args[@]}" --pid "$pid" --ledger "$ledger" "$@" | tee -a "$OUT/attack.txt" || status=1
  if kill -0 "$pid" 2>/dev/null && wait_port 127.0.0.1 "$port" 2; then
    echo ">> alive after the run; ledger while running:" | tee -a "$OUT/attack.txt"
    runner verify "${target_args[@]}" --ledger "$ledger" | tee -a "$OUT/attack.txt" || status=1
  elif kill -0 "$pid" 2>/dev/null; then
    echo ">> the server process is still there but accepts no connections (e.g. stuck shutting down)" | tee -a "$OUT/attack.txt"
  else
    echo ">> the server is not running after the run (expected only after the f class)" | tee -a "$OUT/attack.txt"
  fi
  stop_target
  start_server
  echo ">> ledger after a restart:" | tee -a "$OUT/attack.txt"
  runner verify "${target_args[@]}" --ledger "$ledger" | tee -a "$OUT/attack.txt" || status=1
}

: >"$OUT/server.log"
: >"$OUT/attack.txt"
if [ "$target" = satchel ]; then
  if [ -n "${ATTACK_PORT:-}" ]; then port=$ATTACK_PORT; tls_port=$((port + 1)); metrics_port=$((port + 2))
  else port=$(free_port); tls_port=$(free_port); metrics_port=$(free_port); fi
  "$JAVA_BIN" -jar "$root/satchel-server/target/satchel.jar" init --data "$work/data" >/dev/null # only serve and init create a store
  for i in $(seq 1 10); do echo pass | "$JAVA_BIN" -jar "$root/satchel-server/target/satchel.jar" user add --data "$work/data" "user$i" >/dev/null; done
  # The COPY amplification class (j) attacks as user10: its quota is what must stop it.
  "$JAVA_BIN" -jar "$root/satchel-server/target/satchel.jar" quota set --data "$work/data" user10 --storage 100M >/dev/null
  target_args=(--port "$port" --tls-port "$tls_port")
elif [ "$target" = dovecot ]; then
  port=${ATTACK_PORT:-$(free_port)}; dovecot_port=$port
  chmod 755 "$work"  # Dovecot's unprivileged processes must reach its users file below
  target_args=(--port "$port")
else
  echo "--target must be satchel or dovecot" >&2; exit 2
fi
start_server
status=0
if printf '%s\n' "${runner_args[@]}" | grep -qx -- --only; then
  phase run "${runner_args[@]}"
else
  # The shutdown class ends the server: it gets a server of its own (same data, restarted), so what the classes
  # before it left behind (a CREATE still running, say) does not decide its figure.
  phase main --only rss,a,c,d,e,g,h,i,j,b "${runner_args[@]}"
  phase shutdown --only f "${runner_args[@]}"
fi
stop_target
echo "results: $OUT/attack.txt, server log: $OUT/server.log"
exit $status
