package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the store contract tests: each topic is an abstract subclass, run once per implementation by a
 * one-line subclass that says how to open a store in a directory.
 */
public abstract class StoreFixture {
    @TempDir protected Path dir;
    protected MailStore store;
    protected User alice;
    protected UserMail mail;

    /** Opens the store kept in {@code dir}; the memory store ignores it. */
    protected abstract MailStore open(Path dir) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open(dir);
        alice = store.createUser("alice", "$hash$alice", null);
        mail = store.mail(alice);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected MailboxId inbox() throws StoreException {
        return mail.find("INBOX").orElseThrow().id();
    }

    protected MailboxId create(String name) throws StoreException {
        return mail.create(name, Set.of()).id();
    }

    protected static NewMessage msg(String subject, String... flags) {
        String text = "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject
                + "\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + subject.hashCode() + "@example.org>\r\n"
                + "\r\nHello,\r\n\r\nthis is " + subject + ".\r\n";
        return new NewMessage(text.getBytes(StandardCharsets.UTF_8), Set.of(flags),
                Instant.parse("2026-11-27T10:00:00Z"));
    }

    protected List<Long> append(MailboxId box, int n) throws StoreException {
        List<NewMessage> list = new ArrayList<>();
        for (int i = 0; i < n; i++) list.add(msg("message " + i));
        return append(box, list);
    }

    protected List<Long> append(MailboxId box, List<NewMessage> messages) throws StoreException {
        return mail.append(box, messages).stream().map(AppendResult::uid).toList();
    }

    protected List<Long> uids(MailboxId box) throws StoreException {
        return mail.snapshot(box).messages().stream().map(MessageMeta::uid).toList();
    }

    protected MessageMeta meta(MailboxId box, long uid) throws StoreException {
        return mail.snapshot(box).messages().stream().filter(m -> m.uid() == uid).findFirst().orElseThrow();
    }

    protected static void assertFails(StoreException.Kind kind, ThrowingCallable call) {
        StoreException e = catchThrowableOfType(StoreException.class, call);
        assertThat(e).as("expected StoreException " + kind).isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
    }

    protected static FlagUpdate add(String... flags) {
        return new FlagUpdate(FlagUpdate.Mode.ADD, Set.of(flags), -1);
    }

    protected static FlagUpdate remove(String... flags) {
        return new FlagUpdate(FlagUpdate.Mode.REMOVE, Set.of(flags), -1);
    }

    protected static FlagUpdate replace(String... flags) {
        return new FlagUpdate(FlagUpdate.Mode.REPLACE, Set.of(flags), -1);
    }

    /**
     * Retries {@code check} until it passes (30 s at most): on a database shared by nodes an expunged body stays
     * until the purge has seen every node's holds (docs/scale-out.md), so what a single store frees at once is
     * freed there a few seconds later.
     */
    protected static void eventually(satchel.Await.Check check) throws Exception {
        satchel.Await.untilPasses(java.time.Duration.ofSeconds(30), check);
    }
}
