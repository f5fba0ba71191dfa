package satchel.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;

/**
 * Keeps the attack harness working: two of its cheapest classes, tiny, against an in-process server (memory
 * store, at most 10 connections per address). Asserts what the harness measures, not how fast the machine is;
 * classes that stall the server (h-long-line does, on main) would make it slow, so they are left to attack.sh.
 */
class AttackRunnerSmokeTest {
    @TempDir Path dir;

    @Test void runsCheapClassesAndKeepsTheLedger() throws Exception {
        var config = ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null).withStore("memory")
                .withMaxConnectionsPerIp(10);
        try (ImapServer server = ImapServer.start(config)) {
            for (String user : List.of("user1", "user2", "user3", "user4")) {
                server.store().createUser(user, Passwords.hash("pass"), Scram.storedKeys("pass"));
            }
            var main = AttackRunner.target(java.util.Map.of("port", String.valueOf(server.imapAddress().getPort()),
                    "pid", String.valueOf(ProcessHandle.current().pid()), "attackers", "user4"));
            var out = new ByteArrayOutputStream();
            var report = AttackRunner.run(main, Sizes.tiny().withSeconds(2), Catalog.select(Set.of("a-flood-plain", "g-deflate-corrupt")),
                    dir.resolve("ledger.txt"), new PrintStream(out, true));

            assertThat(report.rows()).extracting(AttackRunner.Row::name)
                    .containsExactly("a-flood-plain", "g-deflate-corrupt");
            assertThat(report.rows()).allSatisfy(r -> {
                assertThat(r.alive()).as(r.name() + " alive").isTrue();
                assertThat(r.peakRssKb()).as(r.name() + " RSS").isPositive();
                assertThat(r.peakFds()).as(r.name() + " fds").isPositive();
                assertThat(r.legit().attempts()).as(r.name() + " legitimate logins").isPositive();
            });
            // Up to 30 connects from one address, all held: the per-address limit of 10 admits at most 10
            var flood = java.util.regex.Pattern.compile("(\\d+) connects: (\\d+) greeted OK, (\\d+) BYE, (\\d+) errors")
                    .matcher(report.rows().getFirst().note());
            assertThat(flood.find()).as(report.rows().getFirst().note()).isTrue();
            int connects = Integer.parseInt(flood.group(1));
            int ok = Integer.parseInt(flood.group(2));
            int bye = Integer.parseInt(flood.group(3));
            assertThat(ok).isBetween(1, 10);
            assertThat(ok + bye + Integer.parseInt(flood.group(4))).isEqualTo(connects);
            if (connects > 12) assertThat(bye).isPositive();
            assertThat(report.rows().get(1).note()).containsPattern("^[1-9]\\d* corrupt streams: ");
            assertThat(report.ledger().acknowledged()).isPositive();
            assertThat(report.ledger().passed()).as(AttackRunner.ledgerLine(report.ledger())).isTrue();
            assertThat(Files.readAllLines(dir.resolve("ledger.txt"))).hasSize(report.ledger().acknowledged());

            var table = new ByteArrayOutputStream();
            AttackRunner.print(report, new PrintStream(table, true));
            assertThat(table.toString()).contains("| a-flood-plain | ", "ledger: ", " - OK");
        }
    }

    @Test void refusesAnythingButLoopback() throws Exception {
        assertThatThrownBy(() -> new Target(InetAddress.getByName("192.0.2.1"), 143, 0, 0, "p", "a", "b", "c", List.of("d")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback address");
        assertThatThrownBy(() -> Target.requireLoopback(InetAddress.getByName("10.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Target.source(3, 7).isLoopbackAddress()).isTrue();
    }
}
