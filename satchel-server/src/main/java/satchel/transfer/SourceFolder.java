package satchel.transfer;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;

/**
 * One folder of mail to import: its name in the store ("/"-separated, INBOX for the inbox), the UIDVALIDITY and
 * next UID it had (0 when it had none worth keeping), and its messages, read in order: those with a UID first,
 * ascending, then those without.
 */
public interface SourceFolder {
    String name();

    long uidValidity();

    long nextUid();

    /** How many messages {@link #read} will give (for progress). */
    long count();

    void read(Sink sink) throws IOException;

    /**
     * One message: {@code uid} 0 when it has none. {@code content} is CRLF-normalized, or null when the message could
     * not be read, with {@code problem} saying why; {@code where} names it for reports (a file, an mbox offset).
     */
    record Item(String where, long uid, byte[] content, String problem, Set<String> flags, Instant date) {
        static Item broken(String where, String problem) {
            return new Item(where, 0, null, problem, Set.of(), null);
        }
    }

    interface Sink {
        void accept(Item item) throws IOException;
    }
}
