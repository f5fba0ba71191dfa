package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.protocol.FetchItem;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MessageObjects;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.sqlite.SqliteMailStore;

/** Previews of mail stored before previews were kept: computed by FETCH PREVIEW, in the background for LAZY. */
class ObjectDataTest {
    @TempDir Path dir;

    @Test
    void missingPreviewsAreComputedAndKept() throws Exception {
        try (MailStore s = SqliteMailStore.open(dir)) {
            UserMail mail = s.mail(s.createUser("alice", "$h", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            mail.append(inbox, List.of(msg("first  one"), msg("second")));
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("satchel.db"));
                 var st = c.createStatement()) {
                st.execute("DELETE FROM previews"); // as for mail delivered before previews were kept
            }
            List<MailboxView.Entry> batch = mail.snapshot(inbox).messages().stream()
                    .map(m -> new MailboxView.Entry((int) m.uid(), m, false)).toList();
            MessageMemory memory = new MessageMemory(MessageMemory.DEFAULT_CAPACITY);

            Map<Long, MessageObjects> lazy = ObjectData.forFetch(mail, inbox, batch.subList(0, 1),
                    List.of(new FetchItem.Preview(true)), memory);
            assertThat(lazy.get(1L).preview()).isEmpty(); // RFC 8970 §3.2: NIL now, computed for next time
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (mail.objects(inbox, List.of(1L), true).get(1L).preview().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(mail.objects(inbox, List.of(1L), true).get(1L).preview()).contains("first one");

            Map<Long, MessageObjects> now = ObjectData.forFetch(mail, inbox, batch,
                    List.of(new FetchItem.EmailId(), new FetchItem.Preview(false)), memory);
            assertThat(now.get(2L).preview()).contains("second");
            assertThat(mail.objects(inbox, List.of(2L), true).get(2L).preview()).contains("second");
        }
    }

    private static NewMessage msg(String text) {
        return new NewMessage(("Subject: t\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.UTF_8), Set.of(), null);
    }
}
