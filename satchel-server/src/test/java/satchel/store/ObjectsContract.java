package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.store.MailStore.Target;

/**
 * RFC 8474 object ids, RFC 8514 save dates and RFC 8970 previews ({@link UserMail#objects}): the same behaviour on
 * every store.
 */
public abstract class ObjectsContract extends StoreFixture {
    private MessageObjects objects(MailboxId box, long uid) throws StoreException {
        return mail.objects(box, List.of(uid), true).get(uid);
    }

    private static NewMessage mail(String headers, String body) {
        return new NewMessage((headers.replace("\n", "\r\n") + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8),
                Set.of(), Instant.parse("2001-02-03T04:05:06Z"));
    }

    @Test
    void mailboxIdSurvivesRenameButNotDeleteAndCreate() throws Exception {
        ObjectIds ids = mail.objectIds();
        MailboxInfo created = mail.create("Projects", Set.of());
        String id = ids.mailbox(created);
        assertThat(ObjectIds.valid(id)).isTrue();
        assertThat(id).isNotEqualTo(ids.mailbox(mail.find("INBOX").orElseThrow()));
        mail.rename("Projects", "Old/Projects");
        assertThat(ids.mailbox(mail.find("Old/Projects").orElseThrow())).isEqualTo(id);
        mail.delete("Old/Projects");
        assertThat(ids.mailbox(mail.create("Old/Projects", Set.of()))).isNotEqualTo(id);
        // A parent deleted while it has children stays as \Noselect; CREATE brings back a new mailbox.
        String parent = ids.mailbox(mail.find("Old").orElseThrow());
        mail.delete("Old");
        assertThat(ids.mailbox(mail.create("Old", Set.of()))).isNotEqualTo(parent);
        // RENAME INBOX moves the messages to a new mailbox; INBOX keeps its id.
        String inbox = ids.mailbox(mail.find("INBOX").orElseThrow());
        mail.rename("INBOX", "Saved");
        assertThat(ids.mailbox(mail.find("INBOX").orElseThrow())).isEqualTo(inbox);
        assertThat(ids.mailbox(mail.find("Saved").orElseThrow())).isNotEqualTo(inbox);
    }

    @Test
    void copyAndMoveKeepTheEmailIdAndAppendMakesANewOne() throws Exception {
        MailboxId src = inbox();
        MailboxId dst = create("dst");
        append(src, List.of(msg("same"), msg("same")));
        String first = objects(src, 1).emailId();
        String thread = objects(src, 1).threadId();
        assertThat(ObjectIds.valid(first)).isTrue();
        assertThat(objects(src, 2).emailId()).isNotEqualTo(first);
        mail.copy(src, List.of(1L), dst);
        mail.move(src, List.of(1L), dst);
        Map<Long, MessageObjects> copies = mail.objects(dst, List.of(1L, 2L), false);
        assertThat(copies.values()).extracting(MessageObjects::emailId).containsExactly(first, first);
        assertThat(copies.values()).extracting(MessageObjects::threadId).containsOnly(thread);
    }

    @Test
    void repliesShareTheThreadOfTheirOriginalInAnyOrderAndMailbox() throws Exception {
        MailboxId inbox = inbox();
        MailboxId sent = mail.find("Sent").orElseThrow().id();
        append(inbox, List.of(
                mail("Subject: Re: plan\nMessage-ID: <r1@x>\nIn-Reply-To: <p@x>\nReferences: <p@x>", "ok"),
                mail("Subject: other\nMessage-ID: <o@x>", "no"),
                mail("Subject: plan\nMessage-ID: <p@x>", "plan")));
        append(sent, List.of(mail("Subject: Re: Re: plan\nMessage-ID: <r2@x>\nReferences: <p@x> <r1@x>", "fine")));
        String plan = objects(inbox, 1).threadId();
        assertThat(ObjectIds.valid(plan)).isTrue();
        assertThat(objects(inbox, 3).threadId()).isEqualTo(plan);
        assertThat(objects(sent, 1).threadId()).isEqualTo(plan);
        assertThat(objects(inbox, 2).threadId()).isNotEqualTo(plan);
        // Without any Message-ID a message is a thread of its own.
        append(inbox, List.of(mail("Subject: plan", "no ids"), mail("Subject: plan", "no ids")));
        assertThat(objects(inbox, 4).threadId()).isNotEqualTo(objects(inbox, 5).threadId()).isNotEqualTo(plan);
    }

