package satchel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.AuthThrottle;
import satchel.config.ServerConfig;
import satchel.embedded.Satchel;
import satchel.server.ImapServer;

/**
 * Failed-login defences against a real server on loopback, with loopback not trusted (tests, like an attacker,
 * come from 127.0.0.1): every mechanism passes one gate, a blocked attempt is answered NO [UNAVAILABLE]
 * (RFC 5530 §3) without being verified or counted, one user's failures do not block another user of the
 * address, a connection is closed after a few failures, and unknown users' SCRAM salts depend on the data
 * directory, not on the process.
 */
class LoginDefenceTest {
    private static final AuthThrottle STRICT = new AuthThrottle(Duration.ZERO, 3, Duration.ofMinutes(5),
            Duration.ofMinutes(15), 100, 10, List.of());

    /** {@link #STRICT} by its configuration-file keys, as an operator would write it. */
    private static final Map<String, String> STRICT_SETTINGS = Map.of("auth.failure-delay", "0s",
            "auth.max-failures", "3", "auth.failure-window", "5m", "auth.block-time", "15m",
            "auth.max-failures-per-address", "100", "auth.max-failures-per-connection", "10",
            "auth.trusted-networks", "none");

    @TempDir Path dir;
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach void stop() throws Exception {
        for (TestClient c : clients) c.close();
        for (AutoCloseable s : servers) s.close();
    }

    /** The embedded server with users alice and bob (password "right"), {@link #STRICT} changed by {@code changes}. */
    private InetSocketAddress start(Map<String, String> changes) throws Exception {
        var builder = Satchel.builder().imap(0).user("alice", "right").user("bob", "right");
        var settings = new LinkedHashMap<>(STRICT_SETTINGS);
        settings.putAll(changes);
        settings.forEach(builder::config);
        Satchel server = builder.start();
        servers.add(server);
        return new InetSocketAddress(server.host(), server.imapPort());
    }

    /**
     * A server as {@code satchel serve} starts one, on {@code data}: its authenticator keeps the secret that derives
     * unknown users' SCRAM salts in a file there (an embedded server keeps it in memory).
     */
    private ImapServer startOn(Path data) throws Exception {
        var config = ServerConfig.defaults(data).withImap("127.0.0.1:0").withImaps(null).withStore("memory")
                .withAuthThrottle(STRICT);
        ImapServer server = ImapServer.start(config);
        servers.add(server);
        server.store().createUser("alice", Passwords.hash("right"), Scram.storedKeys("right"));
        return server;
    }

    private TestClient connect(InetSocketAddress server) throws Exception {
        var c = TestClient.connect(server);
        clients.add(c);
        assertThat(c.readLine()).startsWith("* OK");
        return c;
    }

    private static String login(TestClient c, String tag, String user, String password) throws Exception {
        return c.command(tag, "LOGIN " + user + " " + password).getLast();
    }

    @Test void everyMechanismIsRefusedOnAnOpenConnectionOnceTheAddressIsBlocked() throws Exception {
        var server = start(Map.of("auth.max-failures-per-address", "3"));
        TestClient early = connect(server);
        TestClient guesser = connect(server);
        for (int i = 1; i <= 3; i++) assertThat(login(guesser, "g" + i, "nobody" + i, "wrong")).startsWith("g" + i + " NO");

        assertThat(SaslTest.scram(early, "alice", "right", true, false)).startsWith("a1 NO [UNAVAILABLE]");
        assertThat(login(early, "a2", "alice", "right")).startsWith("a2 NO [UNAVAILABLE]");
        String plain = SaslTest.b64("\0alice\0right");
        assertThat(early.command("a3", "AUTHENTICATE PLAIN " + plain).getLast()).startsWith("a3 NO [UNAVAILABLE]");
        var late = TestClient.connect(server);
        clients.add(late);
        assertThat(late.readLine()).startsWith("* BYE");
    }

    @Test void oneUsersFailuresDoNotBlockAnotherUserOfTheAddress() throws Exception {
        var server = start(Map.of());
        TestClient attacker = connect(server);
        for (int i = 1; i <= 3; i++) assertThat(login(attacker, "b" + i, "bob", "wrong")).startsWith("b" + i + " NO");
        assertThat(login(attacker, "b4", "bob", "right")).startsWith("b4 NO [UNAVAILABLE]");

        TestClient alice = connect(server);
        assertThat(login(alice, "a1", "alice", "right")).startsWith("a1 OK");
        assertThat(SaslTest.scram(connect(server), "alice", "right", true, false)).startsWith("a1 OK");
    }

