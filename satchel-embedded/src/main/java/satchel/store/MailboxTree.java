package satchel.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import satchel.store.StoreException.Kind;

/**
 * The rules of one user's mailbox tree (RFC 3501 §6.3.3 CREATE, §6.3.4 DELETE, §6.3.5 RENAME), once for every
 * backend. Pure: from what exists, read through a {@link View}, it returns the {@link Step}s the command takes, or
 * refuses it with a {@link StoreException}; the backend applies the steps in order within one transaction. Names
 * are {@link MailboxNames#normalize normalized}.
 */
public final class MailboxTree {
    private MailboxTree() {}

    /** What a name is in the tree now. A placeholder is a \Noselect name kept for its inferiors. */
    public enum State { MISSING, SELECTABLE, PLACEHOLDER }

    /** The backend's tree as the rules need to see it, read inside the command's transaction. */
    public interface View<E extends Exception> {
        State state(String name) throws E;

        /** How many mailboxes (placeholders included) the user has. */
        long count() throws E;

        /** Whether any name is strictly below {@code name}. */
        boolean hasInferiors(String name) throws E;

        /** The names strictly below {@code name}. */
        List<String> inferiors(String name) throws E;
    }

    /** One change to the tree; applied in the order given. */
    public sealed interface Step {
        /** A new, empty, selectable mailbox (a new incarnation: new id and UIDVALIDITY). */
        record Insert(String name, Set<String> specialUse) implements Step {}

        /** The mailbox goes, with its messages. */
        record Remove(String name) implements Step {}

        /** The mailbox's messages go and it becomes a \Noselect placeholder; its modseq advances. */
        record Empty(String name) implements Step {}

        /** One mailbox changes name, keeping its id, UIDVALIDITY and messages. */
        record Rename(String from, String to) implements Step {}

        /**
         * RENAME INBOX: a new mailbox {@code to} takes INBOX's messages (keeping their UIDs: it has its own
         * UIDVALIDITY); INBOX stays, empty, with tombstones; its inferiors stay where they are.
         */
        record MoveInbox(String to) implements Step {}
    }

    public static <E extends Exception> List<Step> create(View<E> tree, String name, Set<String> specialUse,
                                                          MailboxLimits limits) throws E, StoreException {
        if (MailboxNames.isInbox(name)) throw new StoreException(Kind.ALREADY_EXISTS, "INBOX always exists");
        limits.checkName(name);
        State state = tree.state(name);
        if (state == State.SELECTABLE) throw new StoreException(Kind.ALREADY_EXISTS, "Mailbox already exists");
        List<Step> steps = new ArrayList<>();
        if (state == State.PLACEHOLDER) {
            // A placeholder's parents exist already; it comes back to life as a new incarnation.
            steps.add(new Step.Remove(name));
        } else {
            List<String> parents = missingParents(tree, name);
            limits.checkCount(tree.count(), 1 + parents.size());
            for (String p : parents) steps.add(new Step.Insert(p, Set.of()));
        }
        steps.add(new Step.Insert(name, specialUse));
        return steps;
    }

    public static <E extends Exception> List<Step> delete(View<E> tree, String name) throws E, StoreException {
        if (MailboxNames.isInbox(name)) throw new StoreException(Kind.CANNOT, "INBOX cannot be deleted");
        State state = tree.state(name);
        if (state == State.MISSING) throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
        if (!tree.hasInferiors(name)) return List.of(new Step.Remove(name));
        // RFC 3501 §6.3.4: the messages go, the name stays as \Noselect for its inferiors.
        if (state == State.SELECTABLE) return List.of(new Step.Empty(name));
        throw new StoreException(Kind.CANNOT, "Mailbox has inferior hierarchical names");
    }

    public static <E extends Exception> List<Step> rename(View<E> tree, String from, String to, MailboxLimits limits)
            throws E, StoreException {
        limits.checkName(to);
        if (tree.state(from) == State.MISSING) throw new StoreException(Kind.NONEXISTENT, "No such mailbox");
        if (tree.state(to) != State.MISSING) throw new StoreException(Kind.ALREADY_EXISTS, "Mailbox already exists");
        if (MailboxNames.isDescendant(to, from)) {
            throw new StoreException(Kind.CANNOT, "Cannot rename a mailbox into itself");
        }
        // The old superiors stay, so a RENAME adds the new ones it needs (and INBOX's new mailbox itself).
        List<String> parents = missingParents(tree, to);
        boolean inbox = MailboxNames.isInbox(from);
        limits.checkCount(tree.count(), parents.size() + (inbox ? 1 : 0));
        List<Step> steps = new ArrayList<>();
        if (inbox) {
            for (String p : parents) steps.add(new Step.Insert(p, Set.of()));
            steps.add(new Step.MoveInbox(to));
            return steps;
        }
        steps.add(new Step.Rename(from, to));
        // Inferiors move deeper with their parent: each new name must fit too (work in proportion to them).
        for (String n : tree.inferiors(from)) {
            String renamed = MailboxNames.renamed(n, from, to);
            limits.checkName(renamed);
            steps.add(new Step.Rename(n, renamed));
        }
        // Every existing name's superiors exist and "to" does not, so no new name collides mid-way; the new
        // superiors of "to" are neither "from" nor below it, so they are still missing after the renames.
        for (String p : parents) steps.add(new Step.Insert(p, Set.of()));
        return steps;
    }

    /** The superiors of {@code name} that do not exist yet, outermost first. */
    private static <E extends Exception> List<String> missingParents(View<E> tree, String name) throws E {
        List<String> out = new ArrayList<>();
        for (String p : MailboxNames.parents(name)) {
            if (tree.state(p) == State.MISSING) out.add(p);
        }
        return out;
    }
}
