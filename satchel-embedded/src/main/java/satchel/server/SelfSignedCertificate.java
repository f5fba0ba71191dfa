package satchel.server;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import satchel.store.PrivateFiles;

/**
 * Generates an EC P-256 self-signed server certificate (CN=localhost, SAN localhost, the host name,
 * 127.0.0.1 and ::1; valid 825 days, the longest browsers and Apple clients accept) as two PEM files.
 */
final class SelfSignedCertificate {
    private SelfSignedCertificate() {}

    static void generate(Path certFile, Path keyFile) throws IOException {
        PrivateFiles.directory(certFile.getParent());
        try {
            KeyPair pair = SelfSignedX509.keyPair();
            X509Certificate cert = SelfSignedX509.create(pair, hostNames());
            // Key first, written privately; both files appear atomically so a crash leaves no half pair.
            writeAtomically(keyFile, new JcaPKCS8Generator(pair.getPrivate(), null).generate());
            writeAtomically(certFile, cert);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** localhost and the machine's host name, when it has a usable one. */
    private static List<String> hostNames() {
        List<String> names = new ArrayList<>();
        names.add("localhost");
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.equals("localhost") && host.matches("[A-Za-z0-9.-]+")) names.add(host);
        } catch (IOException e) {
            // no host name: localhost and the loopback addresses still work
        }
        return names;
    }

    private static void writeAtomically(Path file, Object pem) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        PrivateFiles.file(tmp); // the certificate too: everything under the data directory is private
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII); JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(pem);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
