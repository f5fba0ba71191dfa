package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Importer}: another server's UIDVALIDITY and UIDs kept, within the rules every append follows. */
public abstract class ImporterContract extends StoreFixture {
    private static final long DOVECOT_VALIDITY = 1_700_000_000L;

    private Importer importer() throws StoreException {
        return store.importer(alice);
    }

    private static Importer.Imported at(long uid, String subject, String... flags) {
        return new Importer.Imported(msg(subject, flags), uid);
    }

    @Test void newMailboxTakesTheGivenUidValidityAndUids() throws Exception {
        MailboxInfo box = importer().mailbox("Work/Reports", DOVECOT_VALIDITY);
        assertThat(box.uidValidity()).isEqualTo(DOVECOT_VALIDITY);
        assertThat(mail.find("Work")).isPresent(); // parents made as for CREATE
        long modSeq = mail.status(box.id()).highestModSeq();
        List<AppendResult> r = importer().append(box.id(), List.of(at(2, "a", "\\Seen"), at(5, "b", "$Label1")));
        assertThat(r).extracting(AppendResult::uid).containsExactly(2L, 5L);
        assertThat(uids(box.id())).containsExactly(2L, 5L);
        assertThat(meta(box.id(), 5).flags()).containsExactly("$Label1");
        assertThat(mail.keywords(box.id())).contains("$Label1");
        MailboxStatus st = mail.status(box.id());
        assertThat(st.uidNext()).isEqualTo(6);
        assertThat(st.highestModSeq()).isEqualTo(modSeq + 1); // one batch, one modseq, as for an append
        // Above any modseq the source gave (one per change): a client that synced there sees these as changed.
        assertThat(modSeq).isGreaterThanOrEqualTo(System.currentTimeMillis() / 1000 - 60);
        importer().finish(box.id(), 9);
        assertThat(mail.status(box.id()).uidNext()).isEqualTo(9);
        // The UIDs the source used but expunged are tombstones: VANISHED for a QRESYNC client that knew them.
        assertThat(mail.changesSince(box.id(), modSeq + 1)).extracting(c -> ((Change.Expunged) c).uid())
                .containsExactly(1L, 3L, 4L, 6L, 7L, 8L);
        assertThat(mail.status(box.id()).highestModSeq()).isEqualTo(modSeq + 2);
        importer().finish(box.id(), 9); // again (a rerun): nothing new
        assertThat(mail.status(box.id()).highestModSeq()).isEqualTo(modSeq + 2);
        assertThat(append(box.id(), 1)).containsExactly(9L); // later appends go on from there
    }

    @Test void unusedInboxTakesTheValueAndLaterCreatesGoAboveIt() throws Exception {
        long future = UidValidity.next(0) + 1000; // above anything the clock would give now
        MailboxInfo inbox = importer().mailbox("INBOX", future);
        assertThat(inbox.uidValidity()).isEqualTo(future);
        assertThat(inbox.id()).isEqualTo(inbox());
        assertThat(mail.create("Later", Set.of()).uidValidity()).isGreaterThan(future);
    }

    @Test void anUnusedMailboxThatAlreadyHasTheValueStillGetsAModseqAboveTheSources() throws Exception {
        // Both servers derive UIDVALIDITY from the clock, so a new account's INBOX can hold the very value the source
        // used. Its modseq must still jump above the source's, or a QRESYNC client that knew the source's modseq
        // would hear no VANISHED for the source's expunges (RFC 7162 §3.2.5.1).
        long value = mail.status(inbox()).uidValidity();
        MailboxInfo box = importer().mailbox("INBOX", value);
        assertThat(box.uidValidity()).isEqualTo(value);
        long modSeq = mail.status(box.id()).highestModSeq();
        assertThat(modSeq).isGreaterThanOrEqualTo(System.currentTimeMillis() / 1000 - 60);
        importer().append(box.id(), List.of(at(1, "a"), at(2, "b"), at(4, "d")));
        importer().finish(box.id(), 5);
        assertThat(mail.changesSince(box.id(), 20)).filteredOn(c -> c instanceof Change.Expunged)
                .extracting(c -> ((Change.Expunged) c).uid()).containsExactly(3L);
    }

    @Test void aValueHeldByAnUnusedMailboxMovesItThere() throws Exception {
        long sent = mail.find("Sent").orElseThrow().uidValidity();
        MailboxInfo box = importer().mailbox("Imported", sent);
        assertThat(box.uidValidity()).isEqualTo(sent);
        long moved = mail.find("Sent").orElseThrow().uidValidity();
        assertThat(moved).isNotEqualTo(sent);
        assertThat(mail.list()).extracting(MailboxInfo::uidValidity).doesNotHaveDuplicates();
    }

    @Test void aValueHeldByAMailboxWithMailIsRefused() throws Exception {
        MailboxId sent = mail.find("Sent").orElseThrow().id();
        append(sent, 1);
        long value = mail.find("Sent").orElseThrow().uidValidity();
        MailboxInfo box = importer().mailbox("Imported", value);
        assertThat(box.uidValidity()).isNotEqualTo(value);
        assertThat(mail.list()).extracting(MailboxInfo::uidValidity).doesNotHaveDuplicates();
    }

    @Test void aMailboxThatHeldMailKeepsItsValue() throws Exception {
        MailboxId inbox = inbox();
        long before = mail.status(inbox).uidValidity();
        mail.expunge(inbox, append(inbox, 1));
        assertThat(importer().mailbox("INBOX", DOVECOT_VALIDITY).uidValidity()).isEqualTo(before);
    }

    @Test void uidsMustAscendFromUidNext() throws Exception {
        MailboxId box = importer().mailbox("X", DOVECOT_VALIDITY).id();
        importer().append(box, List.of(at(4, "a")));
        assertFails(StoreException.Kind.CANNOT, () -> importer().append(box, List.of(at(3, "b"))));
        assertFails(StoreException.Kind.CANNOT, () -> importer().append(box, List.of(at(7, "b"), at(6, "c"))));
        assertFails(StoreException.Kind.CANNOT, () -> importer().append(box, List.of(at(8, "b"), at(4, "c"))));
        assertThat(uids(box)).containsExactly(4L); // nothing of a refused batch is stored
    }
}