    @Test
    void usersOfOneDeliveryEachGetTheirOwnIds() throws Exception {
        User bob = store.createUser("bob", "$hash$bob", null);
        UserMail bobMail = store.mail(bob);
        MailboxId bobInbox = bobMail.find("INBOX").orElseThrow().id();
        store.deliver(List.of(new Target(alice, inbox()), new Target(bob, bobInbox)), msg("for both"));
        MessageObjects a = objects(inbox(), 1);
        MessageObjects b = bobMail.objects(bobInbox, List.of(1L), true).get(1L);
        // One stored blob, but an EMAILID must not let one user learn what another received.
        assertThat(b.emailId()).isNotEqualTo(a.emailId());
        assertThat(b.threadId()).isNotEqualTo(a.threadId());
        assertThat(b.preview()).isEqualTo(a.preview()).contains("Hello, this is for both.");
        // Foreign mailbox ids stay unknown.
        assertFails(StoreException.Kind.NONEXISTENT, () -> mail.objects(bobInbox, List.of(1L), false));
    }

    @Test
    void saveDateIsWhenTheMessageEnteredItsMailbox() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        append(inbox(), 1);
        MessageObjects appended = objects(inbox(), 1);
        assertThat(appended.saveDate()).hasValueSatisfying(d -> assertThat(d).isAfter(before).isBefore(Instant.now().plusMillis(1)));
        Thread.sleep(5);
        MailboxId dst = create("dst");
        mail.copy(inbox(), List.of(1L), dst);
        mail.move(inbox(), List.of(1L), dst);
        Map<Long, MessageObjects> copies = mail.objects(dst, List.of(1L, 2L), false);
        for (MessageObjects c : copies.values()) assertThat(c.saveDate().orElseThrow()).isAfter(appended.saveDate().get());
        assertThat(meta(dst, 1).internalDate()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    }

    @Test
    void previewIsKeptAtDeliveryAndOnlyWhenAsked() throws Exception {
        byte[] latin1 = "Subject: p\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nGr\u00fc\u00dfe\r\n  aus   Bonn"
                .getBytes(StandardCharsets.ISO_8859_1);
        append(inbox(), List.of(new NewMessage(latin1, Set.of(), null)));
        assertThat(objects(inbox(), 1).preview()).contains("Gr\u00fc\u00dfe aus Bonn");
        assertThat(mail.objects(inbox(), List.of(1L), false).get(1L).preview()).isEmpty();
        // A preview already kept stays.
        mail.savePreviews(inbox(), Map.of(1L, "something else", 99L, "no such message"));
        assertThat(objects(inbox(), 1).preview()).contains("Gr\u00fc\u00dfe aus Bonn");
        assertThat(mail.objects(inbox(), List.of(99L), true)).isEmpty();
    }

    @Test
    void objectsOfAnExpungedMessageStayReadableWhileHeld() throws Exception {
        append(inbox(), 1);
        MessageObjects before = objects(inbox(), 1);
        try (Hold hold = store.hold(inbox(), mail.status(inbox()).highestModSeq())) {
            mail.updateFlags(inbox(), List.of(1L), add("\\Deleted"));
            mail.expunge(inbox(), List.of(1L));
            MessageObjects held = objects(inbox(), 1);
            assertThat(held.emailId()).isEqualTo(before.emailId());
            assertThat(held.threadId()).isEqualTo(before.threadId());
        }
    }
}
