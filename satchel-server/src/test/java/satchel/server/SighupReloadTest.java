package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code satchel serve} as a child process gets SIGHUP, as logrotate's postrotate sends it: the server keeps
 * running and serving, a renewed certificate is presented at once (the reload interval is off, so only SIGHUP
 * can have loaded it), and the log file moved away is reopened under its name.
 */
class SighupReloadTest {
    private static final Pattern LISTEN = Pattern.compile("Listening for IMAP (\\(STARTTLS\\)|over TLS) on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir Path dir;
    private Process process;

    @AfterEach void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void writePair(String cn) throws Exception {
        KeyPair keys = TestTls.rsa();
        var cert = TestTls.certificate(cn, keys, cn, keys.getPrivate(), false);
        Path tmpKey = TestTls.writePem(dir.resolve("key.tmp"), keys.getPrivate());
        Path tmpCert = TestTls.writePem(dir.resolve("cert.tmp"), cert);
        Files.move(tmpKey, dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpCert, dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test void sighupReloadsCertificateAndReopensLogWithoutStopping() throws Exception {
        // A JVM started with SIGHUP ignored (the tests run under nohup) keeps it ignored: HotSpot installs no handler
        // for a shutdown signal its parent ignored, so the child could never see the reload signal.
        assumeFalse(hangupIgnored(), "SIGHUP is ignored in this environment (nohup?); the server would never get it");
        writePair("one");
        Path config = Files.writeString(dir.resolve("satchel.conf"), """
                data-dir = data
                imap = 127.0.0.1:0
                imaps = 127.0.0.1:0
                tls.certificate = cert.pem
                tls.private-key = key.pem
                tls.reload-interval = 0s
                logging.file = satchel.log
                """);
        Process init = new ProcessBuilder(command("init", "--config", config.toString())).redirectErrorStream(true).start();
        assertThat(init.waitFor()).as(new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        Process add = new ProcessBuilder(command("user", "add", "--config", config.toString(), "alice"))
                .redirectErrorStream(true).start();
        try (OutputStream in = add.getOutputStream()) {
            in.write("pw\n".getBytes(StandardCharsets.UTF_8));
        }
        String addOut = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(add.waitFor()).as(addOut).isZero();

        process = new ProcessBuilder(command("serve", "--config", config.toString(), "--metrics", "off"))
                .redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        int plain = -1, tls = -1;
        List<String> seen = new ArrayList<>();
        while (plain < 0 || tls < 0) {
            String line = out.readLine();
            assertThat(line).as("server output so far: %s", seen).isNotNull();
            seen.add(line);
            Matcher m = LISTEN.matcher(line);
            if (m.find()) {
                if (m.group(1).startsWith("(")) plain = Integer.parseInt(m.group(2));
                else tls = Integer.parseInt(m.group(2));
            }
        }
        assertThat(subject(tls)).isEqualTo("CN=one");
        assertThat(login(plain)).startsWith("a OK");

        Path log = dir.resolve("satchel.log");
        Files.move(log, dir.resolve("satchel.log.1")); // what logrotate does before postrotate
        writePair("two");
        TraceControl.write(dir.resolve("data/traces"), List.of(new TraceControl.Rule(TraceControl.Rule.Kind.USER, "bob")));
        hangup();

        Path rotated = dir.resolve("satchel.log.1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(log) && Files.readString(log).contains("SIGHUP: reloaded"))
                && System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server exited %s", process.isAlive() ? "" : process.exitValue()).isTrue();
            Thread.sleep(50);
        }
        assertThat(log).content().contains("SIGHUP: reloaded").contains("tls certificate (new one loaded)")
                .contains("trace rules (1)");
        assertThat(rotated).content().doesNotContain("SIGHUP");
        assertThat(process.isAlive()).isTrue();
        assertThat(subject(tls)).isEqualTo("CN=two");
        assertThat(login(plain)).startsWith("a OK");

        hangup(); // a second one, nothing changed: still no exit
        Thread.sleep(500);
        assertThat(process.isAlive()).isTrue();
        assertThat(login(plain)).startsWith("a OK");
    }

    private void hangup() throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start();
        assertThat(kill.waitFor()).isZero();
    }

    private static String subject(int port) throws Exception {
        try (var s = (SSLSocket) TestTls.trustAllClient().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
        }
    }

    /** LOGIN over plain IMAP on loopback; returns the tagged reply. */
    private static String login(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            assertThat(line(in)).startsWith("* OK");
            s.getOutputStream().write("a LOGIN alice pw\r\n".getBytes(StandardCharsets.US_ASCII));
            String l;
            do l = line(in); while (l.startsWith("*"));
            return l;
        }
    }

    private static String line(InputStream in) throws IOException {
        var b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) if (c != '\r') b.append((char) c);
        return b.toString();
    }

    /** Whether this process ignores SIGHUP (bit 0 of SigIgn in /proc/self/status), as its children then do. */
    private static boolean hangupIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) return false;
        for (String l : Files.readAllLines(status)) {
            if (l.startsWith("SigIgn:")) return (Long.parseUnsignedLong(l.substring(7).trim(), 16) & 1) != 0;
        }
        return false;
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add("satchel.admin.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }
}
