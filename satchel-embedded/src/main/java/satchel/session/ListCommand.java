package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import satchel.protocol.Command.ListMailboxes;
import satchel.protocol.Command.ListReturn;
import satchel.protocol.Command.ListSelect;
import satchel.store.MailboxInfo;
import satchel.store.StoreException;
import satchel.wire.Response;

/**
 * LIST and LSUB (RFC 3501 §6.3.8-9), with RFC 5258 selection/return options, RFC 6154 special-use
 * attributes and RFC 5819 LIST-STATUS.
 */
final class ListCommand {
    private final Env env;

    ListCommand(Env env) {
        this.env = env;
    }

    void run(UserContext user, ListMailboxes cmd) throws IOException, StoreException {
        if (!cmd.lsub() && cmd.patterns().size() == 1 && cmd.patterns().getFirst().isEmpty()) {
            // RFC 3501 §6.3.8: an empty pattern asks for the delimiter and the root of the reference.
            env.out().send(Response.untagged().atom("LIST").raw(" (\\Noselect) \"/\" \"\""));
            env.out().ok("List completed.");
            return;
        }
        List<MailboxPattern> patterns = cmd.patterns().stream().map(p -> MailboxPattern.of(cmd.reference(), p)).toList();
        List<MailboxInfo> all = user.mail().list();
        Set<String> subscribed = new TreeSet<>(user.mail().subscriptions());
        Map<String, MailboxInfo> byName = new HashMap<>();
        for (MailboxInfo m : all) byName.put(m.name(), m);
        boolean subscribedOnly = cmd.lsub() || cmd.selectOptions().contains(ListSelect.SUBSCRIBED);
        Map<String, List<String>> rows = subscribedOnly
                ? subscribedRows(patterns, subscribed, byName, cmd)
                : allRows(patterns, all, subscribed, cmd);
        Set<String> childInfo = !cmd.lsub() && cmd.selectOptions().contains(ListSelect.RECURSIVEMATCH) && subscribedOnly
                ? subscribedParents(patterns, subscribed, byName, rows) : Set.of();
        // RFC 5258 §4: with RETURN (CHILDREN) every row MUST say whether the mailbox has children; allRows
        // always does, the SUBSCRIBED selection only when asked.
        if (subscribedOnly && !cmd.lsub() && cmd.returnOptions().contains(ListReturn.CHILDREN)) {
            Set<String> parents = parents(all);
            rows.replaceAll((name, attrs) -> withChildren(attrs, parents.contains(name)));
        }
        for (var row : rows.entrySet()) {
            Response r = Response.untagged().atom(cmd.lsub() ? "LSUB" : "LIST").atoms(row.getValue())
                    .string("/").mailbox(row.getKey());
            // RFC 5258 §3.5: a parent listed only because a descendant matched the SUBSCRIBED selection.
            if (childInfo.contains(row.getKey())) r.raw(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
            env.out().queue(r);
            MailboxInfo info = byName.get(row.getKey());
            if (!cmd.returnStatus().isEmpty() && info != null && info.selectable()) {
                StatusCommand.send(env.out(), row.getKey(), user.mail().status(info.id()), cmd.returnStatus(),
                        env.config().afterLogin().appendBytes(), user.mail().objectIds().mailbox(info));
            }
        }
        env.out().ok((cmd.lsub() ? "Lsub" : "List") + " completed.");
    }

    private Map<String, List<String>> allRows(List<MailboxPattern> patterns, List<MailboxInfo> all,
                                              Set<String> subscribed, ListMailboxes cmd) {
        boolean specialOnly = cmd.selectOptions().contains(ListSelect.SPECIAL_USE);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Set<String> parents = parents(all);
        for (MailboxInfo m : all) {
            if (!matchesAny(patterns, m.name())) continue;
            if (specialOnly && m.specialUse().isEmpty()) continue;
            List<String> attrs = new ArrayList<>();
            if (!m.selectable()) attrs.add("\\Noselect");
            attrs.add(parents.contains(m.name()) ? "\\HasChildren" : "\\HasNoChildren");
            if (subscribed.contains(m.name()) && cmd.returnOptions().contains(ListReturn.SUBSCRIBED)) attrs.add("\\Subscribed");
            attrs.addAll(new TreeSet<>(m.specialUse()));
            rows.put(m.name(), attrs);
        }
        return rows;
    }

    /** LSUB and LIST (SUBSCRIBED): subscribed names, existing or not, plus \Noselect parents for "%" (§6.3.9). */
    private Map<String, List<String>> subscribedRows(List<MailboxPattern> patterns, Set<String> subscribed,
                                                     Map<String, MailboxInfo> byName, ListMailboxes cmd) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String name : subscribed) {
            MailboxInfo m = byName.get(name);
            if (matchesAny(patterns, name)) {
                List<String> attrs = new ArrayList<>();
                if (cmd.lsub()) {
                    if (m == null || !m.selectable()) attrs.add("\\Noselect");
                } else {
                    if (m == null) attrs.add("\\NonExistent");
                    else if (!m.selectable()) attrs.add("\\Noselect");
                    attrs.add("\\Subscribed");
                    if (m != null) attrs.addAll(new TreeSet<>(m.specialUse()));
                }
                rows.put(name, attrs);
            } else if (cmd.lsub()) {
                for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                    String parent = name.substring(0, i);
                    if (!subscribed.contains(parent) && matchesAny(patterns, parent) && patterns.stream().anyMatch(MailboxPattern::hasPercent)) {
                        rows.putIfAbsent(parent, List.of("\\Noselect"));
                    }
                }
            }
        }
        return rows;
    }

    /**
     * RECURSIVEMATCH (RFC 5258 §3.1, §3.5): mailboxes matching a pattern with a subscribed descendant that is not
     * returned itself get CHILDINFO, whether or not they are selected themselves (the table in §3.5); those not
     * yet in {@code rows} are added (\NonExistent if absent). A descendant that is returned makes CHILDINFO
     * redundant, which servers SHOULD suppress (§3.5).
     */
    private static Set<String> subscribedParents(List<MailboxPattern> patterns, Set<String> subscribed,
                                                 Map<String, MailboxInfo> byName, Map<String, List<String>> rows) {
        Set<String> parents = new TreeSet<>();
        for (String name : subscribed) {
            if (rows.containsKey(name)) continue;
            for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                String parent = name.substring(0, i);
                if (matchesAny(patterns, parent)) parents.add(parent);
            }
        }
        for (String p : parents) {
            if (rows.containsKey(p)) continue;
            MailboxInfo m = byName.get(p);
            rows.put(p, m == null ? List.of("\\NonExistent") : m.selectable() ? List.of() : List.of("\\Noselect"));
        }
        return parents;
    }

    private static List<String> withChildren(List<String> attrs, boolean children) {
        List<String> out = new ArrayList<>(attrs);
        out.add(children ? "\\HasChildren" : "\\HasNoChildren");
        return out;
    }

    private static boolean matchesAny(List<MailboxPattern> patterns, String name) {
        for (MailboxPattern p : patterns) if (p.matches(name)) return true;
        return false;
    }

    /**
     * Names with children, in one pass: every superior of a stored name exists (the stores create them), so the
     * immediate superiors are all. (Asking each name about all others was quadratic in the mailbox count.)
     */
    private static Set<String> parents(List<MailboxInfo> all) {
        Set<String> out = new java.util.HashSet<>();
        for (MailboxInfo m : all) {
            int slash = m.name().lastIndexOf('/');
            if (slash > 0) out.add(m.name().substring(0, slash));
        }
        return out;
    }
}
