package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build step that unsigns BouncyCastle's jars in target/lib (src/build/StripJarSignatures.java, issue 11: the
 * JDK verifies a signed jar as it loads from it and keeps its classes out of the AOT cache). Run as the build runs
 * it, in source-file mode, on jars made here.
 */
class StripJarSignaturesTest {
    private static final Path SCRIPT = Path.of("src/build/StripJarSignatures.java").toAbsolutePath();
    private static final byte[] CLASS_BYTES = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 69, 1, 2};

    @TempDir Path dir;

    /** A jar laid out as a signed one: manifest with per-entry digests, the signature files, a versioned class. */
    private Path signedLookingJar(String name) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        manifest.getMainAttributes().putValue("Bundle-Version", "1.87");
        for (String entry : List.of("org/example/A.class", "META-INF/versions/17/org/example/A.class")) {
            Attributes digest = new Attributes();
            digest.putValue("SHA-256-Digest", "c2lnbmVk");
            manifest.getEntries().put(entry, digest);
        }
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry(JarFile.MANIFEST_NAME));
            manifest.write(out);
            for (String entry : List.of("META-INF/BCRSA204.SF", "META-INF/BCRSA204.RSA", "META-INF/OTHER.DSA",
                    "META-INF/KEY.EC", "META-INF/SIG-X.P7S")) {
                out.putNextEntry(new ZipEntry(entry));
                out.write("signature".getBytes(StandardCharsets.US_ASCII));
            }
            out.putNextEntry(new ZipEntry("META-INF/LICENSE.md"));
            out.write("licence text".getBytes(StandardCharsets.US_ASCII));
            out.putNextEntry(new ZipEntry("META-INF/services/java.security.Provider"));
            out.write("org.example.Provider\n".getBytes(StandardCharsets.US_ASCII));
            for (String entry : List.of("org/example/A.class", "META-INF/versions/17/org/example/A.class")) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(CLASS_BYTES);
            }
        }
        return jar;
    }

    private String run(Path libDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, SCRIPT.toString(), libDir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static Map<String, byte[]> contents(Path jar) throws IOException {
        var all = new java.util.TreeMap<String, byte[]>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                try (var in = zip.getInputStream(e)) {
                    all.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return all;
    }

    @Test void signatureFilesAndDigestsGoMainAttributesAndClassesStay() throws Exception {
        Path jar = signedLookingJar("bcprov-jdk18on-1.87.jar");

        assertThat(run(dir)).contains("bcprov-jdk18on-1.87.jar unsigned");

        Map<String, byte[]> after = contents(jar);
        assertThat(after.keySet()).containsExactlyInAnyOrder(JarFile.MANIFEST_NAME, "META-INF/LICENSE.md",
                "META-INF/services/java.security.Provider", "org/example/A.class",
                "META-INF/versions/17/org/example/A.class");
        assertThat(after.get("org/example/A.class")).isEqualTo(CLASS_BYTES);
        assertThat(after.get("META-INF/versions/17/org/example/A.class")).isEqualTo(CLASS_BYTES);
        try (JarFile opened = new JarFile(jar.toFile(), true, ZipFile.OPEN_READ, Runtime.version())) {
            Manifest manifest = opened.getManifest();
            assertThat(manifest.getEntries()).isEmpty();
            assertThat(manifest.getMainAttributes().getValue("Bundle-Version")).isEqualTo("1.87");
            // Multi-Release kept: the versioned class is the one a Java 17+ runtime reads.
            assertThat(opened.isMultiRelease()).isTrue();
            assertThat(opened.getJarEntry("org/example/A.class").getRealName())
                    .isEqualTo("META-INF/versions/17/org/example/A.class");
        }
    }

    @Test void anUnsignedJarIsLeftAsItIsAndASecondRunChangesNothing() throws Exception {
        Path signed = signedLookingJar("signed.jar");
        Path plain = dir.resolve("plain.jar");
        try (OutputStream file = Files.newOutputStream(plain); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("META-INF/SIGNATURES.txt")); // not a signature file: a name like one
            out.write(1);
            out.putNextEntry(new ZipEntry("a/B.class"));
            out.write(CLASS_BYTES);
        }
        byte[] plainBefore = Files.readAllBytes(plain);

        assertThat(run(dir)).contains("signed.jar unsigned").doesNotContain("plain.jar");
        assertThat(Files.readAllBytes(plain)).isEqualTo(plainBefore);

        byte[] signedOnce = Files.readAllBytes(signed);
        assertThat(run(dir)).doesNotContain("unsigned");
        assertThat(Files.readAllBytes(signed)).isEqualTo(signedOnce);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("signed.jar", "plain.jar");
        }
    }
}
