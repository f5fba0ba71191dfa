package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.server.AdminChannel;
import satchel.server.DataDirLock;

/**
 * A real server in its own process (so the data directory lock is a real OS lock held by another process), and
 * the admin commands run here against it: who, kick, reload, user del ending sessions, a second serve refused.
 */
class ControlTest {
    private static final Pattern LISTEN = Pattern.compile("Listening for IMAP \\(STARTTLS\\) on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir Path dir;
    private String data;
    private Process server;
    private int port;
    private final Cli cli = new Cli();
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach void startServer() throws Exception {
        data = dir.resolve("data").toString();
        assertThat(cli.run("init", "--data", data)).isZero();
        for (String user : List.of("alice", "bob")) {
            var in = new java.io.ByteArrayInputStream("pw\n".getBytes(StandardCharsets.UTF_8));
            var sink = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            var io = new Io(in, sink, System.err, null, null);
            assertThat(Main.run(io, "user", "add", user, "--data", data)).isZero();
        }
        server = new ProcessBuilder(command("serve", "--data", data, "--imap", "127.0.0.1:0", "--imaps", "off",
                "--metrics", "off")).redirectErrorStream(true).start();
        var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        while (port == 0) {
            String line = out.readLine();
            assertThat(line).as("server output so far: %s", seen).isNotNull();
            seen.add(line);
            Matcher m = LISTEN.matcher(line);
            if (m.find()) port = Integer.parseInt(m.group(1));
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining: a full pipe would block it
    }

    @AfterEach void stop() throws Exception {
        for (Socket s : clients) s.close();
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test void whoShowsTheSessionsAndKickEndsThemWithBye() throws Exception {
        var alice = login("alice");
        send(alice, "s1 SELECT INBOX");
        assertThat(readUntil(alice, "s1 ")).startsWith("s1 OK");
        var bob = login("bob");
        var anonymous = connect();

        assertThat(cli.run("who", "--data", data)).as(cli.err()).isZero();
        List<String> rows = cli.out().lines().toList();
        assertThat(rows.getFirst()).startsWith("ID").contains("USER", "ADDRESS", "STATE", "MAILBOX", "SINCE", "IN", "OUT");
        assertThat(rows).anyMatch(r -> r.matches("\\d+\\s+alice\\s+127\\.0\\.0\\.1\\s+SELECTED\\s+INBOX\\s+\\S+Z\\s+\\d+\\s+\\d+"));
        assertThat(rows).anyMatch(r -> r.matches("\\d+\\s+bob\\s+127\\.0\\.0\\.1\\s+AUTHENTICATED\\s+-\\s+.*"));
        assertThat(rows).anyMatch(r -> r.matches("\\d+\\s+-\\s+127\\.0\\.0\\.1\\s+NOT_AUTHENTICATED\\s+-\\s+.*"));
        assertThat(rows).hasSize(4);

        assertThat(cli.run("kick", "alice", "--reason", "Maintenance, back soon", "--data", data)).isZero();
        assertThat(cli.out()).isEqualTo("Kicked alice: 1 connection(s) asked to go.\n");
        assertThat(readUntil(alice, "* BYE")).isEqualTo("* BYE Maintenance, back soon");
        assertThat(line(alice)).isNull();

        // by address: everyone left here comes from 127.0.0.1
        assertThat(cli.run("kick", "127.0.0.0/8", "--data", data)).isZero();
        assertThat(cli.out()).contains("2 connection(s)");
        assertThat(readUntil(bob, "* BYE")).isEqualTo("* BYE Disconnected by the administrator");
        assertThat(readUntil(anonymous, "* BYE")).isEqualTo("* BYE Disconnected by the administrator");

        assertThat(cli.run("kick", "nobody", "--data", data)).isZero();
        assertThat(cli.out()).contains("0 connection(s)");
    }

    @Test void deletingAUserEndsTheirSessions() throws Exception {
        var alice = login("alice");
        var bob = login("bob");
        assertThat(cli.run("user", "del", "alice", "--data", data)).as(cli.err()).isZero();
        assertThat(cli.out()).isEqualTo("Deleted user alice.\nRunning server: 1 connection(s) asked to go.\n");
        assertThat(readUntil(alice, "* BYE")).isEqualTo("* BYE Account deleted");
        send(bob, "n1 NOOP");
        assertThat(readUntil(bob, "n1 ")).startsWith("n1 OK");
    }

    @Test void reloadDoesWhatSighupDoes() throws Exception {
        assertThat(cli.run("reload", "--data", data)).as(cli.err()).isZero();
        assertThat(cli.out()).contains("trace rules (0)", "connection limits (").endsWith("Reloaded.\n");
        var alice = login("alice"); // still serving
        send(alice, "l1 LOGOUT");
        assertThat(readUntil(alice, "l1 ")).startsWith("l1 OK");

        // the protocol itself: a request it does not know gets NO, and the socket is for the owner only
        assertThat(adminRequest("FROB")).isEqualTo("NO unknown request; expected WHO, KICK or RELOAD\n");
        assertThat(adminRequest("KICK ADDR example.org")).startsWith("NO ");
        assertThat(adminRequest("WHO" + " ".repeat(5000))).isEqualTo("NO request missing or longer than 4096 bytes\n");
        assertThat(adminRequest("WHO")).containsPattern("(?m)^OK \\d+ connection\\(s\\)$");
    }

    private String adminRequest(String line) throws IOException {
        try (var ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.connect(java.net.UnixDomainSocketAddress.of(Path.of(data, AdminChannel.SOCKET)));
            ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test void oneServerPerDataDirectory() throws Exception {
        login("alice"); // the server has read and written its files: its lock must hold all the same
        assertThat(cli.run("who", "--data", data)).isZero();
        // checked first, or a serve that wrongly got the lock would run (and this test hang) forever
        assertThat(DataDirLock.holder(Path.of(data))).get().asString().startsWith("pid " + server.pid());
        assertThat(cli.run("serve", "--data", data, "--imap", "127.0.0.1:0", "--imaps", "off", "--metrics", "off"))
                .isEqualTo(1);
        assertThat(cli.err()).startsWith("satchel: a server already runs on " + data + ": pid " + server.pid()
                + " (serve since ").contains(", imap 127.0.0.1:" + port).contains("admin " + data);
        assertThat(cli.run("check", "--repair", "--data", data)).isEqualTo(1);
        assertThat(cli.err()).contains("cannot check --repair while pid " + server.pid());
        assertThat(cli.run("user", "list", "--data", data)).isZero(); // reads may run beside the server
        assertThat(cli.out().lines()).containsExactlyInAnyOrder("alice", "bob");

        Path socket = Path.of(data, AdminChannel.SOCKET);
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        server.destroyForcibly(); // kill -9: the OS drops the lock; the stale socket and lock file do not matter
        server.waitFor(30, TimeUnit.SECONDS);
        assertThat(DataDirLock.holder(Path.of(data))).isEmpty();
        assertThat(cli.run("who", "--data", data)).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: no server is running on " + data + "\n");
        assertThat(cli.run("check", "--repair", "--data", data)).isZero();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(20_000);
        clients.add(s);
        assertThat(line(s)).startsWith("* OK");
        return s;
    }

    private Socket login(String user) throws IOException {
        Socket s = connect();
        send(s, "a LOGIN " + user + " pw");
        assertThat(readUntil(s, "a ")).startsWith("a OK");
        return s;
    }

    private static void send(Socket s, String line) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readUntil(Socket s, String prefix) throws IOException {
        for (String l = line(s); l != null; l = line(s)) if (l.startsWith(prefix)) return l;
        throw new AssertionError("connection closed before a line starting with " + prefix);
    }

    private static String line(Socket s) throws IOException {
        var in = s.getInputStream();
        var b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') if (c != '\r') b.append((char) c);
        return c < 0 && b.isEmpty() ? null : b.toString();
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
