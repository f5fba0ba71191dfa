package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException.Kind;

/**
 * An expunged message stays readable (bytes and structure) while a {@link Hold} covers it, so a session that still
 * shows it can serve FETCH (RFC 2180 §4.1.1); its storage is reclaimed once no hold covers it, or after the grace
 * period. COPY and MOVE of an expunged message fail whole (RFC 2180 §4.4.1).
 */
public abstract class RetainedContract extends StoreFixture {
    /** Opens a new store in {@code dir} whose expunged data outlives an unreleased hold by {@code grace} at most. */
    protected abstract MailStore openWithGrace(Path dir, Duration grace) throws Exception;

    @Test
    void expungedMessageStaysReadableWhileHeld() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        byte[] bytes = mail.content(box, 1);
        try (Hold hold = store.hold(box, mail.status(box).highestModSeq())) {
            mail.expunge(box, List.of(1L));
            assertThat(uids(box)).containsExactly(2L);
            assertThat(mail.content(box, 1)).isEqualTo(bytes);
            assertThat(mail.structures(box, List.of(1L, 2L))).containsOnlyKeys(1L, 2L);
            assertThat(mail.fetchStructures(box, List.of(1L)).get(1L).envelope().subject()).isEqualTo("message 0");
            // Where the store keeps the stored form, it is the same structure, the held one included.
            var fetched = mail.fetchStructures(box, List.of(1L, 2L));
            mail.storedStructures(box, List.of(1L, 2L, 3L)).ifPresent(stored -> {
                assertThat(stored).containsOnlyKeys(1L, 2L);
                for (long uid : List.of(1L, 2L)) {
                    assertThat(satchel.mime.MessageStructure.fromBytes(stored.get(uid))).isEqualTo(fetched.get(uid));
                }
            });
            assertThat(hold.modSeq()).isLessThan(mail.status(box).highestModSeq());
            // Still counted as stored, and not a problem for a check.
            assertThat(((StoreMaintenance) store).totals().blobs()).isEqualTo(2);
            assertThat(((StoreMaintenance) store).check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
        }
    }

    /** A session that still shows an expunged message searches it too (RFC 2180 §4.2.1): the index must say so. */
    @Test
    void heldExpungedMessagesStaySearchCandidates() throws Exception {
        MailboxId box = inbox();
        append(box, 3);
        try (Hold hold = store.hold(box, mail.status(box).highestModSeq())) {
            mail.expunge(box, List.of(1L, 2L));
            var candidates = mail.textCandidates(box, List.of(TextQuery.header("subject", "message")));
            // A store without an index names no candidates (every message is one); one with an index must keep these.
            candidates.ifPresent(c -> assertThat(c).contains(1L, 2L, 3L));
        }
    }

    @Test
    void storageIsReclaimedOnceTheHoldMovesPastTheExpunge() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        Hold hold = store.hold(box, mail.status(box).highestModSeq());
        mail.expunge(box, List.of(1L));
        hold.advance(mail.status(box).highestModSeq());
        eventually(() -> blobs() == 1);
        assertFails(Kind.NONEXISTENT, () -> mail.content(box, 1));
        assertThat(mail.structures(box, List.of(1L))).isEmpty();
        mail.storedStructures(box, List.of(1L)).ifPresent(stored -> assertThat(stored).isEmpty());
        assertThat(mail.content(box, 2)).isNotEmpty();
        hold.close();
    }

    @Test
    void storageIsReclaimedWhenTheHoldCloses() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        Hold hold = store.hold(box, mail.status(box).highestModSeq());
        mail.expunge(box, List.of(1L));
        assertThat(mail.content(box, 1)).isNotEmpty();
        hold.close();
        eventually(() -> blobs() == 0);
        assertFails(Kind.NONEXISTENT, () -> mail.content(box, 1));
    }

    @Test
    void holdsOnlyKeepWhatIsExpungedAboveThem() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        mail.expunge(box, List.of(1L)); // before the hold: nobody can still show it
        try (Hold _ = store.hold(box, mail.status(box).highestModSeq())) {
            mail.expunge(box, List.of(2L));
            eventually(() -> blobs() == 1);
            assertFails(Kind.NONEXISTENT, () -> mail.content(box, 1));
            assertThat(mail.content(box, 2)).isNotEmpty();
        }
    }

    @Test
    void withoutHoldsAnExpungeReclaimsStorage() throws Exception {
        MailboxId box = inbox();
        MailboxId other = create("Other");
        append(box, 3);
        byte[] first = mail.content(box, 1);
        mail.copy(box, List.of(1L), other);
        mail.expunge(box, List.of(1L, 2L));
        eventually(() -> blobs() == 2); // message 1's bytes stay: the copy in Other uses them
        assertFails(Kind.NONEXISTENT, () -> mail.content(box, 2));
        assertThat(mail.content(other, 1)).isEqualTo(first);
    }

    @Test
    void anUnreleasedHoldKeepsDataOnlyForTheGracePeriod() throws Exception {
        try (MailStore s = openWithGrace(dir.resolve("grace"), Duration.ofMillis(200))) {
            UserMail m = s.mail(s.createUser("bob", "$hash$bob", null));
            MailboxId box = m.find("INBOX").orElseThrow().id();
            m.append(box, List.of(msg("one"), msg("two")));
            try (Hold _ = s.hold(box, m.status(box).highestModSeq())) {
                m.expunge(box, List.of(1L));
                assertThat(m.content(box, 1)).isNotEmpty();
                Thread.sleep(300);
                m.expunge(box, List.of(2L)); // any later purge pass sees the first one expired
                eventually(() -> ((StoreMaintenance) s).totals().blobs() <= 1);
                assertFails(Kind.NONEXISTENT, () -> m.content(box, 1));
            }
        }
    }

    @Test
    void copyAndMoveOfAnExpungedMessageCopyNothing() throws Exception {
        MailboxId box = inbox();
        MailboxId dst = create("Dest");
        append(box, 3);
        try (Hold _ = store.hold(box, mail.status(box).highestModSeq())) {
            mail.expunge(box, List.of(2L));
            assertFails(Kind.EXPUNGED, () -> mail.copy(box, List.of(1L, 2L, 3L), dst));
            assertFails(Kind.EXPUNGED, () -> mail.move(box, List.of(2L, 3L), dst));
            assertThat(uids(dst)).isEmpty();
            assertThat(uids(box)).containsExactly(1L, 3L);
            // UIDs never used are still simply skipped (RFC 3501 §6.4.8).
            assertThat(mail.copy(box, List.of(1L, 99L), dst).sourceUids()).containsExactly(1L);
        }
    }

    protected long blobs() throws StoreException {
        return ((StoreMaintenance) store).totals().blobs();
    }

    /** Purges may run on a store thread a moment later: wait for them, boundedly. */
    protected static void eventually(Callable<Boolean> condition) throws Exception {
        satchel.Await.untilPasses(Duration.ofSeconds(10), () -> {
            if (!condition.call()) throw new AssertionError("purge not done");
        });
    }
}
