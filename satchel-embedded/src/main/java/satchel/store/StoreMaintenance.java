package satchel.store;

import java.util.List;

/**
 * Administration beyond {@link MailStore}: totals for metrics and a consistency check for {@code satchel check}.
 * A check reads everything, so it is slow on a big store; with {@code repair} it fixes what it safely can in
 * short write transactions (other sessions keep working) and reports the rest.
 */
public interface StoreMaintenance {
    /** Sizes of the whole store; {@code messageBytes} counts every message, {@code blobBytes} stored bytes once. */
    record Totals(long users, long mailboxes, long messages, long messageBytes, long blobs, long blobBytes) {}

    /** One inconsistency: where (user/mailbox/uid or blob id), what is wrong, and whether it was repaired. */
    record Problem(String where, String what, boolean repaired) {
        @Override public String toString() {
            return where + ": " + what + (repaired ? " (repaired)" : "");
        }
    }

    record Report(long users, long mailboxes, long messages, List<Problem> problems) {
        public Report {
            problems = List.copyOf(problems);
        }

        /** Problems found and left as they were. */
        public long unrepaired() {
            return problems.stream().filter(p -> !p.repaired()).count();
        }
    }

    /** Told how far a long operation has got; {@code total} is -1 when unknown. Called on the checking thread. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = (phase, done, total) -> {};

        void update(String phase, long done, long total);
    }

    Totals totals() throws StoreException;

    /**
     * Messages stored but not yet in the full-text index, which SEARCH scans directly meanwhile (the background
     * indexer's lag); 0 for a store without a deferred index.
     */
    default long unindexedMessages() throws StoreException {
        return 0;
    }

    /**
     * Verifies every message's bytes (present, as long as its recorded size, MIME structure readable), the
     * counters of every mailbox (uidnext above every UID, highestmodseq at least every modseq, first recent UID
     * at most uidnext), references between rows and blobs, and, where the store has them, its own integrity checks.
     * With {@code repair}: recomputes counters, re-parses missing or unreadable structures, drops rows that point
     * nowhere and blobs nobody references.
     */
    Report check(boolean repair, Progress progress) throws StoreException;
}
