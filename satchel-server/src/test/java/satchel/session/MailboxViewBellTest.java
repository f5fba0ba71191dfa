package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import satchel.store.UserMail;
import satchel.wire.ResponseWriter;
import satchel.wire.Settings;

/**
 * A selected mailbox asks the store for changes after every command; where the store's doorbells ring before its
 * writes return, a view whose bell has not rung skips the question (two read transactions per UID FETCH), and
 * still sees every change once the bell rings.
 */
class MailboxViewBellTest {
    @Test
    void asksTheStoreOnlyAfterTheBellRang() throws Exception {
        OneUserMail u = OneUserMail.create();
        AtomicInteger asked = new AtomicInteger();
        UserMail counting = u.beforeChangesSince(asked::incrementAndGet);
        u.append(1);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Replies out = new Replies(new ResponseWriter(wire));
        try (MailboxView v = MailboxView.open(u.context(counting), u.store(), u.inbox(), false,
                () -> Settings.IMAP4REV1)) {
            v.sync(out, true); // the first sync asks: a change may have come between subscribing and reading
            int first = asked.get();
            for (int i = 0; i < 5; i++) v.sync(out, true);
            assertThat(asked.get()).as("no bell, no question").isEqualTo(first);

            u.append(2); // another session's APPEND rings the bell before it returns
            v.sync(out, true);
            assertThat(asked.get()).isEqualTo(first + 1);
            assertThat(v.size()).isEqualTo(2);
            assertThat(wire.toString(StandardCharsets.US_ASCII)).contains("* 2 EXISTS");
            v.sync(out, true);
            assertThat(asked.get()).isEqualTo(first + 1);
        }
    }
}
