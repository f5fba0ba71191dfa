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
    private static final Path LAUNCHER = Path.of("satchel").toAbsolutePath();
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
        var command = new java.util.ArrayList<>(java.util.List.of("/bin/bash", LAUNCHER.toString()));
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
}
