package satchel.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * What a start costs and shares: one certificate per JVM, which every handle's own client context trusts (with
 * host name checks), and no BouncyCastle nor SQLite loaded by an in-memory server, even one that logs users in
 * and speaks TLS (their signed jars and native library are most of a cold start's CPU).
 */
class EmbeddedStartTest {
    @Test
    void serversShareTheCertificateAndEachHandleConnectsOverTls() throws Exception {
        try (Satchel a = Satchel.builder().user("alice", "secret").start();
             Satchel b = Satchel.builder().user("alice", "secret").start()) {
            assertThat(b.certificate()).isEqualTo(a.certificate());
            assertThat(b.sslContext()).isNotSameAs(a.sslContext());
            for (Satchel s : List.of(a, b)) {
                try (SSLSocket tls = verifiedTls(s.sslContext(), s.host(), s.imapsPort())) {
                    assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(s.certificate());
                    var imaps = lines(tls);
                    assertThat(imaps.readLine()).startsWith("* OK");
                    send(tls, "a LOGIN alice secret");
                    assertThat(imaps.readLine()).startsWith("a OK");
                }
            }
        }
    }

    @Test
    void anInMemoryServerLoadsNeitherBouncyCastleNorSqlite() throws Exception {
        Set<String> loaded = ConcurrentHashMap.newKeySet();
        try (var isolated = new RecordingLoader(classPath(), loaded)) {
            Class<?> satchel = isolated.loadClass(Satchel.class.getName());
            Object builder = satchel.getMethod("builder").invoke(null);
            builder.getClass().getMethod("user", String.class, String.class).invoke(builder, "alice", "secret");
            try (AutoCloseable server = (AutoCloseable) builder.getClass().getMethod("start").invoke(builder)) {
                String host = (String) call(server, "host");
                try (Socket imap = new Socket(host, (int) call(server, "imapPort"))) {
                    var in = lines(imap);
                    assertThat(in.readLine()).startsWith("* OK");
                    send(imap, "a LOGIN alice secret");
                    assertThat(in.readLine()).startsWith("a OK");
                }
                try (Socket smtp = new Socket(host, (int) call(server, "smtpPort"))) {
                    var in = lines(smtp);
                    assertThat(in.readLine()).startsWith("220 ");
                    send(smtp, "EHLO client.test");
                    for (String l = in.readLine(); !l.startsWith("250 "); l = in.readLine()) assertThat(l).startsWith("250-");
                    send(smtp, "AUTH PLAIN " + Base64.getEncoder().encodeToString("\0alice\0secret".getBytes()));
                    assertThat(in.readLine()).startsWith("235 ");
                }
                SSLContext context = (SSLContext) call(server, "sslContext");
                try (SSLSocket tls = verifiedTls(context, host, (int) call(server, "imapsPort"))) {
                    assertThat(lines(tls).readLine()).startsWith("* OK");
                }
            }
        }
        // The JVM's own requests (resolving a reference) reach the loader too, not only loadClass calls:
        assertThat(loaded).as("classes the isolated server asked for").contains("satchel.server.LazySslContext")
                .noneMatch(n -> n.startsWith("org.bouncycastle.") || n.startsWith("org.sqlite."));
    }

    private static SSLSocket verifiedTls(SSLContext context, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port);
        var params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name 127.0.0.1
        socket.setSSLParameters(params);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    private static BufferedReader lines(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void send(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        Method m = target.getClass().getMethod(method);
        return m.invoke(target);
    }

    /** The test class path (Surefire sets java.class.path to it), BouncyCastle and SQLite included. */
    private static URL[] classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> {
                    try {
                        return Path.of(p).toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toArray(URL[]::new);
    }

    /** Loads the library anew (not from the test's loader) and notes every class asked for, the JVM's requests too. */
    private static final class RecordingLoader extends URLClassLoader {
        private final Set<String> loaded;

        RecordingLoader(URL[] path, Set<String> loaded) {
            super(path, ClassLoader.getPlatformClassLoader());
            this.loaded = loaded;
        }

        @Override protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            loaded.add(name);
            return super.loadClass(name, resolve);
        }
    }
}
