#!/usr/bin/env bash
# Builds the self-contained distribution (run by `./mvnw package -Pdist`, after the jar and target/lib of the
# satchel-server module; the outputs land in satchel-server/target):
#   target/satchel-VERSION-linux-x64.tar.gz   satchel-VERSION/{bin/satchel, runtime/, app/, contrib/, docs/, README.md}
#   target/satchel_DEBVERSION_amd64.deb       the same tree under /opt/satchel, plus the unit, /etc/satchel and a user
# runtime/ is the JDK trimmed by jlink to the modules jdeps finds; app/ holds the jars, SQLite's native library
# (loaded from there, never copied to /tmp) and the AOT cache trained on this very runtime and tree.
# Usage: satchel-server/src/dist/build.sh VERSION   (needs a JDK 25 the launcher can find, dpkg-deb)
set -euo pipefail
version="${1:?usage: build.sh VERSION}"
module="$(cd "$(dirname "$0")/../.." && pwd)" # satchel-server
root="$(cd "$module/.." && pwd)"              # the repository: the launcher, contrib/, docs/, README.md
target="$module/target"
src="$module/src/dist"
name="satchel-$version"
stage="$target/dist/$name"

[[ -f "$target/satchel.jar" && -d "$target/lib" ]] || { echo "build.sh: run after the jar is built (mvn package -Pdist)" >&2; exit 1; }
java="$(SATCHEL_PRINT_JAVA=1 "$root/satchel")"
jdk="$(dirname "$(dirname "$(readlink -f "$java")")")"
for tool in jdeps jlink jar; do
    [[ -x "$jdk/bin/$tool" ]] || { echo "build.sh: $jdk is not a full JDK (no bin/$tool)" >&2; exit 1; }
done

rm -rf "$target/dist" "$target/deb"
mkdir -p "$stage/bin" "$stage/app" "$stage/contrib" "$stage/docs"

# Modules: what jdeps sees the code use, plus those reached only through service lookup or kept for operators:
# jdk.charsets (mail arrives in ISO-2022-JP, KOI8-R, windows-125x… looked up by name), jdk.crypto.cryptoki is not
# needed (keys are PEM files), jdk.jcmd and jdk.jfr (thread dumps, heap info and flight recordings of a running
# server, as operators of any JVM expect).
modules="$("$jdk/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
    "$target/satchel.jar" "$target"/lib/*.jar)"
modules="$modules,jdk.charsets,jdk.jcmd,jdk.jfr"
echo "jlink: $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$stage/runtime"

cp "$target/satchel.jar" "$stage/app/"
cp -r "$target/lib" "$stage/app/lib"
# The tarball is for Linux x64 with glibc: sqlite-jdbc's Linux/x86_64 build.
sqlite=("$target"/lib/sqlite-jdbc-*.jar)
tmp="$(mktemp -d)"
(cd "$tmp" && "$jdk/bin/jar" xf "${sqlite[0]}" org/sqlite/native/Linux/x86_64/)
mv "$tmp/org/sqlite/native/Linux/x86_64" "$stage/app/native"
rm -rf "$tmp"

install -m 0755 "$root/satchel" "$stage/bin/satchel"
cp "$root/contrib/satchel.service" "$root/contrib/satchel.conf.example" "$src/satchel.default" "$stage/contrib/"
cp "$root"/docs/*.md "$stage/docs/"
cp "$root/README.md" "$stage/"
{
    echo "Satchel $version bundles these libraries (app/lib) and a Java runtime (runtime/, see runtime/legal/):"
    for jar in "$target"/lib/*.jar; do echo "  ${jar##*/}"; done
} > "$stage/THIRD-PARTY.txt"

echo "training the AOT cache..."
SATCHEL_TRAIN=1 "$stage/bin/satchel"
rm -f "$stage/app/satchel.aot.trained"
[[ -f "$stage/app/satchel.aot" ]] || echo "build.sh: warning: no AOT cache was made; the server will start without one" >&2
"$stage/bin/satchel" version

tar -C "$target/dist" --owner=0 --group=0 --numeric-owner --sort=name -czf "$target/$name-linux-x64.tar.gz" "$name"
echo "built $target/$name-linux-x64.tar.gz"

# Debian package. Versions: 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT, which sorts before the release 0.1.0.
deb_version="${version//-/\~}"
pkg="$target/deb"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/lib/systemd/system" "$pkg/etc/satchel" "$pkg/etc/default" "$pkg/usr/bin" \
    "$pkg/usr/share/doc/satchel"
cp -a "$stage" "$pkg/opt/satchel"
install -m 0644 "$root/contrib/satchel.service" "$pkg/lib/systemd/system/satchel.service"
install -m 0644 "$root/contrib/satchel.conf.example" "$pkg/etc/satchel/satchel.conf"
install -m 0644 "$src/satchel.default" "$pkg/etc/default/satchel"
ln -s /opt/satchel/bin/satchel "$pkg/usr/bin/satchel"
cp "$stage/THIRD-PARTY.txt" "$pkg/usr/share/doc/satchel/copyright"
for script in postinst prerm postrm; do install -m 0755 "$src/debian/$script" "$pkg/DEBIAN/$script"; done
install -m 0644 "$src/debian/conffiles" "$pkg/DEBIAN/conffiles"
installed_kb="$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)"
sed -e "s/@VERSION@/$deb_version/" -e "s/@INSTALLED_SIZE@/$installed_kb/" "$src/debian/control" > "$pkg/DEBIAN/control"
# --root-owner-group: every file root-owned without fakeroot (dpkg-deb >= 1.19).
dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$target/satchel_${deb_version}_amd64.deb" >/dev/null
echo "built $target/satchel_${deb_version}_amd64.deb"
