package satchel.thread;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 5256 §3 THREAD algorithms over searched messages given in mailbox order. Pure functions: no I/O, no
 * state between calls. Sent dates tie-break by number (sequence number or UID: the same order), RFC 5256 §2.2.
 */
public final class Threading {
    private static final Comparator<ThreadMessage> BY_DATE =
            Comparator.comparingLong(ThreadMessage::sent).thenComparingLong(ThreadMessage::number);
    private static final Comparator<Container> NODES_BY_DATE = Comparator.comparing(Container::representative,
            Comparator.nullsLast(BY_DATE));

    private Threading() {}

    /**
     * ORDEREDSUBJECT: messages sorted by base subject then sent date, one thread per base subject, threads in the
     * order of their first message's sent date; the first message is the root, every later one its child.
     */
    public static List<ThreadNode> orderedSubject(List<ThreadMessage> messages) {
        Map<String, List<ThreadMessage>> bySubject = new LinkedHashMap<>();
        for (ThreadMessage m : messages) bySubject.computeIfAbsent(m.subject(), _ -> new ArrayList<>()).add(m);
        List<List<ThreadMessage>> threads = new ArrayList<>(bySubject.values());
        for (List<ThreadMessage> t : threads) t.sort(BY_DATE);
        threads.sort(Comparator.comparing(List::getFirst, BY_DATE));
        List<ThreadNode> out = new ArrayList<>(threads.size());
        for (List<ThreadMessage> t : threads) {
            List<ThreadNode> kids = t.subList(1, t.size()).stream()
                    .<ThreadNode>map(m -> new ThreadNode.Message(m.number(), List.of())).toList();
            out.add(new ThreadNode.Message(t.getFirst().number(), kids));
        }
        return out;
    }

    /** REFERENCES, steps (1) to (6) of RFC 5256 §3. */
    public static List<ThreadNode> references(List<ThreadMessage> messages) {
        List<Container> all = new ArrayList<>();
        link(messages, all);
        List<Container> root = new ArrayList<>();
        for (Container c : all) if (c.parent == null) root.add(c);           // (2)
        root = prune(all, root);                                              // (3)
        for (Container c : root) if (c.dummy()) c.children.sort(NODES_BY_DATE); // (4)
        root.sort(NODES_BY_DATE);
        root = mergeBySubject(root);                                          // (5)
        for (Container c : all) c.children.sort(NODES_BY_DATE);               // (6): only dummies depend on
        for (Container c : root) c.children.sort(NODES_BY_DATE);              // their children, and they are
        root.sort(NODES_BY_DATE);                                             // all on top
        return root.stream().map(Container::toNode).toList();
    }

    /** Step (1): containers for every message and referenced id, linked parent to child. */
    private static void link(List<ThreadMessage> messages, List<Container> all) {
        Map<String, Container> byId = new HashMap<>();
        for (ThreadMessage m : messages) {
            String id = m.messageId();
            Container known = id == null ? null : byId.get(id);
            Container self;
            if (known != null && known.dummy()) (self = known).message = m; // referenced earlier: this is it
            else {
                // a duplicate Message-ID stays with the first message; this one gets a unique (unregistered) one
                all.add(self = new Container(m));
                if (id != null && known == null) byId.put(id, self);
            }
            // (1.A) references: each the parent of the next, unless the child has a parent or it would loop
            Container previous = null;
            for (String ref : m.references()) {
                Container c = byId.get(ref);
                if (c == null) {
                    byId.put(ref, c = new Container(null));
                    all.add(c);
                }
                if (previous != null && c.parent == null && !previous.descendantOrSelf(c)) previous.adopt(c);
                previous = c;
            }
            // (1.B) the last reference is the parent: replaces an existing link, never closes a loop
            self.unlink();
            if (previous != null && !previous.descendantOrSelf(self)) previous.adopt(self);
        }
    }

    /**
     * Step (3): dummies go; a dummy's children take its place among its siblings, except that a dummy at the
     * top with more than one child stays (its children would otherwise become separate threads).
     */
    private static List<Container> prune(List<Container> all, List<Container> root) {
        for (Container c : all) {
            if (!c.dummy() || c.parent == null) continue;
            List<Container> siblings = c.parent.children;
            int at = siblings.indexOf(c);
            siblings.remove(at);
            for (Container k : c.children) k.parent = c.parent;
            siblings.addAll(at, c.children);
            c.children.clear();
            c.parent = null;
            c.merged = true; // gone: not at the top either
        }
        List<Container> out = new ArrayList<>(root.size());
        for (Container c : root) {
            if (c.merged) continue;
            if (!c.dummy() || c.children.size() > 1) out.add(c);
            else if (c.children.size() == 1) {
                Container only = c.children.getFirst();
                only.parent = null;
                c.children.clear();
                out.add(only);
            }
        }
        return out;
    }

    /** Step (5): threads under the root with the same base subject are gathered together. */
    private static List<Container> mergeBySubject(List<Container> root) {
        Map<String, Container> table = new HashMap<>();
        for (Container c : root) {                                            // (5.B)
            String subject = threadSubject(c);
            if (subject.isEmpty()) continue;
            Container t = table.get(subject);
            if (t == null) table.put(subject, c);
            else if (!t.dummy() && (c.dummy() || t.message.replyOrForward() && !c.message.replyOrForward()))
                table.put(subject, c);
        }
        List<Container> out = new ArrayList<>(root);
        for (Container c : root) {                                            // (5.C)
            if (c.merged || c.parent != null) continue;
            String subject = threadSubject(c);
            if (subject.isEmpty()) continue;
            Container t = table.get(subject);
            if (t == c) continue;
            if (t.dummy() && c.dummy()) {
                for (Container k : c.children) t.adopt(k);
                c.children.clear();
                c.merged = true;
            } else if (t.dummy() || c.message.replyOrForward() && !t.message.replyOrForward()) {
                c.merged = true;
                t.adopt(c);
            } else {
                Container dummy = new Container(null);
                out.add(dummy); // where does not matter: step (6) sorts the top level
                t.merged = true;
                c.merged = true;
                dummy.adopt(t);
                dummy.adopt(c);
                table.put(subject, dummy);
            }
        }
        out.removeIf(c -> c.merged);
        return out;
    }

    /** (5.B.i): the base subject of the message, or of a dummy's first child. */
    private static String threadSubject(Container c) {
        ThreadMessage m = c.dummy() ? (c.children.isEmpty() ? null : c.children.getFirst().message) : c.message;
        return m == null ? "" : m.subject();
    }
}
