#!/usr/bin/env bash
# Satchel embedded vs GreenMail, as a test suite uses them (bench/embedded, not shipped): start-to-ready cold (a
# fresh JVM per server, three each) and warm, per-method isolation, SMTP-to-IMAP round trip of one message.
# Prints the load average before and after: figures on a busy machine are upper bounds. About a minute.
# Env: BENCH_NO_BUILD=1 skips the build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
module="$root/bench/embedded"
if [ -z "${BENCH_NO_BUILD:-}" ]; then
  (cd "$root" && ./mvnw -B -q -pl bench/embedded -am -DskipTests package dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath >/dev/null)
fi
cp="$module/target/classes:$(cat "$module/target/classpath")"
java=$(find_java)
main=satchel.embeddedbench.EmbeddedBench
for round in 1 2 3; do
  for server in satchel greenmail; do "$java" -cp "$cp" "$main" cold "$server" 2>"$module/target/stderr.log" || { cat "$module/target/stderr.log" >&2; exit 1; }; done
done
"$java" -cp "$cp" "$main" warm 2>"$module/target/stderr.log" || { cat "$module/target/stderr.log" >&2; exit 1; }
