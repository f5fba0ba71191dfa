# Shared helpers for the bench scripts; source it, don't run it.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# A Java 25+ binary: $JAVA, then java on PATH, then the usual JDK install places.
find_java() {
  local c v
  for c in ${JAVA:-} "$(command -v java || true)" ${JAVA_HOME:+$JAVA_HOME/bin/java} /usr/lib/jvm/*/bin/java /opt/*/bin/java; do
    [ -x "$c" ] || continue
    v=$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    [ "${v%%.*}" -ge 25 ] 2>/dev/null && { echo "$c"; return; }
  done
  echo "no Java 25+ found; set JAVA=/path/to/java" >&2; return 1
}

# Compiles main and test classes once and writes the test-scope classpath of satchel-server (which holds the
# tests, and whose classpath names the other modules' target/classes in the same reactor run) to
# satchel-server/target/bench-classpath.
build_once() {
  local server="$root/satchel-server"
  if [ -z "${BENCH_NO_BUILD:-}" ]; then
    (cd "$root" && ./mvnw -B -q -pl satchel-server -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath >/dev/null)
  fi
  CP="$server/target/test-classes:$server/target/classes:$(cat "$server/target/bench-classpath")"
  JAVA_BIN=$(find_java)
}

# Blocks until host:port accepts a connection; polls every 5 ms, gives up after $3 seconds.
wait_port() {
  local host=$1 port=$2 secs=${3:-30} i
  for ((i = 0; i < secs * 200; i++)); do
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null && return 0
    sleep 0.005
  done
  return 1
}

# A free TCP port on loopback (bind to 0 and release).
free_port() { "$JAVA_BIN" -cp "$CP" satchel.bench.FreePort; }

# The command that runs Satchel's CLI: $SATCHEL_CMD, else the ./satchel launcher, else java on the classpath.
satchel_cmd() {
  if [ -n "${SATCHEL_CMD:-}" ]; then echo "$SATCHEL_CMD"
  elif [ -x "$root/satchel" ]; then echo "$root/satchel"
  else echo "$JAVA_BIN -cp $CP satchel.admin.Main"; fi
}

# The pid of the JVM under a launcher pid (the launcher may exec java itself or run it as a child).
jvm_pid() {
  local p=$1 c
  [ "$(cat /proc/"$p"/comm 2>/dev/null)" = java ] && { echo "$p"; return; }
  for c in $(pgrep -P "$p"); do jvm_pid "$c" && return; done
  return 1
}

# Clock ticks of CPU a process tree has used: its own, its reaped children's and its living descendants'.
ticks() {
  local p=$1 c t
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || echo 0)
  for c in $(pgrep -P "$p" 2>/dev/null); do t=$((t + $(ticks "$c"))); done
  echo "$t"
}

# Kills a process we started and its descendants, by pid, and reaps it.
kill_tree() {
  local p=$1 c
  for c in $(pgrep -P "$p" 2>/dev/null); do kill_tree "$c"; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}

# A fresh server for the per-thread splits: a new data directory in a new $work (mktemp -t NAME.XXXXXX), users
# user1..user4 ("pass"), `serve` on 127.0.0.1:PORT through $cmd. Sets work, lp (the launcher) and pid (the JVM), and
# stops the server and removes $work on exit.  fresh_server NAME PORT
fresh_server() {
  work=$(mktemp -d -t "$1.XXXXXX")
  lp=
  trap 'fresh_server_stop' EXIT
  local data=$work/data i
  mkdir -p "$data"
  $cmd init --data "$data" >/dev/null # only serve and init create a store
  for i in 1 2 3 4; do echo pass | $cmd user add --data "$data" "user$i" >/dev/null; done
  $cmd serve --data "$data" --imap "127.0.0.1:$2" --imaps off --metrics off >"$work/server.log" 2>&1 &
  lp=$!
  wait_port 127.0.0.1 "$2" 120 || { echo "satchel did not start; see $work/server.log" >&2; exit 1; }
  pid=$(jvm_pid "$lp")
}
fresh_server_stop() { [ -n "$lp" ] && kill_tree "$lp"; rm -rf "$work"; }

# One line per thread of JVM PID, "TID GROUP TICKS" (groups C1, C2, GC/VM for G1's threads and the VM thread,
# carriers for ForkJoinPool-*, indexer, other), and "total total TICKS" for the process (exited threads included).
thread_ticks() {
  local t s name rest
  for t in /proc/"$1"/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    name=${s#*(}; name=${name%)*}; rest=${s##*) }
    case $name in
      "C2 Compiler"*) name=C2 ;; "C1 Compiler"*) name=C1 ;;
      "GC Thread"* | G1* | "VM Thread") name=GC/VM ;;
      ForkJoinPool*) name=carriers ;; satchel-search*) name=indexer ;; *) name=other ;;
    esac
    echo "${t##*/} $name $(echo "$rest" | awk '{print $12 + $13}')"
  done
  echo "total total $(awk '{sub(/.*\) /, ""); print $12 + $13}' /proc/"$1"/stat)"
}
