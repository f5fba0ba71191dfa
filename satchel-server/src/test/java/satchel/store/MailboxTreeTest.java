package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import satchel.store.MailboxTree.State;
import satchel.store.MailboxTree.Step;

/** The tree rules alone, over a tree given as names and states: what each command does, and what it refuses. */
class MailboxTreeTest {
    private static final MailboxLimits LIMITS = new MailboxLimits(255, 10, 9);

    private static MailboxTree.View<RuntimeException> tree(Map<String, State> names) {
        TreeMap<String, State> sorted = new TreeMap<>(names);
        return new MailboxTree.View<>() {
            @Override public State state(String name) { return sorted.getOrDefault(name, State.MISSING); }

            @Override public long count() { return sorted.size(); }

            @Override public boolean hasInferiors(String name) { return !inferiors(name).isEmpty(); }

            @Override public List<String> inferiors(String name) {
                return List.copyOf(sorted.subMap(name + "/", name + "0").keySet());
            }
        };
    }

    private static final MailboxTree.View<RuntimeException> TREE = tree(Map.of("INBOX", State.SELECTABLE,
            "INBOX/old", State.SELECTABLE, "a", State.PLACEHOLDER, "a/b", State.SELECTABLE, "a/b/c", State.SELECTABLE,
            "x", State.SELECTABLE));

    private static void refused(StoreException.Kind kind, ThrowingCallable call) {
        StoreException e = catchThrowableOfType(StoreException.class, call);
        assertThat(e).as("refused with " + kind).isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
    }

    @Test
    void createMakesMissingParentsOutermostFirst() throws Exception {
        assertThat(MailboxTree.create(TREE, "p/q/r", Set.of("\\Drafts"), LIMITS)).containsExactly(
                new Step.Insert("p", Set.of()), new Step.Insert("p/q", Set.of()),
                new Step.Insert("p/q/r", Set.of("\\Drafts")));
    }

    @Test
    void createRevivesAPlaceholderAsANewIncarnation() throws Exception {
        assertThat(MailboxTree.create(TREE, "a", Set.of(), LIMITS))
                .containsExactly(new Step.Remove("a"), new Step.Insert("a", Set.of()));
    }

    @Test
    void createRefusesInboxExistingNamesAndTooMany() {
        refused(StoreException.Kind.ALREADY_EXISTS, () -> MailboxTree.create(TREE, "INBOX", Set.of(), LIMITS));
        refused(StoreException.Kind.ALREADY_EXISTS, () -> MailboxTree.create(TREE, "a/b", Set.of(), LIMITS));
        // six exist, the limit is nine: four new names (three parents) are one too many
        refused(StoreException.Kind.LIMIT, () -> MailboxTree.create(TREE, "m/n/o/p", Set.of(), LIMITS));
    }

    @Test
    void deleteRemovesALeafEmptiesAParentAndRefusesAPlaceholderWithChildren() throws Exception {
        assertThat(MailboxTree.delete(TREE, "a/b/c")).containsExactly(new Step.Remove("a/b/c"));
        assertThat(MailboxTree.delete(TREE, "a/b")).containsExactly(new Step.Empty("a/b")); // RFC 3501 §6.3.4
        refused(StoreException.Kind.CANNOT, () -> MailboxTree.delete(TREE, "a"));
        refused(StoreException.Kind.CANNOT, () -> MailboxTree.delete(TREE, "INBOX"));
        refused(StoreException.Kind.NONEXISTENT, () -> MailboxTree.delete(TREE, "nope"));
    }

    @Test
    void renameMovesInferiorsAlongAndCreatesNewParentsAfterwards() throws Exception {
        assertThat(MailboxTree.rename(TREE, "a", "z/a", LIMITS)).containsExactly(new Step.Rename("a", "z/a"),
                new Step.Rename("a/b", "z/a/b"), new Step.Rename("a/b/c", "z/a/b/c"), new Step.Insert("z", Set.of()));
    }

    @Test
    void renamingInboxMovesItsMessagesOnlyNotItsInferiors() throws Exception {
        // RFC 3501 §6.3.5: INBOX stays; its inferiors stay under it
        assertThat(MailboxTree.rename(TREE, "INBOX", "y/saved", LIMITS))
                .containsExactly(new Step.Insert("y", Set.of()), new Step.MoveInbox("y/saved"));
    }

    @Test
    void renameRefusesMissingSourceTakenTargetAndMovingIntoItself() {
        refused(StoreException.Kind.NONEXISTENT, () -> MailboxTree.rename(TREE, "nope", "q", LIMITS));
        refused(StoreException.Kind.ALREADY_EXISTS, () -> MailboxTree.rename(TREE, "x", "a", LIMITS));
        refused(StoreException.Kind.CANNOT, () -> MailboxTree.rename(TREE, "a", "a/b/d", LIMITS));
    }
}
