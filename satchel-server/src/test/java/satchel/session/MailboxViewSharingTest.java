package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import satchel.store.FlagUpdate;
import satchel.store.MailboxInfo;
import satchel.store.MessageMeta;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;
import satchel.wire.ResponseWriter;
import satchel.wire.Settings;

/**
 * Two views of one mailbox against the store itself: appends, flag changes and expunges made by either session
 * (through its own view, as STORE and EXPUNGE do) or by a third party; after both sync, each view holds exactly
 * the store's messages, and the two hold one shared version of the columns.
 */
class MailboxViewSharingTest {
    enum Op { APPEND, FLAG_BY_A, FLAG_OTHER, EXPUNGE_BY_B, EXPUNGE_OTHER, SYNC_A_ONLY }

    @Provide Arbitrary<List<Op>> ops() {
        return Arbitraries.of(Op.class).list().ofMaxSize(60);
    }

    @Property(tries = 60)
    void viewsMatchTheStoreAndShareColumns(@ForAll("ops") List<Op> ops) throws Exception {
        OneUserMail u = OneUserMail.create();
        MemoryMailStore store = u.store();
        UserMail mail = u.mail();
        UserContext user = u.context(mail);
        MailboxInfo inbox = u.inbox();
        for (int i = 0; i < 5; i++) append(u, i);
        Replies out = new Replies(new ResponseWriter(new ByteArrayOutputStream()));
        try (MailboxView a = MailboxView.open(user, store, inbox, false, () -> Settings.IMAP4REV1);
             MailboxView b = MailboxView.open(user, store, inbox, false, () -> Settings.IMAP4REV1)) {
            assertThat(a.columns()).isSameAs(b.columns());
            int n = 5;
            for (Op op : ops) {
                List<Long> uids = mail.snapshot(inbox.id()).messages().stream().map(MessageMeta::uid).toList();
                switch (op) {
                    case APPEND -> append(u, n++);
                    case FLAG_BY_A -> {
                        if (uids.isEmpty()) continue;
                        a.sync(out, true);
                        var r = mail.updateFlags(inbox.id(), List.of(uids.get(n % uids.size())),
                                new FlagUpdate(FlagUpdate.Mode.ADD, Set.of("\\Seen", "kw" + n % 3), -1));
                        a.updated(r.changed(), out);
                    }
                    case FLAG_OTHER -> {
                        if (uids.isEmpty()) continue;
                        mail.updateFlags(inbox.id(), uids.subList(0, (n % uids.size()) + 1),
                                new FlagUpdate(FlagUpdate.Mode.REPLACE, Set.of("\\Flagged"), -1));
                    }
                    case EXPUNGE_BY_B -> {
                        if (uids.isEmpty()) continue;
                        b.sync(out, true);
                        List<Long> removed = mail.expunge(inbox.id(), List.of(uids.getLast()));
                        b.expunged(removed, out, false);
                    }
                    case EXPUNGE_OTHER -> {
                        if (uids.isEmpty()) continue;
                        mail.expunge(inbox.id(), List.of(uids.getFirst()));
                    }
                    case SYNC_A_ONLY -> a.sync(out, false); // expunges stay pending in a
                }
            }
            a.sync(out, true);
            b.sync(out, true);
            List<MessageMeta> expected = mail.snapshot(inbox.id()).messages();
            for (MailboxView v : List.of(a, b)) {
                assertThat(v.entries().stream().map(MailboxView.Entry::meta).map(MailboxViewSharingTest::withoutNanos).toList())
                        .isEqualTo(expected.stream().map(MailboxViewSharingTest::withoutNanos).toList());
            }
            assertThat(a.columns()).isSameAs(b.columns());
        }
    }

    /** Every other message arrives \Seen. */
    private static void append(OneUserMail u, int i) throws Exception {
        u.append(i, i % 2 == 0 ? Set.of() : Set.of("\\Seen"));
    }

    /** The view keeps internal dates to the millisecond (as the SQL stores do); the memory store keeps nanos. */
    private static MessageMeta withoutNanos(MessageMeta m) {
        return new MessageMeta(m.uid(), m.modSeq(), m.flags(), m.size(), Instant.ofEpochMilli(m.internalDate().toEpochMilli()));
    }
}
