package satchel.thread;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 5256 §3 threading, rule by rule. Messages are numbered 1.. in mailbox order; {@code sent} defaults to the
 * number (later messages are newer) unless a test says otherwise. Results are compared in the response syntax.
 */
class ThreadingTest {
    private final List<ThreadMessage> box = new ArrayList<>();

    private ThreadingTest msg(String subject, String id, String... refs) {
        return msg(subject, box.size() + 1, id, refs);
    }

    private ThreadingTest msg(String subject, long sent, String id, String... refs) {
        satchel.mime.BaseSubject b = satchel.mime.BaseSubject.of(subject);
        box.add(new ThreadMessage(box.size() + 1, satchel.mime.Casemap.key(b.text()), b.replyOrForward(), sent, id,
                List.of(refs)));
        return this;
    }

    private String references() { return ThreadNode.render(Threading.references(box)); }

    private String orderedSubject() { return ThreadNode.render(Threading.orderedSubject(box)); }

    @Test void orderedSubjectGroupsByBaseSubjectWithOneLevelOfChildren() {
        msg("b", null).msg("a", null).msg("Re: b", null).msg("re: B", null).msg("Re: a", null).msg("c", null);
        // threads by their first message's date; the first is the parent of all others (no grandchildren)
        assertThat(orderedSubject()).isEqualTo("(1 (3)(4))(2 5)(6)");
    }

    @Test void orderedSubjectSortsWithinAThreadBySentDateThenNumber() {
        msg("x", 30, null).msg("x", 10, null).msg("x", 10, null);
        assertThat(orderedSubject()).isEqualTo("(2 (3)(1))");
    }

    @Test void step1aReferencesChainParentToChild() {
        msg("a", "1@x").msg("b", "2@x", "1@x").msg("c", "3@x", "1@x", "2@x");
        assertThat(references()).isEqualTo("(1 2 3)");
    }

    @Test void step1aAnExistingParentIsNotChangedByALaterReferencesList() {
        // 3 says 2's parent is 4 (truncated References), but 2 already has parent 1
        msg("a", "1@x").msg("b", "2@x", "1@x").msg("c", "3@x", "4@x", "2@x");
        assertThat(references()).isEqualTo("(1 2 3)");
    }

    @Test void step1bTheLastReferenceIsTheParentEvenOverAnEarlierLink() {
        // 2's References put 3 under 1; 3's own (last) reference 4 wins: the link to 1 is broken
        msg("a", "1@x").msg("b", "2@x", "1@x", "3@x").msg("c", "3@x", "4@x");
        assertThat(references()).isEqualTo("(1)(3 2)");
    }

    @Test void step1bBreaksTheOldLinkEvenWhenTheNewOneWouldLoop() {
        // 1 -> 3 (dummy) -> 2 after message 2; message 3 names 2, its own child, as parent: no link, and no
        // longer under 1 either
        msg("a", "1@x").msg("b", "2@x", "1@x", "3@x").msg("c", "3@x", "2@x");
        assertThat(references()).isEqualTo("(1)(3 2)");
    }

    @Test void step1NoLoops() {
        msg("a", "1@x", "2@x").msg("b", "2@x", "1@x");
        // 1 is made the child of 2 first; 2's reference to 1 would close a loop and is not made
        assertThat(references()).isEqualTo("(2 1)");
    }

    @Test void step1DuplicateMessageIdsKeepTheFirst() {
        msg("a", "1@x").msg("b", "1@x").msg("c", "3@x", "1@x");
        assertThat(references()).isEqualTo("(1 3)(2)");
    }

    @Test void step1MessagesWithoutIdAreTheirOwnThreads() {
        msg("a", null).msg("b", null);
        assertThat(references()).isEqualTo("(1)(2)");
    }

    @Test void step3aDummyWithSeveralChildrenAtTheTopStays() {
        // RFC 5256 §4's example: 3 and 5 are siblings under a parent that is not in the mailbox
        msg("x", "1@x").msg("y", "2@x").msg("z", "3@x", "0@x").msg("w", "4@x").msg("v", "5@x", "0@x");
        assertThat(references()).isEqualTo("(1)(2)((3)(5))(4)");
    }

    @Test void step3aDummyWithOneChildAtTheTopIsReplacedByIt() {
        msg("x", "1@x", "0@x");
        assertThat(references()).isEqualTo("(1)");
    }

    @Test void step3DummiesBelowTheTopArePromoted() {
        // 1 -> (missing 9) -> 2 and 3: 2 and 3 become children of 1
        msg("a", "1@x").msg("b", "2@x", "1@x", "9@x").msg("c", "3@x", "1@x", "9@x");
        assertThat(references()).isEqualTo("(1 (2)(3))");
    }

    @Test void step4ThreadsSortBySentDateAndADummyByItsFirstChild() {
        msg("a", 50, "1@x").msg("b", 40, "2@x", "0@x").msg("c", 10, "3@x", "0@x");
        assertThat(references()).isEqualTo("((3)(2))(1)");
    }

    @Test void step5SameSubjectThreadsMergeUnderANewDummy() {
        msg("lunch", "1@x").msg("lunch", "2@x");
        assertThat(references()).isEqualTo("((1)(2))");
    }

    @Test void step5AReplyBySubjectBecomesAChildOfTheOriginal() {
        msg("Re: lunch", "1@x").msg("lunch", "2@x").msg("other", "3@x");
        // the non-reply 2 replaces the reply 1 in the subject table; 1 then becomes its child
        assertThat(references()).isEqualTo("(2 1)(3)");
    }

    @Test void step5AThreadJoinsADummyWithTheSameSubject() {
        msg("x", "1@x", "0@x").msg("x", "2@x", "0@x").msg("Re: x", "3@x");
        assertThat(references()).isEqualTo("((1)(2)(3))");
    }

    @Test void step5EmptySubjectsAreNotMerged() {
        msg("", "1@x").msg("", "2@x");
        assertThat(references()).isEqualTo("(1)(2)");
    }

    @Test void step6SiblingsSortBySentDate() {
        msg("a", 10, "1@x").msg("b", 30, "2@x", "1@x").msg("c", 20, "3@x", "1@x");
        assertThat(references()).isEqualTo("(1 (3)(2))");
    }

    @Test void rendersTheRfcExampleShape() {
        var t = new ThreadNode.Message(3, List.of(new ThreadNode.Message(6, List.of(
                new ThreadNode.Message(4, List.of(new ThreadNode.Message(23, List.of()))),
                new ThreadNode.Message(44, List.of(new ThreadNode.Message(7, List.of(new ThreadNode.Message(96, List.of())))))))));
        assertThat(ThreadNode.render(List.of(new ThreadNode.Message(2, List.of()), t)))
                .isEqualTo("(2)(3 6 (4 23)(44 7 96))");
    }

    @Test void aVeryDeepChainNeitherOverflowsNorTakesLong() {
        int n = 50_000;
        msg("a", "0@x");
        for (int i = 1; i < n; i++) msg("Re: a", i + "@x", (i - 1) + "@x");
        String out = references();
        assertThat(out).startsWith("(1 2 3 ").endsWith(" " + n + ")");
    }
}
