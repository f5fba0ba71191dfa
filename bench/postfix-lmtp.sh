#!/usr/bin/env bash
# A real Postfix delivering into Satchel through LMTP, end to end: smtp-source sends MESSAGES messages of SIZE
# bytes with RCPT recipients each over SMTP to a throwaway Postfix, whose lmtp(8) client hands them to Satchel.
#   bench/postfix-lmtp.sh     MESSAGES=200 SIZE=20000 RCPT=3 SESSIONS=8 SMTP_PORT=33024 LMTP_PORT=33025
# Prints the time until Postfix's queue is empty, deliveries reported sent, and Satchel's messages and blobs
# (one blob per message however many recipients, when sqlite3 is installed to look).
#
# Nothing outside a temporary directory is written: Postfix runs from its own config directory
# (`postfix -c DIR`, main.cf and master.cf written here) with its own queue and data directories, chroot off,
# smtpd on a loopback port. /etc/postfix needs no main.cf and no alternate_config_directories entry: that list
# is only consulted by the set-gid commands (postdrop, postqueue) run by other users; as root, `postfix -c` and
# `postqueue -c` take any directory. Root is needed anyway (master(8) starts as root and drops to mail_owner),
# plus the Debian package's postfix user and postdrop group.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${MESSAGES:=200}" "${SIZE:=20000}" "${RCPT:=3}" "${SESSIONS:=8}" "${SMTP_PORT:=33024}" "${LMTP_PORT:=33025}"
[ "$(id -u)" = 0 ] || { echo "needs root: Postfix's master starts as root" >&2; exit 2; }
command -v postfix >/dev/null && command -v smtp-source >/dev/null || {
  echo "needs Postfix and smtp-source (apt-get install postfix)" >&2; exit 2; }
getent passwd postfix >/dev/null && getent group postdrop >/dev/null || {
  echo "needs the postfix user and postdrop group (the Debian package creates them)" >&2; exit 2; }

work=$(mktemp -d -t postfix-lmtp.XXXXXX)
chmod 755 "$work" # Postfix's daemons run as the postfix user and must reach the queue below
conf=$work/postfix
satchel_pid=
postfix_up=
cleanup() {
  [ -n "$postfix_up" ] && postfix -c "$conf" stop >/dev/null 2>&1 || true
  [ -n "$satchel_pid" ] && { kill "$satchel_pid" 2>/dev/null; wait "$satchel_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "nothing listens on port $1" >&2; return 1
}

# Satchel, SQLite store, LMTP only; users bench and 1bench..NbENCH (smtp-source -r N numbers its recipients).
(cd "$root" && ./satchel version >/dev/null) # builds satchel-server/target/satchel.jar once
"$root/satchel" init --data "$work/satchel" >/dev/null
for ((i = 0; i <= RCPT; i++)); do
  u=bench; [ "$i" -gt 0 ] && u=${i}bench
  echo pw | "$root/satchel" user add --data "$work/satchel" "$u" >/dev/null
done
"$root/satchel" serve --data "$work/satchel" --imap off --imaps off --metrics off \
  --lmtp "127.0.0.1:$LMTP_PORT" >"$work/satchel.log" 2>&1 &
satchel_pid=$!
wait_port "$LMTP_PORT"

# Postfix: relays everything from loopback to Satchel's LMTP, all recipients of a message in one transaction.
mkdir -p "$conf" "$work/queue" "$work/data"
chown postfix "$work/data"
cat >"$conf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $work/queue
data_directory = $work/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $work/maillog
maillog_file_prefixes = $work
inet_interfaces = loopback-only
inet_protocols = ipv4
myhostname = mx.bench.invalid
mydestination =
relay_domains =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
default_transport = lmtp:inet:127.0.0.1:$LMTP_PORT
notify_classes =
CONF
# The package's master.cf with smtpd on our port and no chroot (a chroot would need copies of /etc files).
awk -v port="$SMTP_PORT" '
  /^[#[:space:]]/ || NF < 8 { print; next }
  { if ($1 == "smtp" && $2 == "inet") $1 = "127.0.0.1:" port; $5 = "n"; print }
' /etc/postfix/master.cf >"$conf/master.cf"
touch "$work/maillog" && chown postfix "$work/maillog"
postfix -c "$conf" check
postfix -c "$conf" start >/dev/null
postfix_up=1
wait_port "$SMTP_PORT"

start=$(date +%s.%N)
smtp-source -d -s "$SESSIONS" -m "$MESSAGES" -l "$SIZE" -r "$RCPT" -f sender@example.net \
  -t bench@example.org -M client.bench.invalid "127.0.0.1:$SMTP_PORT"
until postqueue -c "$conf" -p | grep -q "Mail queue is empty"; do sleep 0.1; done
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
sent=$(grep -c "postfix/lmtp.*status=sent" "$work/maillog" || true)
other=$(grep "postfix/lmtp.*status=" "$work/maillog" | grep -vc "status=sent" || true)
printf 'postfix->satchel rcpt=%d messages=%d seconds=%.2f messages/s=%.0f sent=%d not-sent=%d\n' \
  "$RCPT" "$MESSAGES" "$secs" "$(echo "$MESSAGES / $secs" | bc -l)" "$sent" "$other"
if command -v sqlite3 >/dev/null; then
  echo "satchel: $(sqlite3 "file:$work/satchel/satchel.db?mode=ro" \
    "SELECT count(*) || ' messages, ' || (SELECT count(*) FROM blobs) || ' blobs' FROM messages")"
fi
[ "$other" = 0 ] || { grep "postfix/lmtp.*status=" "$work/maillog" | grep -v "status=sent" | head -5 >&2; exit 1; }
