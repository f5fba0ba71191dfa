#!/usr/bin/env bash
# A Dovecot instance tuned for the benchmarks (the reference server for compare.sh), on loopback only.
#   bench/dovecot.sh start [PORT]  (default 10144)  users user1..user20, password "pass"; prints the master pid
#   bench/dovecot.sh stop | wipe USER
# Same Maildir setup as the shared conformance peer, plus limits raised so that thousands of sessions can be
# open at once: Dovecot runs one imap process per session and caps processes and per-user connections.
set -euo pipefail
dir=${BENCH_DOVECOT_DIR:-/var/tmp/bench-dovecot-peer}  # readable by the dovecot user, unlike $HOME
port=${2:-10144}
conf=$dir/dovecot.conf

case ${1:-} in
  start)
    command -v dovecot >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; }
    mkdir -p "$dir/run/state" "$dir/mail"
    chmod 755 "$dir"
    id vmail >/dev/null 2>&1 || useradd -r -M -d "$dir/mail" vmail
    chown -R vmail:vmail "$dir/mail"
    for i in $(seq 1 20); do echo "user$i:{PLAIN}pass"; done >"$dir/users"
    cat >"$conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/run/state
instance_name = satchel-bench-$port
log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$dir/mail/%u
mail_uid = vmail
mail_gid = vmail
first_valid_uid = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=vmail gid=vmail home=$dir/mail/%u
}
default_client_limit = 40000
default_process_limit = 16000
default_vsz_limit = 1G
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 16000
}
protocol imap {
  mail_max_userip_connections = 16000
  mail_plugins = \$mail_plugins imap_zlib
}
namespace inbox {
  inbox = yes
  separator = /
}
CONF
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    # Every idling session takes an inotify instance of the vmail user; past the limit (often 128) Dovecot
    # falls back to polling every 30 s and IDLE latency measures the poll interval instead of the server.
    if [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -lt 20000 ]; then
      sysctl -q -w fs.inotify.max_user_instances=20000 2>/dev/null ||
        echo "warning: fs.inotify.max_user_instances is low; Dovecot IDLE latency will show 30 s polling" >&2
    fi
    dovecot -c "$conf"
    for _ in $(seq 1 200); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then cat "$dir/run/master.pid"; exit 0; fi
      sleep 0.05
    done
    echo "dovecot did not start; see $dir/dovecot.log" >&2; exit 1 ;;
  stop)
    [ -f "$conf" ] && doveadm -c "$conf" stop 2>/dev/null || true
    for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || exit 0; sleep 0.05; done ;;
  wipe)
    # Deletes every message of the user (all mailboxes): a fresh start for populate/append.
    doveadm -c "$conf" expunge -u "${2:?user}" mailbox '*' all ;;
  *)
    sed -n '2,6p' "$0"; exit 2 ;;
esac
