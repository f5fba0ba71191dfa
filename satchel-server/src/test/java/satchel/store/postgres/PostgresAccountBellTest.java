package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.AccountBell;
import satchel.store.MetadataLimits;
import satchel.store.User;

/**
 * The account doorbell crosses nodes like a mailbox's: NOTIFY on one node hears CREATE, SUBSCRIBE and SETMETADATA
 * done on another (two stores on one database).
 */
class PostgresAccountBellTest {
    @TempDir Path dir;

    @Test
    void anotherNodesTreeAndAnnotationChangesRingTheAccountBell() throws Exception {
        try (PostgresMailStore a = PostgresTestServer.open(dir); PostgresMailStore b = PostgresTestServer.open(dir)) {
            User alice = a.createUser("alice", "h", null);
            Semaphore rung = new Semaphore(0);
            try (AutoCloseable w = a.watch(AccountBell.of(alice.id()), rung::release)) {
                var onB = b.mail(b.user("alice").orElseThrow());
                onB.create("Elsewhere", Set.of());
                assertThat(rung.tryAcquire(10, TimeUnit.SECONDS)).as("CREATE on the other node").isTrue();
                onB.subscribe("Elsewhere", false);
                assertThat(rung.tryAcquire(10, TimeUnit.SECONDS)).as("UNSUBSCRIBE on the other node").isTrue();
                onB.metadata().set(Optional.empty(), Map.of("/private/comment", "x".getBytes(StandardCharsets.UTF_8)),
                        MetadataLimits.DEFAULT);
                assertThat(rung.tryAcquire(10, TimeUnit.SECONDS)).as("SETMETADATA on the other node").isTrue();
            }
        }
    }
}
