#!/usr/bin/env bash
# LMTP deliveries per second: Postfix's smtp-source -L with 8 parallel connections against Satchel and against
# Dovecot's LMTP (dovecot-lmtpd) on the same machine, with 1 and 3 recipients per message.
#   bench/lmtp.sh            MESSAGES=1000 per run, SIZE=20000 bytes per message, SESSIONS=8
# Each server starts on a fresh directory (Satchel: SQLite, synchronous=FULL; Dovecot: Maildir, its default
# mail_fsync=optimized, so both make a delivery durable before answering). Users bench, 1bench, 2bench, 3bench
# (smtp-source -r N numbers its recipients). Ports: LMTP_PORT (Satchel, default 22024) and the next one
# (Dovecot). Prints one line per run: server, recipients, messages, seconds, messages/s, deliveries/s, load.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${MESSAGES:=1000}" "${SIZE:=20000}" "${SESSIONS:=8}" "${LMTP_PORT:=22024}"
SMTP_SOURCE=${SMTP_SOURCE:-/usr/sbin/smtp-source}
[ -x "$SMTP_SOURCE" ] || { echo "needs Postfix's smtp-source (apt-get install postfix)" >&2; exit 2; }
dovecot_port=$((LMTP_PORT + 1))
work=$(mktemp -d -t lmtp-bench.XXXXXX)
satchel_pid=
dovecot_conf=
cleanup() {
  [ -n "$satchel_pid" ] && { kill "$satchel_pid" 2>/dev/null; wait "$satchel_pid" 2>/dev/null || true; }
  [ -n "$dovecot_conf" ] && dovecot -c "$dovecot_conf" stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "nothing listens on port $1" >&2; return 1
}

run() { # server port recipients
  local start end secs load
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s.%N)
  "$SMTP_SOURCE" -L -d -s "$SESSIONS" -m "$MESSAGES" -l "$SIZE" -r "$3" -f sender@example.net \
    -t bench@example.org -M bench.example.net "127.0.0.1:$2"
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  printf '%-8s rcpt=%d messages=%d seconds=%.2f messages/s=%.0f deliveries/s=%.0f load=%s\n' "$1" "$3" \
    "$MESSAGES" "$secs" "$(echo "$MESSAGES / $secs" | bc -l)" "$(echo "$MESSAGES * $3 / $secs" | bc -l)" "$load"
}

# Satchel
(cd "$root" && ./satchel version >/dev/null) # builds satchel-server/target/satchel.jar once
"$root/satchel" init --data "$work/satchel" >/dev/null # only serve and init create a store
for u in bench 1bench 2bench 3bench; do
  echo pw | "$root/satchel" user add --data "$work/satchel" "$u" >/dev/null
done
"$root/satchel" serve --data "$work/satchel" --imap off --imaps off --metrics off \
  --lmtp "127.0.0.1:$LMTP_PORT" >"$work/satchel.log" 2>&1 &
satchel_pid=$!
wait_port "$LMTP_PORT"
"$SMTP_SOURCE" -L -s 2 -m 50 -l "$SIZE" -t bench@example.org "127.0.0.1:$LMTP_PORT" # warm-up
run satchel "$LMTP_PORT" 1
run satchel "$LMTP_PORT" 3
kill "$satchel_pid"; wait "$satchel_pid" 2>/dev/null || true; satchel_pid=

# Dovecot LMTP, its own configuration in the work directory
mkdir -p "$work/dovecot/run" "$work/dovecot/mail"
chmod 755 "$work" "$work/dovecot"
id vmail >/dev/null 2>&1 || useradd -r -M vmail
chown vmail:vmail "$work/dovecot/mail"
echo "bench:{PLAIN}pw" >"$work/dovecot/users"
dovecot_conf=$work/dovecot/dovecot.conf
cat >"$dovecot_conf" <<CONF
protocols = lmtp
listen = 127.0.0.1
base_dir = $work/dovecot/run
state_dir = $work/dovecot/run
instance_name = lmtp-bench-$dovecot_port
log_path = $work/dovecot/dovecot.log
ssl = no
mail_location = maildir:$work/dovecot/mail/%n
mail_uid = vmail
mail_gid = vmail
first_valid_uid = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN $work/dovecot/users
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=$work/dovecot/mail/%n allow_all_users=yes
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $dovecot_port
  }
}
CONF
dovecot -c "$dovecot_conf"
wait_port "$dovecot_port"
"$SMTP_SOURCE" -L -s 2 -m 50 -l "$SIZE" -t bench@example.org "127.0.0.1:$dovecot_port" # warm-up
run dovecot "$dovecot_port" 1
run dovecot "$dovecot_port" 3
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load after: $(cut -d' ' -f1-3 /proc/loadavg)"
