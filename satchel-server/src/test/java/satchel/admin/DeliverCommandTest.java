package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.server.StdioTransport;
import satchel.store.MessageMeta;
import satchel.store.sqlite.SqliteMailStore;

/** {@code satchel deliver}: sendmail exit codes, the same headers as LMTP, mbox From_ line and bare LF handled. */
class DeliverCommandTest {
    @TempDir Path dir;
    private Path data;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach void user() throws Exception {
        data = dir.resolve("data");
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            store.createUser("alice", "x", null);
            store.mail(store.user("alice").orElseThrow()).create("Lists", java.util.Set.of());
        }
    }

    private int deliver(String stdin, String... args) {
        err.reset();
        var in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        var io = new Io(in, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null,
                () -> new StdioTransport(in, new ByteArrayOutputStream()));
        String[] all = new String[args.length + 3];
        all[0] = "deliver";
        all[1] = "--data";
        all[2] = data.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Main.run(io, all);
    }

    private java.util.List<String> messages(String mailbox) throws Exception {
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            var mail = store.mail(store.user("alice").orElseThrow());
            var box = mail.find(mailbox).orElseThrow().id();
            java.util.List<String> out = new java.util.ArrayList<>();
            for (MessageMeta m : mail.snapshot(box).messages()) {
                out.add(new String(mail.content(box, m.uid()), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    @Test void deliversWithHeadersAndCrlf() throws Exception {
        String mbox = "From sender@example.net Sat Dec  5 10:00:00 2026\nSubject: piped\n\nline one\n";
        assertThat(deliver(mbox, "--user", "alice", "--from", "sender@example.net")).isZero();
        assertThat(messages("INBOX")).singleElement().asString()
                .startsWith("Return-Path: <sender@example.net>\r\nDelivered-To: alice\r\nReceived: from local\r\n")
                .contains(" with local id ")
                .endsWith("\r\nSubject: piped\r\n\r\nline one\r\n");
    }

    @Test void mailboxOptionAndFallbackToInbox() throws Exception {
        assertThat(deliver("Subject: a\r\n\r\nx\r\n", "--user", "alice", "--mailbox", "Lists")).isZero();
        assertThat(deliver("Subject: b\r\n\r\nx\r\n", "--user", "alice", "--mailbox", "NoSuch")).isZero();
        assertThat(messages("Lists")).hasSize(1);
        assertThat(messages("INBOX")).singleElement().asString().contains("Subject: b");
    }

    @Test void overQuotaIs77AndStoresNothing() throws Exception {
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            store.setQuota(store.user("alice").orElseThrow(), new satchel.store.QuotaOverride(
                    java.util.Optional.empty(), java.util.Optional.of(new satchel.store.Limit.AtMost(1))));
        }
        assertThat(deliver("Subject: one\n\nfits\n", "--user", "alice")).isZero();
        assertThat(deliver("Subject: two\n\ndoes not\n", "--user", "alice")).isEqualTo(DeliverCommand.EX_NOPERM);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("552 5.2.2 Mailbox full: Quota exceeded");
        assertThat(messages("INBOX")).hasSize(1);
    }

    @Test void unknownUserIs67() throws Exception {
        assertThat(deliver("Subject: x\r\n\r\n", "--user", "nobody")).isEqualTo(67);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("550 5.1.1 no such user: nobody");
    }

    @Test void storeUnavailableIs75() throws Exception {
        Path file = dir.resolve("not-a-directory");
        Files.writeString(file, "x");
        err.reset();
        var in = new ByteArrayInputStream("Subject: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        var io = new Io(in, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                null, () -> new StdioTransport(in, new ByteArrayOutputStream()));
        assertThat(Main.run(io, "deliver", "--data", file.toString(), "--user", "alice")).isEqualTo(75);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("451 4.3.0");
    }

    @Test void tooBigIs65AndStoresNothing() throws Exception {
        Path conf = Files.writeString(dir.resolve("s.conf"), "limits.append-bytes = 2K\n");
        String big = "Subject: big\r\n\r\n" + "z".repeat(5000) + "\r\n";
        assertThat(deliver(big, "--config", conf.toString(), "--user", "alice")).isEqualTo(65);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("552 5.3.4");
        assertThat(messages("INBOX")).isEmpty();
    }
}
