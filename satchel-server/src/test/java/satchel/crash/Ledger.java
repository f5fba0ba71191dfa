package satchel.crash;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the clients were promised. A message is recorded as attempted before its APPEND is sent and as
 * acknowledged only after the tagged OK with APPENDUID; flags and copies likewise after their OK. After a crash
 * everything acknowledged must be there; anything else present must at least be something we attempted, whole.
 */
final class Ledger {
    record Key(String mailbox, long uid) {}

    final Set<String> attempted = ConcurrentHashMap.newKeySet();
    final Map<Key, String> messages = new ConcurrentHashMap<>();
    final Map<Key, Set<String>> flags = new ConcurrentHashMap<>();
    final Map<String, Long> uidValidity = new ConcurrentHashMap<>();
    final Map<String, Long> baseline = new ConcurrentHashMap<>();  // UIDNEXT before we began

    void attempt(String hash) { attempted.add(hash); }

    /** Records an acknowledged message; fails fast when the server reused a UID within one UIDVALIDITY. */
    void acknowledge(String mailbox, long validity, long uid, String hash, Set<String> withFlags) {
        checkValidity(mailbox, validity);
        String prev = messages.putIfAbsent(new Key(mailbox, uid), hash);
        if (prev != null && !prev.equals(hash)) {
            throw new AssertionError("UID " + uid + " in " + mailbox + " acknowledged for two different messages");
        }
        if (!withFlags.isEmpty()) addFlags(mailbox, uid, withFlags);
    }

    void checkValidity(String mailbox, long validity) {
        Long prev = uidValidity.putIfAbsent(mailbox, validity);
        if (prev != null && prev != validity) {
            throw new AssertionError("UIDVALIDITY of " + mailbox + " changed from " + prev + " to " + validity);
        }
    }

    void addFlags(String mailbox, long uid, Set<String> f) {
        flags.computeIfAbsent(new Key(mailbox, uid), k -> ConcurrentHashMap.newKeySet()).addAll(f);
    }

    /** A random acknowledged INBOX UID, or -1 when none yet. */
    long randomInboxUid() {
        List<Long> uids = new ArrayList<>();
        for (Key k : messages.keySet()) if (k.mailbox().equals("INBOX")) uids.add(k.uid());
        return uids.isEmpty() ? -1 : uids.get(ThreadLocalRandom.current().nextInt(uids.size()));
    }

    Set<String> expectedFlags(String mailbox, long uid) {
        return new HashSet<>(flags.getOrDefault(new Key(mailbox, uid), Set.of()));
    }
}
