package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.Change;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.StoreFixture;
import satchel.store.UserMail;
import satchel.store.sql.Schema;

/** What only a persistent store has to get right: state across reopen, and the on-disk layout. */
class SqliteDurabilityTest extends StoreFixture {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }

    private UserMail reopen() throws Exception {
        store.close();
        store = open(dir);
        return store.mail(store.user("alice").orElseThrow());
    }

    @Test
    void everythingSurvivesCloseAndReopen() throws Exception {
        MailboxId box = create("Work/2026");
        append(box, List.of(msg("a", "\\Seen"), msg("b", "$Later"), msg("c")));
        mail.updateFlags(box, List.of(2L), add("\\Flagged"));
        mail.expunge(box, List.of(3L));
        mail.claimRecent(box, 3);
        mail.subscribe("Work/2026", true);
        MailboxInfo before = mail.find("Work/2026").orElseThrow();
        var snapshotBefore = mail.snapshot(box);
        List<Change> changesBefore = mail.changesSince(box, 0);
        byte[] content = mail.content(box, 2);

        mail = reopen();

        assertThat(mail.find("Work/2026")).contains(before);
        assertThat(mail.snapshot(box)).isEqualTo(snapshotBefore);
        assertThat(mail.changesSince(box, 0)).isEqualTo(changesBefore);
        assertThat(mail.content(box, 2)).isEqualTo(content);
        assertThat(mail.keywords(box)).containsExactly("$Later");
        // UID 3 was expunged before the restart; it is never handed out again.
        assertThat(append(box, 1)).containsExactly(4L);
    }

    @Test
    void recreatedNamesGetNewUidValidityAcrossRestarts() throws Exception {
        long first = mail.create("x", Set.of()).uidValidity();
        mail.delete("x");
        mail = reopen();
        assertThat(mail.create("x", Set.of()).uidValidity()).isGreaterThan(first);
    }

    @Test
    void copiesShareOneBlobWhichGoesWithTheLastReference() throws Exception {
        MailboxId inbox = inbox();
        MailboxId a = create("a");
        MailboxId b = create("b");
        append(inbox, 1);
        mail.copy(inbox, List.of(1L), a);
        mail.copy(inbox, List.of(1L), a);
        mail.move(a, List.of(1L), b);
        assertThat(count("blobs")).isEqualTo(1);
        assertThat(count("messages")).isEqualTo(3);
        mail.expunge(inbox, List.of(1L));
        mail.expunge(a, uids(a));
        assertThat(count("blobs")).isEqualTo(1);
        mail.expunge(b, uids(b));
        assertThat(count("blobs")).isZero();
    }

    @Test
    void deletingMailboxesAndUsersDropsTheirBlobs() throws Exception {
        MailboxId a = create("a");
        append(a, 2);
        append(inbox(), 1);
        mail.copy(a, List.of(1L), inbox());
        mail.delete("a");
        assertThat(count("blobs")).isEqualTo(2); // one only in INBOX, one shared with the deleted mailbox
        store.deleteUser("alice");
        assertThat(count("blobs")).isZero();
        assertThat(count("mailboxes")).isZero();
        assertThat(count("expunged")).isZero();
    }

    @Test
    void schemaIsVersionedAndTheJournalIsWal() throws Exception {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(Schema.migrations(new SqliteDialect(null, 0, 0)).size());
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
        mail = reopen(); // migrating an up-to-date database is a no-op
        assertThat(mail.find("INBOX")).isPresent();
    }

    @Test
    void noLockIsHeldBetweenOperations() throws Exception {
        append(inbox(), 1);
        // Idle means the background indexer is done with that message too (it writes, briefly, after an APPEND).
        assertThat(((SqliteMailStore) store).awaitIndexed(java.time.Duration.ofSeconds(30))).isTrue();
        // Another process (admin tool, delivery agent) must be able to write while the server is idle.
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 0");
            s.execute("INSERT INTO counters (name, value) VALUES ('probe', 1)");
        }
        append(inbox(), 1);
    }

    @Test
    void uidsFromConcurrentSessionsAreNeverReusedAfterReopen() throws Exception {
        MailboxId box = inbox();
        List<Long> handedOut = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 3; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        List<Long> uids = append(box, 1);
                        handedOut.addAll(uids);
                        mail.expunge(box, uids);
                    }
                    return null;
                });
            }
        }
        assertThat(handedOut).doesNotHaveDuplicates().hasSize(60);
        mail = reopen();
        assertThat(mail.status(box).messages()).isZero();
        assertThat(append(box, 1).getFirst()).isEqualTo(java.util.Collections.max(handedOut) + 1);
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMailStore.FILE_NAME));
    }

    private long count(String table) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
