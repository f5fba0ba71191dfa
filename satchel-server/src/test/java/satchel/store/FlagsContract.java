package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** STORE (RFC 3501 §6.4.6) and CONDSTORE modseqs (RFC 7162 §3.1). */
public abstract class FlagsContract extends StoreFixture {
    @Test
    void addRemoveReplace() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        mail.updateFlags(box, List.of(1L), add("\\Seen", "\\flagged"));
        assertThat(meta(box, 1).flags()).containsExactlyInAnyOrder("\\Seen", "\\Flagged");
        mail.updateFlags(box, List.of(1L), remove("\\SEEN"));
        assertThat(meta(box, 1).flags()).containsExactly("\\Flagged");
        mail.updateFlags(box, List.of(1L), replace("\\Answered", "$Forwarded"));
        assertThat(meta(box, 1).flags()).containsExactlyInAnyOrder("\\Answered", "$Forwarded");
        mail.updateFlags(box, List.of(1L), replace());
        assertThat(meta(box, 1).flags()).isEmpty();
    }

    @Test
    void onlyReallyChangedMessagesGetANewModSeqAndAreReturned() throws Exception {
        MailboxId box = inbox();
        append(box, List.of(msg("a", "\\Seen"), msg("b"), msg("c")));
        long before = mail.status(box).highestModSeq();
        FlagResult r = mail.updateFlags(box, List.of(1L, 2L, 3L), add("\\Seen"));
        assertThat(r.changed()).extracting(MessageMeta::uid).containsExactly(2L, 3L);
        assertThat(r.changed()).allSatisfy(m -> assertThat(m.modSeq()).isGreaterThan(before));
        assertThat(meta(box, 1).modSeq()).isLessThanOrEqualTo(before);
        long after = mail.status(box).highestModSeq();
        assertThat(after).isGreaterThan(before);
        // Nothing changes: no new modseq at all.
        assertThat(mail.updateFlags(box, List.of(1L, 2L, 3L), add("\\Seen")).changed()).isEmpty();
        assertThat(mail.status(box).highestModSeq()).isEqualTo(after);
    }

    @Test
    void unchangedSinceRefusesMessagesModifiedLater() throws Exception {
        MailboxId box = inbox();
        append(box, 2);
        long mid = mail.status(box).highestModSeq();
        mail.updateFlags(box, List.of(2L), add("\\Flagged"));
        // RFC 7162 §3.1.3: message 2 changed after mid, so it is left alone and reported.
        FlagUpdate conditional = new FlagUpdate(FlagUpdate.Mode.ADD, Set.of("\\Seen"), mid);
        FlagResult r = mail.updateFlags(box, List.of(1L, 2L), conditional);
        assertThat(r.changed()).extracting(MessageMeta::uid).containsExactly(1L);
        assertThat(r.unchangedSinceFailed()).containsExactly(2L);
        assertThat(meta(box, 2).flags()).containsExactly("\\Flagged");
        // UNCHANGEDSINCE 0 always fails: every message has a modseq of at least 1.
        FlagResult zero = mail.updateFlags(box, List.of(1L), new FlagUpdate(FlagUpdate.Mode.ADD, Set.of("x"), 0));
        assertThat(zero.unchangedSinceFailed()).containsExactly(1L);
    }

    @Test
    void knownRowsAsTheyStillAreAreUpdated() throws Exception {
        MailboxId box = inbox();
        append(box, List.of(msg("a"), msg("b", "\\Seen"), msg("c")));
        List<MessageMeta> known = List.of(meta(box, 1), meta(box, 2), meta(box, 3));
        FlagResult r = mail.updateKnownFlags(box, known, add("\\Seen"));
        assertThat(r.changed()).extracting(MessageMeta::uid).containsExactly(1L, 3L);
        assertThat(r.changed()).allSatisfy(m -> assertThat(m.flags()).containsExactly("\\Seen"));
        assertThat(meta(box, 1).flags()).containsExactly("\\Seen");
        assertThat(meta(box, 1).modSeq()).isEqualTo(r.changed().getFirst().modSeq());
        assertThat(meta(box, 2).modSeq()).isEqualTo(known.get(1).modSeq());
        // Nothing to change, by the rows given and in the store: no new modseq.
        long highest = mail.status(box).highestModSeq();
        List<MessageMeta> now = List.of(meta(box, 1), meta(box, 2));
        assertThat(mail.updateKnownFlags(box, now, add("\\Seen")).changed()).isEmpty();
        assertThat(mail.status(box).highestModSeq()).isEqualTo(highest);
    }

    /**
     * A session's cached rows may be stale: another session changed or expunged a message after it last looked. The
     * STORE must act on the message as it is now, never on the cached copy (the cache said "already \Seen" here).
     */
    @Test
    void staleKnownRowsAreReadAfresh() throws Exception {
        MailboxId box = inbox();
        append(box, List.of(msg("a", "\\Seen"), msg("b"), msg("c"), msg("d")));
        List<MessageMeta> known = List.of(meta(box, 1), meta(box, 2), meta(box, 3), meta(box, 4));
        // Message 1 lost \Seen since: the cache says it needs no change, but it does.
        mail.updateFlags(box, List.of(1L), remove("\\Seen"));
        FlagResult r = mail.updateKnownFlags(box, known.subList(0, 2), add("\\Seen"));
        assertThat(r.changed()).extracting(MessageMeta::uid).containsExactly(1L, 2L);
        assertThat(meta(box, 1).flags()).containsExactly("\\Seen");
        // Message 3 got \Flagged and message 4 is gone since: neither is written from the cache.
        mail.updateFlags(box, List.of(3L), add("\\Flagged"));
        mail.updateFlags(box, List.of(4L), add("\\Deleted"));
        mail.expunge(box, List.of(4L));
        FlagResult r2 = mail.updateKnownFlags(box, known.subList(2, 4), add("\\Answered"));
        assertThat(r2.changed()).extracting(MessageMeta::uid).containsExactly(3L);
        assertThat(meta(box, 3).flags()).containsExactlyInAnyOrder("\\Answered", "\\Flagged");
        // Every cached row needs no change by the cache, but one does now.
        mail.updateFlags(box, List.of(1L), remove("\\Seen"));
        assertThat(mail.updateKnownFlags(box, List.of(r.changed().getFirst()), add("\\Seen")).changed())
                .extracting(MessageMeta::uid).containsExactly(1L);
        assertThat(meta(box, 1).flags()).containsExactly("\\Seen");
    }

    /**
     * One message at a time, as clients usually STORE (PostgreSQL writes it with a statement of its own, without
     * arrays): the flags, keywords and modseq as with several, and a stale or gone cached row read afresh.
     */
    @Test
    void oneMessageAtATimeFromTheCacheOrNot() throws Exception {
        MailboxId box = inbox();
        append(box, List.of(msg("a"), msg("b"), msg("c")));
        MessageMeta two = meta(box, 2);
        FlagResult r = mail.updateKnownFlags(box, List.of(meta(box, 1)), add("\\Seen"));
        assertThat(r.changed()).extracting(MessageMeta::uid).containsExactly(1L);
        assertThat(r.changed().getFirst().modSeq()).isEqualTo(mail.status(box).highestModSeq());
        assertThat(meta(box, 1).flags()).containsExactly("\\Seen");
        assertThat(meta(box, 2).modSeq()).isEqualTo(two.modSeq());
        FlagResult k = mail.updateFlags(box, List.of(2L), add("$Work"));
        assertThat(k.changed().getFirst().flags()).containsExactly("$Work");
        assertThat(meta(box, 2).flags()).containsExactly("$Work");
        // The cached row of message 2 is stale (it has $Work now): the STORE keeps what is stored.
        FlagResult stale = mail.updateKnownFlags(box, List.of(two), add("\\Flagged"));
        assertThat(stale.changed()).extracting(MessageMeta::uid).containsExactly(2L);
        assertThat(meta(box, 2).flags()).containsExactlyInAnyOrder("$Work", "\\Flagged");
        // Message 3 is gone since it was cached: nothing is written.
        MessageMeta three = meta(box, 3);
        mail.updateFlags(box, List.of(3L), add("\\Deleted"));
        mail.expunge(box, List.of(3L));
        long highest = mail.status(box).highestModSeq();
        assertThat(mail.updateKnownFlags(box, List.of(three), add("\\Seen")).changed()).isEmpty();
        assertThat(mail.status(box).highestModSeq()).isEqualTo(highest);
    }

    @Test
    void recentIsIgnoredInUpdates() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        assertThat(mail.updateFlags(box, List.of(1L), add("\\Recent")).changed()).isEmpty();
        mail.updateFlags(box, List.of(1L), replace("\\Recent", "\\Seen"));
        assertThat(meta(box, 1).flags()).containsExactly("\\Seen");
    }

    @Test
    void keywordsKeepSpellingButCompareCaseInsensitively() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        mail.updateFlags(box, List.of(1L), add("$Important"));
        assertThat(mail.updateFlags(box, List.of(1L), add("$IMPORTANT")).changed()).isEmpty();
        assertThat(mail.updateFlags(box, List.of(1L), replace("$important")).changed()).isEmpty();
        assertThat(meta(box, 1).flags()).containsExactly("$Important");
        mail.updateFlags(box, List.of(1L), remove("$iMpOrTaNt"));
        assertThat(meta(box, 1).flags()).isEmpty();
        assertThat(mail.keywords(box)).containsExactly("$Important");
    }

    @Test
    void unknownUidsAreIgnored() throws Exception {
        MailboxId box = inbox();
        append(box, 1);
        FlagResult r = mail.updateFlags(box, List.of(1L, 5L, 9L), add("\\Seen"));
        assertThat(r.changed()).extracting(MessageMeta::uid).containsExactly(1L);
        assertThat(r.unchangedSinceFailed()).isEmpty();
    }

    /**
     * SELECT's row-by-row read gives what the snapshot lists, in UID order, with one set object per distinct flags
     * (the session numbers flag sets by identity); declining the head skips the messages.
     */
    @Test
    void scanStreamsTheSnapshotWithOneSetPerDistinctFlags() throws Exception {
        MailboxId box = inbox();
        append(box, List.of(msg("a", "\\Seen"), msg("b"), msg("c", "\\Seen"), msg("d", "$Label", "\\Seen"),
                msg("e", "\\Seen", "$Label")));
        mail.expunge(box, List.of(2L));
        MailboxSnapshot snap = mail.snapshot(box);
        List<MessageMeta> seen = new java.util.ArrayList<>();
        java.util.IdentityHashMap<Set<String>, Boolean> sets = new java.util.IdentityHashMap<>();
        MailboxScan.Head head = mail.scan(box, new MailboxScan() {
            @Override public boolean wants(Head h) { return true; }

            @Override public void message(long uid, long modSeq, Set<String> flags, long size, long date) {
                seen.add(new MessageMeta(uid, modSeq, flags, size, java.time.Instant.ofEpochMilli(date)));
                sets.put(flags, true);
            }
        });
        assertThat(seen).isEqualTo(snap.messages());
        assertThat(sets).hasSize(2); // {\Seen} and {\Seen $Label}
        assertThat(head).isEqualTo(new MailboxScan.Head(snap.info(), snap.uidNext(), snap.highestModSeq(),
                snap.firstRecentUid()));
        List<Long> skipped = new java.util.ArrayList<>();
        MailboxScan.Head again = mail.scan(box, new MailboxScan() {
            @Override public boolean wants(Head h) { return false; }

            @Override public void message(long uid, long modSeq, Set<String> flags, long size, long date) {
                skipped.add(uid);
            }
        });
        assertThat(skipped).isEmpty();
        assertThat(again.highestModSeq()).isEqualTo(snap.highestModSeq());
    }
}
