package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.Doorbells;
import satchel.store.Hold;
import satchel.store.MailboxId;
import satchel.store.MailboxLimits;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.sql.SqlMailStore;

/**
 * The purge of retained expunged messages gives way to a busy writer as the indexer does (issue 11): while others'
 * writes keep the one writer busy it purges in writes of at most 16 rows, each a short turn between their groups,
 * and in one write when the writer has room. What it purges is the same either way: every row and unused blob, and
 * none of the expunge tombstones QRESYNC reports. The writer's busy time is made up ({@link BusyWriter}).
 */
class RetainedPurgeChunkTest {
    private static final int SMALL_CHUNK = 16; // RetainedPurge.SMALL_CHUNK
    private static final int EXPUNGED = 50;
    @TempDir Path dir;

    @Test
    void aBusyWriterGetsThePurgeInSmallWrites() throws Exception {
        assertThat(purgeWrites(true)).as("writes for %d rows, at most %d each", EXPUNGED, SMALL_CHUNK)
                .isGreaterThanOrEqualTo((EXPUNGED + SMALL_CHUNK - 1) / SMALL_CHUNK);
    }

    @Test
    void aWriterWithRoomGetsItInOne() throws Exception {
        assertThat(purgeWrites(false)).isEqualTo(1);
    }

    /** Expunges {@link #EXPUNGED} held messages, lets the hold go, and returns the writes the purge took. */
    private long purgeWrites(boolean writerBusy) throws Exception {
        AtomicBoolean busy = new AtomicBoolean(false);
        SqliteDatabase raw = new SqliteDialect(dir.resolve("mail.db"), 0, 0).open(new Doorbells());
        BusyWriter db = new BusyWriter(raw, busy);
        try (SqlMailStore store = new SqlMailStore(new Doorbells(), db, MailboxLimits.DEFAULT,
                Duration.ofMinutes(10)) {}) {
            UserMail mail = store.mail(store.createUser("alice", "$hash$alice", null));
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            List<NewMessage> list = new ArrayList<>();
            for (int i = 0; i < EXPUNGED + 5; i++) {
                String text = "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n";
                list.add(new NewMessage(text.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.now()));
            }
            List<Long> uids = mail.append(inbox, list).stream().map(r -> r.uid()).toList();
            assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue(); // the indexer's writes are done
            long writes;
            try (Hold hold = store.hold(inbox, mail.status(inbox).highestModSeq())) {
                assertThat(mail.expunge(inbox, uids.subList(0, EXPUNGED))).hasSize(EXPUNGED);
                assertThat(count("retained")).isEqualTo(EXPUNGED);
                busy.set(writerBusy);
                Thread.sleep(50); // a look at the writer covers some time
                writes = db.writes().get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count("retained") > 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(count("retained")).isZero();
            assertThat(count("blobs")).isEqualTo(5);
            assertThat(count("expunged")).as("tombstones for QRESYNC").isEqualTo(EXPUNGED);
            assertThat(mail.snapshot(inbox).messages()).hasSize(5);
            return db.writes().get() - writes;
        }
    }

    private long count(String table) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("mail.db"));
             var st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
