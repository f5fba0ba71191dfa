package satchel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.mime.RenderedStructure;
import satchel.store.Change;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.StoreMaintenance;
import satchel.store.StoreMaintenance.Report;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;
import satchel.store.sqlite.SqliteMailStore;

/** StoreMaintenance on both stores: totals, a clean check, and repairs of damage done behind the store's back. */
class StoreCheckTest {
    @TempDir Path dir;

    private static void fill(MailStore s) throws Exception {
        var alice = s.createUser("alice", "x", null);
        var mail = s.mail(alice);
        var inbox = mail.find("INBOX").orElseThrow();
        List<NewMessage> msgs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            msgs.add(new NewMessage(("Subject: " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII), Set.of(),
                    Instant.now()));
        }
        mail.append(inbox.id(), msgs);
        mail.copy(inbox.id(), List.of(1L), mail.find("Archive").orElseThrow().id());
    }

    @Test void bothStoresCountTheSameAndCheckClean() throws Exception {
        for (MailStore s : List.of(new MemoryMailStore(), SqliteMailStore.open(dir))) {
            try (s) {
                fill(s);
                var m = (StoreMaintenance) s;
                var t = m.totals();
                assertThat(t.users()).isEqualTo(1);
                assertThat(t.mailboxes()).isEqualTo(6);
                assertThat(t.messages()).isEqualTo(4);
                assertThat(t.messageBytes()).isEqualTo(4 * 20);
                assertThat(t.blobs()).isEqualTo(3); // the copy shares its bytes
                assertThat(t.blobBytes()).isEqualTo(3 * 20);
                List<String> phases = new ArrayList<>();
                Report r = m.check(true, (phase, done, total) -> phases.add(phase));
                assertThat(r.problems()).isEmpty();
                assertThat(r.messages()).isEqualTo(4);
                assertThat(phases).isNotEmpty();
            }
        }
    }

    @Test void aMissingFoldedHeaderRowIsReportedAndWrittenAgain() throws Exception {
        try (SqliteMailStore s = SqliteMailStore.open(dir)) {
            fill(s);
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("satchel.db").toAbsolutePath());
             Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM folded_headers WHERE blob_id = 1");
        }
        try (SqliteMailStore s = SqliteMailStore.open(dir)) {
            assertThat(s.check(false, StoreMaintenance.Progress.NONE).problems()).singleElement().satisfies(p -> {
                assertThat(p.where()).isEqualTo("blob 1");
                assertThat(p.what()).isEqualTo("folded header row missing");
            });
            assertThat(s.check(true, StoreMaintenance.Progress.NONE).unrepaired()).isZero();
            assertThat(s.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
            var mail = s.mail(s.user("alice").orElseThrow());
            var inbox = mail.find("INBOX").orElseThrow().id();
            assertThat(mail.searchHeaders(inbox, List.of(1L)).get(1L).header("Subject", "0")).isTrue();
        }
    }

    @Test void messagesWhoseBytesAreGoneAreExpungedWithATombstone() throws Exception {
        try (SqliteMailStore s = SqliteMailStore.open(dir)) {
            fill(s);
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("satchel.db").toAbsolutePath());
             Statement st = c.createStatement()) {
            st.execute("PRAGMA foreign_keys = OFF");
            st.executeUpdate("DELETE FROM blobs WHERE id = 2");
        }
        try (SqliteMailStore s = SqliteMailStore.open(dir)) {
            Report before = s.check(false, StoreMaintenance.Progress.NONE);
            assertThat(before.problems()).singleElement().satisfies(p -> {
                assertThat(p.where()).isEqualTo("alice/INBOX uid 2");
                assertThat(p.what()).startsWith("message bytes missing");
                assertThat(p.repaired()).isFalse();
            });
            var mail = s.mail(s.user("alice").orElseThrow());
            var inbox = mail.find("INBOX").orElseThrow();
            long modSeq = mail.status(inbox.id()).highestModSeq();
            Report after = s.check(true, StoreMaintenance.Progress.NONE);
            assertThat(after.unrepaired()).isZero();
            assertThat(mail.status(inbox.id()).messages()).isEqualTo(2);
            assertThat(mail.changesSince(inbox.id(), modSeq)).singleElement().isInstanceOf(Change.Expunged.class);
            assertThat(s.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
        }
    }

    /** FETCH copies the rendered ENVELOPE/BODYSTRUCTURE as stored, so a wrong one must be found and made again. */
    @Test void aRenderedStructureThatDiffersFromTheStructureIsRenderedAgain() throws Exception {
        try (SqliteMailStore s = SqliteMailStore.open(dir)) {
            fill(s);
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("satchel.db").toAbsolutePath());
             Statement st = c.createStatement()) {
            // blob 1 now carries blob 2's envelope (Subject 1 instead of 0); blob 3's is not rendered yet
            st.executeUpdate("UPDATE structures SET rendered = (SELECT rendered FROM structures WHERE blob_id = 2)"
                    + " WHERE blob_id = 1");
            st.executeUpdate("UPDATE structures SET rendered = NULL WHERE blob_id = 3");
        }
        try (SqliteMailStore s = SqliteMailStore.open(dir)) {
            var mail = s.mail(s.user("alice").orElseThrow());
            var inbox = mail.find("INBOX").orElseThrow().id();
            assertThat(envelope(mail, inbox, 1)).contains("\"1\"");
            assertThat(s.check(false, StoreMaintenance.Progress.NONE).problems()).singleElement().satisfies(p -> {
                assertThat(p.where()).isEqualTo("blob 1");
                assertThat(p.what()).isEqualTo("rendered ENVELOPE/BODYSTRUCTURE differs from the stored structure");
                assertThat(p.repaired()).isFalse();
            });
            assertThat(s.check(true, StoreMaintenance.Progress.NONE).unrepaired()).isZero();
            assertThat(s.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
            assertThat(envelope(mail, inbox, 1)).contains("\"0\"").doesNotContain("\"1\"");
        }
    }

    private static String envelope(UserMail mail, MailboxId box, long uid) throws Exception {
        byte[] rendered = mail.renderedStructures(box, List.of(uid)).orElseThrow().get(uid);
        return new String(rendered, RenderedStructure.envelopeOffset(), RenderedStructure.envelopeLength(rendered),
                StandardCharsets.US_ASCII);
    }
}
