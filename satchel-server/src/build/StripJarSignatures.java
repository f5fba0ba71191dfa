import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the signed jars in a directory (the server's target/lib) without their signature: the signature files
 * go, and the manifest keeps its main section (Multi-Release and the rest) but loses the per-entry digests.
 * Run by the build in source-file mode: {@code java StripJarSignatures.java DIR}.
 *
 * <p>Why: the JDK verifies a signed jar on the class path as it loads from it. BouncyCastle's bcprov has a
 * 0.8 MB manifest and a 0.8 MB signature file, both parsed and hashed on first use, which cost a fresh JVM 0.5–0.7 s
 * of CPU at the first login (Argon2 lives there) and made the JIT compile the manifest parser; and classes from a
 * signed jar are kept out of the AOT cache, so BouncyCastle's were loaded from the jar and profiled anew at every
 * start (docs/operations.md, "Start-up and warm-up"). The classes themselves are unchanged, byte for byte. The jars
 * come from Maven Central over a checked download; nothing here needs the signature at run time (OpenJDK asks none
 * of a JCE provider, and Satchel does not register BouncyCastle as one).
 */
public final class StripJarSignatures {
    private StripJarSignatures() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: java StripJarSignatures.java DIR");
        List<Path> jars;
        try (var files = Files.list(Path.of(args[0]))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        for (Path jar : jars) {
            if (strip(jar)) System.out.println("StripJarSignatures: " + jar.getFileName() + " unsigned");
        }
    }

    /** True when {@code jar} was signed and is now rewritten without the signature; false when left alone. */
    static boolean strip(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".unsigning");
        try (ZipFile in = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = in.stream().toList();
            if (entries.stream().noneMatch(e -> signatureFile(e.getName()))) return false;
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(file)) {
                for (ZipEntry entry : entries) {
                    String name = entry.getName();
                    if (signatureFile(name)) continue;
                    ZipEntry copy = new ZipEntry(name);
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream data = in.getInputStream(entry)) {
                        if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                            Manifest manifest = new Manifest(data);
                            manifest.getEntries().clear(); // the per-entry digests, which only the signature used
                            manifest.write(out);
                        } else {
                            data.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** META-INF/*.SF, *.RSA, *.DSA, *.EC and SIG-*: the files of a jar signature (JAR File Specification). */
    static boolean signatureFile(String name) {
        if (!name.regionMatches(true, 0, "META-INF/", 0, 9) || name.indexOf('/', 9) >= 0) return false;
        String file = name.substring(9).toUpperCase(java.util.Locale.ROOT);
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }
}
