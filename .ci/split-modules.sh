#!/usr/bin/env bash
# The move of the single-module tree into Maven modules (issue 15), as renames only. Kept beside the poms so the
# move can be run again on a tree that gained files since: git's directory-rename detection carries a file added
# to an existing package into its new place, but not a new package (src/main/java/satchel/NEW, or a new test
# package), which a merge leaves at the old path. Run from the repository root; on the original tree it makes the
# split commit's renames, on a merged tree it moves only what is still left under src/.
#   satchel-server:   admin (picocli CLI), logging (Logback), transfer (import/export), resources, src/dist, all tests
#   satchel-metrics:  metrics (Micrometer backend of satchel.server.Metrics) and its service registration
#   satchel-junit:    junit (SatchelExtension)
#   satchel-embedded: every other package, including any added after this script was written
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# git mv FROM TO; when TO exists already (a merged tree), moves FROM's entries into it one by one.
move() {
  local from=$1 to=$2 entry
  [ -e "$from" ] || return 0
  if [ -d "$from" ] && [ -d "$to" ]; then
    for entry in "$from"/* "$from"/.[!.]*; do [ -e "$entry" ] && move "$entry" "$to/${entry##*/}"; done
    return 0
  fi
  [ -e "$to" ] && { echo "split-modules: both $from and $to exist; merge them by hand" >&2; exit 1; }
  mkdir -p "$(dirname "$to")"
  git mv "$from" "$to"
}

main=src/main/java/satchel
for p in admin logging transfer; do move "$main/$p" "satchel-server/$main/$p"; done
move "$main/metrics" "satchel-metrics/$main/metrics"
move "$main/junit" "satchel-junit/$main/junit"
if [ -d "$main" ]; then
  for d in "$main"/*/; do [ -d "$d" ] && move "${d%/}" "satchel-embedded/$main/$(basename "$d")"; done
fi
move 'src/main/resources/META-INF/services/satchel.server.Metrics$Provider' \
  'satchel-metrics/src/main/resources/META-INF/services/satchel.server.Metrics$Provider'
move src/main/resources satchel-server/src/main/resources
move src/dist satchel-server/src/dist
move src/test satchel-server/src/test
find src -depth -type d -empty -delete 2>/dev/null || true # git mv leaves the emptied directories
if [ -d src ]; then echo "split-modules: left under src/ (not tracked, or not a package):" >&2; find src >&2; fi
