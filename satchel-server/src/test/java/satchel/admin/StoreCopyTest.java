package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.Change;
import satchel.store.FlagUpdate;
import satchel.store.MailStore;
import satchel.store.MailboxInfo;
import satchel.store.MailboxSnapshot;
import satchel.store.NewMessage;
import satchel.store.User;
import satchel.store.UserMail;
import satchel.store.postgres.PostgresTestServer;
import satchel.store.sqlite.SqliteMailStore;
import satchel.store.MailboxLimits;

/**
 * {@code satchel store copy} from an SQLite data directory to PostgreSQL and back to a new SQLite directory: every
 * account comes across as it was (password hashes, UIDVALIDITY, UIDs, modseqs, flags, keywords, internal dates,
 * tombstones, special-use, subscriptions), a rerun copies nothing twice, and the target is checked.
 */
class StoreCopyTest {
    @TempDir Path dir;
    private final Cli cli = new Cli();

    private static NewMessage msg(String subject, Set<String> flags, String date) {
        return new NewMessage(("Subject: " + subject + "\r\n\r\n" + subject + " body\r\n")
                .getBytes(StandardCharsets.UTF_8), flags, Instant.parse(date));
    }

    /** The source: two users, mail with flags and keywords, an expunge, a custom special-use, an unsubscribe. */
    private static void fill(MailStore s) throws Exception {
        User alice = s.createUser("alice", "$argon2id$alice-hash", "scram-keys");
        UserMail m = s.mail(alice);
        var inbox = m.find("INBOX").orElseThrow().id();
        m.append(inbox, List.of(msg("one", Set.of("\\Seen"), "2020-01-02T03:04:05Z"),
                msg("two", Set.of("$Important", "\\Flagged"), "2021-05-06T07:08:09Z"),
                msg("three", Set.of(), "2022-01-01T00:00:00Z")));
        m.expunge(inbox, List.of(2L));
        m.updateFlags(inbox, List.of(3L), new FlagUpdate(FlagUpdate.Mode.ADD, Set.of("\\Answered"), -1));
        var work = m.create("Work/Plans", Set.of("\\Archive")).id();
        m.append(work, List.of(msg("plan", Set.of("Project-X"), "2023-03-03T03:03:03Z")));
        m.subscribe("Junk", false);
        m.delete("Archive");
        s.createUser("bob", "$argon2id$bob-hash", null);
    }

    /** What must survive a copy, per user: everything a client or the login can see. */
    private static List<String> describe(MailStore s) throws Exception {
        List<String> out = new ArrayList<>();
        for (User u : s.users()) {
            out.add("user " + u.name() + " " + u.passwordHash() + " " + u.scram());
            UserMail m = s.mail(u);
            out.add("subscribed " + m.subscriptions().stream().sorted().toList());
            for (MailboxInfo b : m.list()) {
                out.add("mailbox " + b.name() + " " + b.uidValidity() + " " + b.selectable() + " " + b.specialUse());
                if (!b.selectable()) continue;
                MailboxSnapshot snap = m.snapshot(b.id());
                out.add("  uidnext " + snap.uidNext() + " highestmodseq " + snap.highestModSeq());
                for (var msg : snap.messages()) {
                    out.add("  " + msg.uid() + " " + msg.modSeq() + " " + new java.util.TreeSet<>(msg.flags()) + " "
                            + msg.internalDate() + " " + msg.size() + " "
                            + new String(m.content(b.id(), msg.uid()), StandardCharsets.UTF_8).hashCode() + " "
                            + m.searchHeaders(b.id(), List.of(msg.uid())).get(msg.uid()).headers()); // folded_headers
                }
                for (Change c : m.changesSince(b.id(), 0)) {
                    if (c instanceof Change.Expunged e) out.add("  expunged " + e.uid() + " " + e.modSeq());
                }
            }
        }
        return out;
    }

    @Test void sqliteToPostgresqlAndBack() throws Exception {
        Path sqlite = dir.resolve("sqlite");
        List<String> before;
        try (MailStore s = SqliteMailStore.open(sqlite, MailboxLimits.DEFAULT)) {
            fill(s);
            before = describe(s);
        }
        Path pgConf = Files.writeString(dir.resolve("pg.conf"), "store = postgresql\nstore.url = "
                + PostgresTestServer.url(dir.resolve("pg")) + "\nstore.user = postgres\n");

        assertThat(cli.run("store", "copy", "--from", sqlite.toString(), "--to", pgConf.toString()))
                .as(() -> cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("Copied 2 users (2 new)").contains("3 messages")
                .contains("Checked the target: 2 users").contains(": 0 problems.");
        try (MailStore pg = PostgresTestServer.open(dir.resolve("pg"))) {
            assertThat(describe(pg)).containsExactlyElementsOf(before);
        }

        assertThat(cli.run("store", "copy", "--quiet", "--from", sqlite.toString(), "--to", pgConf.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains("Copied 2 users (0 new)").contains(": 0 messages").contains("3 already there");
        try (MailStore pg = PostgresTestServer.open(dir.resolve("pg"))) {
            assertThat(describe(pg)).containsExactlyElementsOf(before);
        }

        Path back = dir.resolve("back");
        assertThat(cli.run("store", "copy", "--from", pgConf.toString(), "--to", back.toString())).as(() -> cli.out() + cli.err())
                .isZero();
        try (MailStore s = SqliteMailStore.open(back, MailboxLimits.DEFAULT)) {
            assertThat(describe(s)).containsExactlyElementsOf(before);
        }
    }

    @Test void theSameStoreTwiceIsRefused() throws Exception {
        Path sqlite = dir.resolve("sqlite");
        try (MailStore s = SqliteMailStore.open(sqlite, MailboxLimits.DEFAULT)) {
            s.createUser("alice", "h", null);
        }
        assertThat(cli.run("store", "copy", "--from", sqlite.toString(), "--to", sqlite.toString())).isEqualTo(1);
        assertThat(cli.err()).contains("the same store");
    }
}
