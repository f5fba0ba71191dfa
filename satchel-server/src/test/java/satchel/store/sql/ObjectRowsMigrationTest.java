package satchel.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MessageObjects;
import satchel.store.NewMessage;
import satchel.store.ObjectIds;
import satchel.store.UserMail;
import satchel.store.sqlite.SqliteMailStore;

/**
 * Mail stored before object ids, previews and save dates (schema migration of {@link ObjectRows}): the migration
 * gives every stored message its thread, in arrival order; previews come later, on demand; save dates stay unknown.
 */
class ObjectRowsMigrationTest {
    @TempDir Path dir;

    private static NewMessage mail(String headers) {
        return new NewMessage((headers.replace("\n", "\r\n") + "\r\n\r\nbody text\r\n").getBytes(StandardCharsets.UTF_8),
                Set.of(), null);
    }

    @Test
    void existingMailGetsThreadsAndNoInventedDates() throws Exception {
        try (MailStore s = SqliteMailStore.open(dir)) {
            var alice = s.createUser("alice", "$h", null);
            UserMail m = s.mail(alice);
            MailboxId inbox = m.find("INBOX").orElseThrow().id();
            m.append(inbox, List.of(mail("Subject: Re: a\nMessage-ID: <r@x>\nReferences: <a@x>"),
                    mail("Subject: b\nMessage-ID: <b@x>"), mail("Subject: a\nMessage-ID: <a@x>")));
        }
        // As the rows were before the migration: no key, no threads, no previews, no save dates.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database()); Statement st = c.createStatement()) {
            for (String sql : new String[] {"DELETE FROM message_threads", "DELETE FROM thread_refs", "DELETE FROM previews",
                    "DELETE FROM secrets", "UPDATE messages SET save_date = NULL"}) st.execute(sql);
            ObjectRows.afterMigration(c);
        }
        try (MailStore s = SqliteMailStore.open(dir)) {
            UserMail m = s.mail(s.user("alice").orElseThrow());
            MailboxId inbox = m.find("INBOX").orElseThrow().id();
            var objects = m.objects(inbox, List.of(1L, 2L, 3L), true);
            assertThat(objects.get(1L).threadId()).isEqualTo(objects.get(3L).threadId())
                    .isNotEqualTo(objects.get(2L).threadId());
            assertThat(objects.values()).allSatisfy(o -> {
                assertThat(ObjectIds.valid(o.emailId())).isTrue();
                assertThat(o.saveDate()).isEmpty();
                assertThat(o.preview()).isEmpty();
            });
            m.savePreviews(inbox, java.util.Map.of(2L, "body text"));
            assertThat(m.objects(inbox, List.of(2L), true).get(2L).preview()).contains("body text");
            // New mail joins the threads the migration found.
            m.append(inbox, List.of(mail("Subject: Re: b\nMessage-ID: <r2@x>\nIn-Reply-To: <b@x>")));
            MessageObjects reply = m.objects(inbox, List.of(4L), false).get(4L);
            assertThat(reply.threadId()).isEqualTo(objects.get(2L).threadId());
            assertThat(reply.saveDate()).isPresent();
        }
    }

    private Path database() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".db")).findFirst().orElseThrow();
        }
    }
}
