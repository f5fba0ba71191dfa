package satchel.thread;

import java.util.List;

/**
 * A node of a THREAD result: a message or (RFC 5256 REFERENCES) a dummy standing for a parent that was not
 * searched or is not in the mailbox. Children are in the order the response lists them.
 */
public sealed interface ThreadNode {
    List<ThreadNode> children();

    record Message(long number, List<ThreadNode> children) implements ThreadNode {
        public Message { children = List.copyOf(children); }
    }

    record Dummy(List<ThreadNode> children) implements ThreadNode {
        public Dummy { children = List.copyOf(children); }
    }

    /**
     * The RFC 5256 §4 thread-data after "THREAD": one thread-list per top-level node. A chain of only children
     * is written flat ("(3 6 4)"), a split nests one list per branch ("(3 6 (4 23)(44 7))"), and a dummy
     * contributes its branches without a number ("((3)(5))").
     */
    static String render(List<ThreadNode> threads) {
        // Iterative: a hostile mailbox can make a tree far deeper than the stack.
        StringBuilder out = new StringBuilder();
        java.util.ArrayDeque<Object> work = new java.util.ArrayDeque<>();
        pushLists(work, threads);
        while (!work.isEmpty()) {
            switch (work.pop()) {
                case Character c -> out.append(c.charValue());
                case Message m -> {
                    if (out.charAt(out.length() - 1) != '(') out.append(' ');
                    out.append(m.number());
                    branches(work, m.children(), true);
                }
                case Dummy d -> branches(work, d.children(), false);
                default -> throw new IllegalStateException();
            }
        }
        return out.toString();
    }

    /** One child continues the chain; several are nested lists (after a space when they follow a number). */
    private static void branches(java.util.ArrayDeque<Object> work, List<ThreadNode> kids, boolean afterNumber) {
        if (kids.size() == 1) work.push(kids.getFirst());
        else if (kids.size() > 1) {
            pushLists(work, kids);
            if (afterNumber) work.push(' ');
        }
    }

    private static void pushLists(java.util.ArrayDeque<Object> work, List<ThreadNode> nodes) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            work.push(')');
            work.push(nodes.get(i));
            work.push('(');
        }
    }
}