    @Test void rightPasswordWhileBlockedIsUnavailableAndDoesNotExtendTheBlock() throws Exception {
        Duration block = Duration.ofSeconds(2);
        var server = start(Map.of("auth.max-failures", "2", "auth.block-time", block.toSeconds() + "s"));
        TestClient c = connect(server);
        for (int i = 1; i <= 2; i++) assertThat(login(c, "b" + i, "bob", "wrong")).startsWith("b" + i + " NO");
        long blockedAt = System.nanoTime();
        assertThat(login(c, "b3", "bob", "right")).isEqualTo("b3 NO [UNAVAILABLE] Too many failed logins, try again later");

        // Keep trying the right password: if a refused attempt counted or re-armed the block, this never ends.
        String answer;
        int tries = 0;
        do {
            try (var poll = TestClient.connect(server)) {
                assertThat(poll.readLine()).startsWith("* OK");
                answer = login(poll, "p" + ++tries, "bob", "right");
            }
            if (!answer.contains(" OK ")) Thread.sleep(100); // a poll interval, to spare the CPU
            assertThat(System.nanoTime() - blockedAt).as("still blocked: " + answer)
                    .isLessThan(Duration.ofSeconds(30).toNanos()); // generous: a loaded machine hashes slowly
        } while (!answer.contains(" OK "));
        assertThat(System.nanoTime() - blockedAt).isGreaterThanOrEqualTo(block.toNanos());
        assertThat(tries).isGreaterThan(1);
    }

    @Test void aConnectionIsClosedAfterTooManyFailures() throws Exception {
        var server = start(Map.of("auth.max-failures-per-connection", "2"));
        TestClient c = connect(server);
        assertThat(login(c, "a1", "alice", "wrong")).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        assertThat(login(c, "a2", "nobody", "wrong")).startsWith("a2 NO [AUTHENTICATIONFAILED]");
        assertThat(c.readLine()).startsWith("* BYE");
        assertThat(c.readLine()).isNull();

        TestClient scram = connect(server);
        assertThat(SaslTest.scram(scram, "alice", "wrong", true, false)).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        assertThat(SaslTest.scram(scram, "alice", "wrong", true, false)).startsWith("a1 NO [AUTHENTICATIONFAILED]");
        assertThat(scram.readLine()).startsWith("* BYE");
        assertThat(scram.readLine()).isNull();
    }

    @Test void unknownUsersSaltIsKeptAcrossRestartsAndLooksLikeARealUsers() throws Exception {
        Path first = Files.createDirectory(dir.resolve("first"));
        Path other = Files.createDirectory(dir.resolve("other"));
        var server = startOn(first).imapAddress();
        String nobody = serverFirst(server, "nobody");
        String alice = serverFirst(server, "alice");
        assertThat(iterations(nobody)).isEqualTo(iterations(alice));
        assertThat(salt(nobody)).isNotEqualTo(salt(alice)).isEqualTo(salt(serverFirst(server, "nobody")));
        servers.removeLast().close();

        assertThat(salt(serverFirst(startOn(first).imapAddress(), "nobody"))).as("after a restart")
                .isEqualTo(salt(nobody));
        assertThat(salt(serverFirst(startOn(other).imapAddress(), "nobody"))).as("another server")
                .isNotEqualTo(salt(nobody));
        try (var files = Files.list(first)) {
            Path key = files.filter(p -> p.getFileName().toString().contains("secret")).findFirst().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
    }

    /** The server-first message of a SCRAM exchange for {@code user}; the exchange is then cancelled. */
    private String serverFirst(InetSocketAddress server, String user) throws Exception {
        TestClient c = connect(server);
        c.send("s1 AUTHENTICATE SCRAM-SHA-256 " + SaslTest.b64("n,,n=" + user + ",r=nonce"));
        String challenge = c.readLine();
        assertThat(challenge).startsWith("+ ");
        c.send("*");
        assertThat(c.until("s1 ").getLast()).startsWith("s1 BAD");
        return SaslTest.unb64(challenge.substring(2));
    }

    private static String salt(String serverFirst) {
        return serverFirst.replaceAll(".*,s=([^,]+),.*", "$1");
    }

    private static String iterations(String serverFirst) {
        return serverFirst.replaceAll(".*,i=(\\d+)$", "$1");
    }
}
