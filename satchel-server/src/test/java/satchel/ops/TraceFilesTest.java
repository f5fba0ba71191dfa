package satchel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.TestClient;
import satchel.embedded.Satchel;
import satchel.server.TraceControl;
import satchel.server.TraceControl.Rule;

/** Protocol traces of real sessions: switched on by the control file, passwords never written. */
class TraceFilesTest {
    private static final String PASSWORD = "s3cretPW";
    @TempDir Path dir;
    private Satchel server;

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    private static final String PLAIN = Base64.getEncoder().encodeToString(
            ("\0alice\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private List<Path> traces() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("traces"))) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    private static TestClient open(InetSocketAddress a) throws Exception {
        TestClient c = TestClient.connect(a);
        c.greeting();
        return c;
    }

    private void idle() throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> server.connections() == 0);
    }

    @Test void addressTraceCoversLoginAndAuthenticateWithoutThePassword() throws Exception {
        server = Satchel.builder().dataDirectory(dir).imap(0).user("alice", PASSWORD).user("bob", PASSWORD).start();
        TraceControl.write(dir.resolve("traces"), List.of(new Rule(Rule.Kind.ADDR, "127.0.0.1")));
        var a = new InetSocketAddress(server.host(), server.imapPort());
        try (TestClient c = open(a)) { // LOGIN, atom password, wrong then right
            assertThat(c.last("LOGIN alice wrong" + PASSWORD)).contains("NO");
            assertThat(c.last("LOGIN alice " + PASSWORD)).contains("OK");
            c.command("LOGOUT");
        }
        try (TestClient c = open(a)) { // LOGIN, quoted user and literal password
            String tag = c.nextTag();
            c.write(tag + " LOGIN \"alice\" {" + PASSWORD.length() + "+}\r\n" + PASSWORD + "\r\n");
            assertThat(c.until(tag + " ").getLast()).contains("OK");
            c.command("LOGOUT");
        }
        try (TestClient c = open(a)) { // AUTHENTICATE PLAIN without SASL-IR
            String tag = c.nextTag();
            c.send(tag + " AUTHENTICATE PLAIN");
            assertThat(c.readLine()).startsWith("+");
            c.send(PLAIN);
            assertThat(c.until(tag + " ").getLast()).contains("OK");
            c.command("LOGOUT");
        }
        try (TestClient c = open(a)) { // AUTHENTICATE PLAIN with SASL-IR (RFC 4959)
            assertThat(c.last("AUTHENTICATE PLAIN " + PLAIN)).contains("OK");
            c.command("LOGOUT");
        }
        idle();
        List<Path> files = traces();
        assertThat(files).hasSize(4).allMatch(p -> p.getFileName().toString().startsWith("127.0.0.1-"));
        List<String> all = new ArrayList<>();
        for (Path p : files) all.add(Files.readString(p));
        for (String t : all) {
            assertThat(t).doesNotContain(PASSWORD).doesNotContain(PLAIN).contains("S: * OK").contains("***");
        }
        assertThat(all.get(0)).contains("C: a1 LOGIN alice ***", "C: a3 LOGOUT", "S: * BYE");
        assertThat(all.get(2)).contains("C: a1 AUTHENTICATE PLAIN\n").contains("C: ***\n");
        assertThat(all.get(3)).contains("C: a1 AUTHENTICATE PLAIN ***");
    }

    @Test void userTraceStartsAtLoginAndCanBeSwitchedOffAtRunTime() throws Exception {
        server = Satchel.builder().dataDirectory(dir).imap(0).user("alice", PASSWORD).user("bob", PASSWORD).start();
        var a = new InetSocketAddress(server.host(), server.imapPort());
        try (TestClient c = open(a)) { // no rule yet: nothing traced
            c.command("LOGIN alice " + PASSWORD);
            c.command("LOGOUT");
        }
        idle();
        assertThat(Files.exists(dir.resolve("traces"))).isFalse();
        TraceControl.write(dir.resolve("traces"), List.of(new Rule(Rule.Kind.USER, "alice")));
        try (TestClient c = open(a)) {
            c.command("LOGIN bob " + PASSWORD); // not traced: another user
            c.command("LOGOUT");
        }
        try (TestClient c = open(a)) {
            c.command("LOGIN alice " + PASSWORD);
            c.command("SELECT INBOX");
            c.command("LOGOUT");
        }
        idle();
        List<Path> files = traces();
        assertThat(files).hasSize(1);
        assertThat(files.getFirst().getFileName().toString()).startsWith("alice-");
        String t = Files.readString(files.getFirst());
        assertThat(t).doesNotContain(PASSWORD).doesNotContain("S: * OK [CAPABILITY")
                .contains("S: a1 OK", "C: a2 SELECT INBOX", "C: a3 LOGOUT");
        TraceControl.write(dir.resolve("traces"), List.of());
        try (TestClient c = open(a)) {
            c.command("LOGIN alice " + PASSWORD);
            c.command("LOGOUT");
        }
        idle();
        assertThat(traces()).hasSize(1);
    }
}
