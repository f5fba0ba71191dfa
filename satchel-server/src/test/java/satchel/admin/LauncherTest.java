package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code satchel} launcher's JDK search, with fake {@code java} binaries that only print a version.
 * A tools directory stands in for PATH so no real java on this machine is found by accident.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("../satchel").toAbsolutePath().normalize();
    private static final String MESSAGE =
            "Satchel needs a JDK 25 or newer. Install e.g. Temurin 25 (apt: temurin-25-jdk) or set JAVA_HOME.";

    @TempDir Path dir;
    private Path tools;

    record Result(int exit, String out, String err) {}

    @BeforeEach void toolsWithoutJava() throws IOException {
        tools = Files.createDirectories(dir.resolve("bin"));
        for (String tool : new String[] {"dirname", "grep", "find", "readlink"}) {
            Path real = Files.exists(Path.of("/usr/bin", tool)) ? Path.of("/usr/bin", tool) : Path.of("/bin", tool);
            // A wrapper, not a symlink: JUnit warns about links pointing out of the temp dir.
            executable(tools.resolve(tool), "#!/bin/sh\nexec " + real + " \"$@\"\n");
        }
    }

    private Path fakeJdk(String name, String versionLine) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("jdks").resolve(name).resolve("bin"));
        executable(bin.resolve("java"), "#!/bin/sh\necho '" + versionLine + "' >&2\n");
        return bin.getParent();
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result launch(Map<String, String> env, String... args) throws Exception {
        return launchScript(LAUNCHER, env, args);
    }

    private Result launchScript(Path script, Map<String, String> env, String... args) throws Exception {
        var command = new java.util.ArrayList<>(java.util.List.of("/bin/bash", script.toString()));
        command.addAll(java.util.List.of(args));
        var pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", tools.toString());
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    @Test void noJdk25AnywhereExplainsWhatToInstall() throws Exception {
        Path old = fakeJdk("jdk-21", "openjdk version \"21.0.4\" 2024-07-16");
        fakeJdk("jdk8", "java version \"1.8.0_392\"");
        Path onPath = Files.createSymbolicLink(tools.resolve("java"), old.resolve("bin/java"));
        assertThat(onPath).exists();

        Result r = launch(Map.of("JAVA_HOME", old.toString(), "SATCHEL_JDK_DIRS", dir.resolve("jdks") + "/*"), "version");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo(MESSAGE);
        assertThat(r.out()).isEmpty();
    }

    @Test void picksTheNewestJdkFromTheSearchDirectories() throws Exception {
        fakeJdk("jdk-21", "openjdk version \"21.0.4\" 2024-07-16");
        fakeJdk("temurin-25", "openjdk version \"25.0.1\" 2025-10-21 LTS");
        Path newest = fakeJdk("jdk-26", "openjdk version \"26-ea\" 2026-03-17");

        Result r = launch(Map.of("SATCHEL_JDK_DIRS", "/nonexistent/*:" + dir.resolve("jdks") + "/*", "SATCHEL_PRINT_JAVA", "1"));
        assertThat(r.exit()).isZero();
        assertThat(r.out().strip()).isEqualTo(newest.resolve("bin/java").toString());
    }

    @Test void javaHomeComesFirstWhenItIsNewEnough() throws Exception {
        Path home = fakeJdk("temurin-25", "openjdk version \"25.0.1\" 2025-10-21 LTS");
        fakeJdk("jdk-26", "openjdk version \"26\" 2026-03-17");

        Result r = launch(Map.of("JAVA_HOME", home.toString(), "SATCHEL_JDK_DIRS", dir.resolve("jdks") + "/*",
                "SATCHEL_PRINT_JAVA", "1"));
        assertThat(r.out().strip()).isEqualTo(home.resolve("bin/java").toString());
    }

    @Test void javaOnPathIsUsedWhenJavaHomeIsOld() throws Exception {
        Path old = fakeJdk("jdk-17", "openjdk version \"17.0.15\" 2025-04-15");
        Path current = fakeJdk("jdk-25", "openjdk version \"25\" 2025-09-16");
        Files.createSymbolicLink(tools.resolve("java"), current.resolve("bin/java"));

        Result r = launch(Map.of("JAVA_HOME", old.toString(), "SATCHEL_JDK_DIRS", "", "SATCHEL_PRINT_JAVA", "1"));
        assertThat(r.out().strip()).isEqualTo(tools.resolve("java").toString());
    }

    /**
     * An installed copy (bin/ beside runtime/ and app/, as the tarball and the .deb lay it out): a fake bundled
     * runtime that prints its arguments, one per line.
     */
    private Path installedCopy() throws IOException {
        Path base = dir.resolve("opt/satchel");
        Path java = Files.createDirectories(base.resolve("runtime/bin")).resolve("java");
        executable(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\necho \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX\" >&2\n");
        Files.writeString(base.resolve("runtime/release"), "JAVA_VERSION=\"25.0.3\"\n");
        Files.createDirectories(base.resolve("app/native"));
        Files.writeString(base.resolve("app/satchel.jar"), "");
        Files.writeString(base.resolve("app/native/libsqlitejdbc.so"), "");
        Files.writeString(base.resolve("app/satchel.aot"), "");
        Path launcher = Files.createDirectories(base.resolve("bin")).resolve("satchel");
        Files.copy(LAUNCHER, launcher);
        return base;
    }

    @Test void installedCopyRunsItsBundledRuntimeWithItsOwnSqliteLibraryAndAotCache() throws Exception {
        Path base = installedCopy();
        Path other = fakeJdk("temurin-25", "openjdk version \"25.0.1\" 2025-10-21 LTS");
        // Through a symlink, as /usr/bin/satchel is one.
        Path link = Files.createSymbolicLink(tools.resolve("satchel"), base.resolve("bin/satchel"));

        Result printed = launchScript(link, Map.of("JAVA_HOME", other.toString(), "SATCHEL_PRINT_JAVA", "1"));
        assertThat(printed.out().strip()).isEqualTo(base.resolve("runtime/bin/java").toString());

        Result r = launchScript(link, Map.of("JAVA_HOME", other.toString()), "user", "list");
        assertThat(r.exit()).isZero();
        var args = r.out().lines().toList();
        assertThat(args).contains("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=30000",
                "-Dorg.sqlite.lib.path=" + base.resolve("app/native"), "-Dorg.sqlite.lib.name=libsqlitejdbc.so",
                "-XX:AOTCache=" + base.resolve("app/satchel.aot"), "-XX:+AOTCompileEagerly");
        assertThat(args.subList(args.size() - 4, args.size()))
                .containsExactly("-jar", base.resolve("app/satchel.jar").toString(), "user", "list");
        // Nothing trained or written into the installed directory.
        try (var files = Files.list(base.resolve("app"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("satchel.jar", "native", "satchel.aot");
        }
    }

    /**
     * JDK 25 compiles what its AOT cache's training compiled at start when asked (issue 11); the flag is experimental,
     * so it follows the cache, can be turned off, and is not given to another JDK, which might not know it.
     */
    @Test void eagerCompilationFromTheAotCacheOnlyOnJdk25AndOnlyWithTheCache() throws Exception {
        Path base = installedCopy();
        Path launcher = base.resolve("bin/satchel");
        var args = launchScript(launcher, Map.of(), "version").out().lines().toList();
        assertThat(args).containsSubsequence("-XX:AOTCache=" + base.resolve("app/satchel.aot"),
                "-XX:+UnlockExperimentalVMOptions", "-XX:+AOTCompileEagerly", "-XX:Tier0InvokeNotifyFreqLog=0");

        assertThat(launchScript(launcher, Map.of("SATCHEL_AOT_EAGER", "0"), "version").out().lines())
                .contains("-XX:AOTCache=" + base.resolve("app/satchel.aot"))
                .doesNotContain("-XX:+AOTCompileEagerly", "-XX:Tier0InvokeNotifyFreqLog=0");

        Files.writeString(base.resolve("runtime/release"), "JAVA_VERSION=\"26\"\n");
        assertThat(launchScript(launcher, Map.of(), "version").out().lines())
                .contains("-XX:AOTCache=" + base.resolve("app/satchel.aot")).doesNotContain("-XX:+AOTCompileEagerly");

        Files.writeString(base.resolve("runtime/release"), "JAVA_VERSION=\"25.0.3\"\n");
        Files.delete(base.resolve("app/satchel.aot"));
        assertThat(launchScript(launcher, Map.of(), "version").out().lines())
                .noneMatch(a -> a.startsWith("-XX:AOTCache")).doesNotContain("-XX:+AOTCompileEagerly");
    }

    @Test void defaultHeapIsAQuarterOfMemoryWithinItsFloorAndCeiling() throws Exception {
        Path base = installedCopy();
        Result r = launchScript(base.resolve("bin/satchel"), Map.of(), "version");
        var heaps = r.out().lines().filter(a -> a.startsWith("-Xmx")).toList();
        assertThat(heaps).hasSize(1);
        long mib = Long.parseLong(heaps.getFirst().replaceAll("\\D", ""));
        long memoryMib = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024)
                .findFirst().orElseThrow();
        // The cgroup limit, when lower than the machine's memory, can only make it smaller.
        assertThat(mib).isBetween(Math.min(256, memoryMib / 2), Math.min(2048, Math.max(256, memoryMib / 4)));
    }

    @Test void javaOptsComeLastAndAHeapSetThereReplacesTheDefault() throws Exception {
        Path base = installedCopy();
        Result r = launchScript(base.resolve("bin/satchel"), Map.of("JAVA_OPTS", " -Xmx3g  -Dsatchel.test=1 "), "version");
        var args = r.out().lines().toList();
        assertThat(args.stream().filter(a -> a.startsWith("-Xmx"))).containsExactly("-Xmx3g");
        assertThat(args.subList(args.size() - 5, args.size()))
                .containsExactly("-Xmx3g", "-Dsatchel.test=1", "-jar", base.resolve("app/satchel.jar").toString(), "version");
    }

    @Test void aCollectorChosenInJavaOptsReplacesG1() throws Exception {
        Path base = installedCopy();
        Result r = launchScript(base.resolve("bin/satchel"), Map.of("JAVA_OPTS", "-XX:+UseZGC"), "version");
        var args = r.out().lines().toList();
        assertThat(args).contains("-XX:+UseZGC").doesNotContain("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=30000");
    }

    /**
     * The heap starts small (the JVM's own start, 1/64 of the machine, was resident after any burst), glibc keeps
     * two malloc arenas and the JVM trims them every 5 s (issue 11); the heap and the arenas, set by the operator, win.
     */
    @Test void heapStartsSmallAndMallocArenasAreFewUnlessSetOtherwise() throws Exception {
        Path base = installedCopy();
        Result r = launchScript(base.resolve("bin/satchel"), Map.of(), "version");
        var args = r.out().lines().toList();
        assertThat(args).contains("-Xms32m", "-XX:GCTimeRatio=4", "-XX:+UseCompactObjectHeaders",
                "-XX:TrimNativeHeapInterval=5000");
        assertThat(r.err()).contains("MALLOC_ARENA_MAX=2");

        Result set = launchScript(base.resolve("bin/satchel"),
                Map.of("JAVA_OPTS", "-Xms512m", "MALLOC_ARENA_MAX", "8"), "version");
        assertThat(set.out().lines().filter(a -> a.startsWith("-Xms"))).containsExactly("-Xms512m");
        assertThat(set.err()).contains("MALLOC_ARENA_MAX=8");
    }

    /**
     * C2 keeps already compiled callees of more than 1000 bytes of code out of its inlining (issue 11: the late
     * compiles of per-message methods cost a fresh server most of its compiler time); a value in JAVA_OPTS comes after
     * the launcher's, so the operator's is the one the JVM keeps.
     */
    @Test void compiledCalleesInlinedOnlyWhenSmallUnlessSetOtherwise() throws Exception {
        Path base = installedCopy();
        var args = launchScript(base.resolve("bin/satchel"), Map.of(), "version").out().lines().toList();
        assertThat(args).contains("-XX:InlineSmallCode=1000");

        var set = launchScript(base.resolve("bin/satchel"), Map.of("JAVA_OPTS", "-XX:InlineSmallCode=2500"), "version")
                .out().lines().toList();
        assertThat(set.indexOf("-XX:InlineSmallCode=2500")).isGreaterThan(set.indexOf("-XX:InlineSmallCode=1000"));
    }

    /**
     * NIO's per-carrier cache of temporary direct buffers keeps only buffers up to 256 KiB: a spooled literal read in
     * one piece otherwise left a buffer its size on the carrier for good (issue 11). A -D in JAVA_OPTS comes after the
     * launcher's, so the operator's value is the one the JVM keeps.
     */
    @Test void largeTemporaryDirectBuffersAreNotCachedUnlessSetOtherwise() throws Exception {
        Path base = installedCopy();
        var args = launchScript(base.resolve("bin/satchel"), Map.of(), "version").out().lines().toList();
        assertThat(args).contains("-Djdk.nio.maxCachedBufferSize=262144");

        var set = launchScript(base.resolve("bin/satchel"), Map.of("JAVA_OPTS", "-Djdk.nio.maxCachedBufferSize=1048576"),
                "version").out().lines().toList();
        assertThat(set.indexOf("-Djdk.nio.maxCachedBufferSize=1048576"))
                .isGreaterThan(set.indexOf("-Djdk.nio.maxCachedBufferSize=262144"));
    }

    /**
     * JFR started from JAVA_OPTS adds jdk.jfr to the JVM's module options; a cache trained without it is then refused
     * whole, and a profile would measure a server without its AOT cache. The launcher names the module always (the
     * training run uses the same options), so the two match with JFR on or off.
     */
    @Test void jfrModuleNamedSoAFlightRecordingKeepsTheAotCache() throws Exception {
        Path base = installedCopy();
        var args = launchScript(base.resolve("bin/satchel"), Map.of(), "version").out().lines().toList();
        assertThat(args).contains("--add-modules=jdk.jfr");
        assertThat(args.indexOf("--add-modules=jdk.jfr")).isLessThan(args.indexOf("-jar"));
    }
}
