package satchel.thread;

import java.util.ArrayList;
import java.util.List;

/** A mutable node while REFERENCES threads: a message, or a dummy ({@code message == null}). */
final class Container {
    ThreadMessage message;
    Container parent;
    final List<Container> children = new ArrayList<>();
    /** Deleted from the root set while merging by subject (RFC 5256 §3 REFERENCES step 5.C). */
    boolean merged;

    Container(ThreadMessage message) { this.message = message; }

    boolean dummy() { return message == null; }

    /** Whether making {@code this} the parent of {@code child} would close a loop (it is {@code child} or below it). */
    boolean descendantOrSelf(Container child) {
        for (Container c = this; c != null; c = c.parent) if (c == child) return true;
        return false;
    }

    void adopt(Container child) {
        child.parent = this;
        children.add(child);
    }

    void unlink() {
        if (parent != null) parent.children.remove(this);
        parent = null;
    }

    /** The message whose date and number stand for this node: itself, or a dummy's first (earliest) child's. */
    ThreadMessage representative() {
        Container c = this;
        while (c.message == null && !c.children.isEmpty()) c = c.children.getFirst();
        return c.message;
    }

    ThreadNode toNode() {
        // Post-order without recursion: a hostile mailbox can make the tree deeper than the stack.
        java.util.IdentityHashMap<Container, ThreadNode> done = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<Container> stack = new java.util.ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            Container c = stack.peek();
            boolean ready = true;
            for (Container k : c.children) {
                if (!done.containsKey(k)) {
                    stack.push(k);
                    ready = false;
                }
            }
            if (!ready) continue;
            stack.pop();
            List<ThreadNode> kids = new ArrayList<>(c.children.size());
            for (Container k : c.children) kids.add(done.remove(k));
            done.put(c, c.dummy() ? new ThreadNode.Dummy(kids) : new ThreadNode.Message(c.message.number(), kids));
        }
        return done.get(this);
    }
}
