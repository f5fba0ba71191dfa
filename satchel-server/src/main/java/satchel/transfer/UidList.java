package satchel.transfer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dovecot's {@code dovecot-uidlist}: version 3 starts {@code 3 V<uidvalidity> N<nextuid> G<guid>}, then one line
 * per message, {@code <uid> [extension fields] :<file name base>}; version 1 starts
 * {@code 1 <uidvalidity> <nextuid>} and its lines are {@code <uid> <file name base>}. Lines may name files
 * already gone (Dovecot rewrites the list lazily).
 */
record UidList(long uidValidity, long nextUid, Map<String, Long> uids) {
    static final String FILE = "dovecot-uidlist";

    /** The list in {@code lines}; empty values (no UIDVALIDITY) when the header is missing or not understood. */
    static UidList parse(List<String> lines) {
        Map<String, Long> uids = new HashMap<>();
        if (lines.isEmpty()) return new UidList(0, 0, uids);
        String[] head = lines.getFirst().trim().split(" +");
        long validity = 0, next = 0;
        boolean v3 = head[0].equals("3");
        if (v3) {
            for (String field : head) {
                if (field.startsWith("V")) validity = number(field.substring(1));
                if (field.startsWith("N")) next = number(field.substring(1));
            }
        } else if (head[0].equals("1") && head.length >= 3) {
            validity = number(head[1]);
            next = number(head[2]);
        } else {
            return new UidList(0, 0, uids);
        }
        for (String line : lines.subList(1, lines.size())) {
            int sp = line.indexOf(' ');
            if (sp <= 0) continue;
            long uid = number(line.substring(0, sp));
            if (uid <= 0) continue;
            String name;
            if (v3) {
                int colon = line.indexOf(" :");
                if (colon < 0) continue;
                name = line.substring(colon + 2);
            } else {
                name = line.substring(sp + 1).trim();
            }
            uids.put(MaildirFlags.base(name), uid);
        }
        // Dovecot appends lines for new messages without rewriting the header, so N may lag behind them.
        for (long uid : uids.values()) next = Math.max(next, uid + 1);
        return new UidList(validity, next, uids);
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
