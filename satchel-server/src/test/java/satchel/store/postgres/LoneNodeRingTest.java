package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;

/**
 * Issue 12: a node that is alone on its database rings nobody after its commits (each ring cost both sides a round
 * trip and woke its own listener); a node that joins says hello on the channel, and from then on the first node
 * rings it again at once, not only after its next sweep has counted the newcomer.
 */
class LoneNodeRingTest {
    @TempDir Path dir;
    private PostgresMailStore storeA;
    private TwoNodes nodes;

    @AfterEach void stop() {
        if (nodes != null) nodes.close();
        else if (storeA != null) storeA.close();
    }

    @Test void aLoneNodeRingsNobodyAndANodeThatJoinsIsRungFromItsHello() throws Exception {
        storeA = PostgresTestServer.open(dir);
        ChangeListener listenerA = storeA.postgres().listener();
        assertThat(listenerA.othersListening()).as("until a sweep has counted, rings go out").isTrue();
        assertThat(within(ChangeListener.SWEEP.multipliedBy(3), () -> !listenerA.othersListening()))
                .as("a sweep found no other node's listener").isTrue();

        nodes = new TwoNodes(dir, storeA, PostgresTestServer.open(dir), c -> c);
        assertThat(within(Duration.ofSeconds(3), listenerA::othersListening)).as("B's hello heard").isTrue();
        TestClient idler = nodes.login(nodes.b);
        assertThat(idler.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
        idler.send("i IDLE");
        idler.until("+ ");
        long t0 = System.nanoTime();
        nodes.login(nodes.a).appendUid("a", "INBOX", "Subject: rung\r\n\r\nrung\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(idler.until("* 1 EXISTS")).isNotEmpty();
        assertThat(listenerA.othersListening()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("rung, not found by a sweep or IDLE's poll")
                .isLessThan(ChangeListener.SWEEP);
        idler.send("DONE");
        assertThat(idler.until("i ").getLast()).startsWith("i OK");
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
