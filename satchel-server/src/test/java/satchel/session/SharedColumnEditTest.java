package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.Change;
import satchel.store.MailboxInfo;
import satchel.store.MessageMeta;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;
import satchel.wire.ResponseWriter;
import satchel.wire.Settings;

/**
 * Views at the same column version with nothing pending share one column edit per change list (a doorbell wakes
 * a thousand of them with the same changes); each still announces by its own numbering, \Recent, CONDSTORE state
 * and pending expunges.
 */
class SharedColumnEditTest {
    private static final Instant DATE = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void oneEditPerVersionAndChangeList() {
        SharedColumns shared = new MemoryShared().columns();
        MessageColumns base = MessageColumns.builder(shared.flagSets()).done();
        List<Change> changes = List.of(added(1, 2, Set.of("\\Seen")), added(2, 3, Set.of("$Junk")));
        ColumnEdit first = shared.edited(base, changes);
        assertThat(first.cols().size()).isEqualTo(2);
        assertThat(first.arrivals()).extracting(MessageMeta::uid).containsExactly(1L, 2L);
        assertThat(first.flagsSeen()).containsExactly(Set.of("\\Seen"), Set.of("$Junk"));
        assertThat(first.modSeq()).isEqualTo(3);
        assertThat(shared.edited(base, List.copyOf(changes))).as("same version, equal changes").isSameAs(first);
        assertThat(shared.edited(base, changes.subList(0, 1))).as("other changes").isNotSameAs(first);
        MessageColumns equalButOther = MessageColumns.builder(shared.flagSets()).done();
        assertThat(shared.edited(equalButOther, changes).cols()).as("another version object")
                .isNotSameAs(first.cols());
        // An edit made with an expunge pending is the view's own: the message stays out of the arrivals.
        ColumnEdit pending = ColumnEdit.of(base, Set.of(2L), changes);
        assertThat(pending.arrivals()).extracting(MessageMeta::uid).containsExactly(1L);
    }

    @Test
    void viewsInDifferentStatesAnnounceTheirOwnNumbers() throws Exception {
        OneUserMail u = OneUserMail.create();
        UserMail mail = u.mail();
        MailboxInfo inbox = u.inbox();
        u.append(1);
        u.append(2);
        Wire a = new Wire();
        Wire b = new Wire();
        Wire c = new Wire();
        UserContext user = u.context(mail);
        try (MailboxView va = MailboxView.open(user, u.store(), inbox, false, () -> Settings.IMAP4REV1);
             MailboxView vb = MailboxView.open(user, u.store(), inbox, false, () -> Settings.IMAP4REV1);
             MailboxView vc = MailboxView.open(user, u.store(), inbox, false,
                     () -> Settings.IMAP4REV1.withCondstore())) {
            for (MailboxView v : List.of(va, vb, vc)) v.sync(new Replies(new ResponseWriter(new ByteArrayOutputStream())), true);
            // Message 1 goes; view b is told at once, view a is mid-command (no EXPUNGE allowed) and keeps it numbered.
            long uid1 = va.entries().uid(0);
            mail.expunge(inbox.id(), List.of(uid1));
            va.sync(a.out, false);
            vb.sync(b.out, true);
            assertThat(a.text()).doesNotContain("EXPUNGE");
            assertThat(b.text()).contains("* 1 EXPUNGE");
            // Now one more arrives, and someone flags message 2 (\Flagged): the same changes for all three views.
            u.append(3);
            mail.updateFlags(inbox.id(), List.of(va.entries().uid(1)),
                    new satchel.store.FlagUpdate(satchel.store.FlagUpdate.Mode.ADD, Set.of("\\Flagged"), -1));
            va.sync(a.out, false);
            vb.sync(b.out, true);
            vc.sync(c.out, true);
            assertThat(a.text()).as("a: message 1 still numbered").contains("* 3 EXISTS")
                    .contains("* 2 FETCH (FLAGS (\\Flagged").doesNotContain("EXPUNGE");
            assertThat(b.text()).as("b: told of the expunge before").contains("* 2 EXISTS")
                    .contains("* 1 FETCH (FLAGS (\\Flagged))");
            assertThat(c.text()).as("c: CONDSTORE, expunge and changes at once").contains("* 1 EXPUNGE")
                    .contains("* 2 EXISTS").containsPattern("\\* 1 FETCH \\(UID \\d+ FLAGS \\(\\\\Flagged\\) MODSEQ \\(\\d+\\)\\)");
            assertThat(vb.columns()).as("b and c at the same version share it").isSameAs(vc.columns());
            va.sync(a.out, true);
            assertThat(a.text()).contains("* 1 EXPUNGE");
            assertThat(va.size()).isEqualTo(2);
        }
    }

    private static final class Wire {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Replies out = new Replies(new ResponseWriter(bytes));

        String text() {
            return bytes.toString(StandardCharsets.US_ASCII);
        }
    }

    /** A SharedColumns entry of a store no view uses (released at once: the test only calls edited). */
    private static final class MemoryShared {
        SharedColumns columns() {
            SharedColumns s = SharedColumns.acquire(new MemoryMailStore(), new satchel.store.MailboxId(1), 1);
            s.release();
            return s;
        }
    }

    private static Change added(long uid, long modSeq, Set<String> flags) {
        return new Change.Added(new MessageMeta(uid, modSeq, flags, 100, DATE));
    }
}
