package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.Hold;
import satchel.store.MailboxId;
import satchel.store.MailboxLimits;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.store.UserMail;

/**
 * A session on node B still shows a message that node A expunges: node A's purge must not drop its body while B's
 * hold covers it (B's hold is published as a lease), and drops it once nobody holds it. Short grace period, so the
 * lease timing is short too; a control mailbox nobody holds shows the purge did run.
 */
class PostgresSharedHoldsTest {
    private static final Duration GRACE = Duration.ofSeconds(20);

    @TempDir Path dir;
    private PostgresMailStore a;
    private PostgresMailStore b;

    @BeforeEach void twoNodes() throws Exception {
        a = PostgresTestServer.open(dir, MailboxLimits.DEFAULT, GRACE);
        b = PostgresTestServer.open(dir, MailboxLimits.DEFAULT, GRACE);
    }

    @AfterEach void close() {
        a.close();
        b.close();
    }

    private static NewMessage msg(String subject) {
        return new NewMessage(("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8), Set.of(),
                Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test void aHoldOnOneNodeKeepsWhatAnotherNodeExpunges() throws Exception {
        User alice = a.createUser("alice", "h", null);
        UserMail onA = a.mail(alice);
        UserMail onB = b.mail(b.user("alice").orElseThrow());
        MailboxId inbox = onA.find("INBOX").orElseThrow().id();
        MailboxId archive = onA.find("Archive").orElseThrow().id();
        long held = onA.append(inbox, List.of(msg("held"))).getFirst().uid();
        long loose = onA.append(archive, List.of(msg("loose"))).getFirst().uid();

        try (Hold hold = b.hold(inbox, onB.status(inbox).highestModSeq())) {
            Thread.sleep(HoldLeases.Timing.of(GRACE).refresh().toMillis() * 2); // B's lease is published
            onA.expunge(inbox, List.of(held));
            onA.expunge(archive, List.of(loose));
            // A's purge drops the unheld one after the lag and a sweep, well inside the grace period.
            long deadline = System.nanoTime() + GRACE.toNanos() * 3 / 4;
            while (System.nanoTime() < deadline && readable(onA, archive, loose)) Thread.sleep(200);
            assertThat(readable(onA, archive, loose)).as("unheld expunged message purged").isFalse();
            assertThat(new String(onB.content(inbox, held), StandardCharsets.UTF_8)).contains("Subject: held");
        }
        // Released on B: A's next purge (after B's withdrawn lease) drops it.
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (System.nanoTime() < deadline && readable(onA, inbox, held)) Thread.sleep(200);
        assertThatThrownBy(() -> onA.content(inbox, held)).isInstanceOf(StoreException.class);
    }

    private static boolean readable(UserMail mail, MailboxId box, long uid) {
        try {
            mail.content(box, uid);
            return true;
        } catch (StoreException e) {
            return false;
        }
    }
}
