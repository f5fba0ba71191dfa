package satchel.session;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import satchel.mime.MessageStructure;

/** A message for FETCH/SEARCH tests; counts content loads so metadata FETCH can prove it never reads the body. */
final class FetchTestMessage implements MessageData {
    private final long seq, uid, modSeq;
    private final Set<String> flags;
    private final boolean recent;
    private final Instant internalDate;
    private final byte[] content;
    private final MessageStructure structure;
    final AtomicInteger contentLoads = new AtomicInteger();

    FetchTestMessage(long seq, long uid, long modSeq, Set<String> flags, boolean recent, Instant internalDate, byte[] content) {
        this.seq = seq;
        this.uid = uid;
        this.modSeq = modSeq;
        this.flags = Set.copyOf(flags);
        this.recent = recent;
        this.internalDate = internalDate;
        this.content = content;
        this.structure = MessageStructure.fromBytes(MessageStructure.parse(content).toBytes());
    }

    static FetchTestMessage of(byte[] content) {
        return new FetchTestMessage(1, 101, 7, Set.of(), false, Instant.parse("2020-03-09T08:07:06Z"), content);
    }

    @Override public long seq() { return seq; }
    @Override public long uid() { return uid; }
    @Override public long modSeq() { return modSeq; }
    @Override public Set<String> flags() { return flags; }
    @Override public boolean recent() { return recent; }
    @Override public long size() { return content.length; }
    @Override public Instant internalDate() { return internalDate; }
    @Override public MessageStructure structure() { return structure; }

    @Override public byte[] content() {
        contentLoads.incrementAndGet();
        return content;
    }

    /** Fixed ids and dates; the preview as delivery computes it. */
    @Override public satchel.store.MessageObjects objects() {
        return new satchel.store.MessageObjects("M" + uid, "T" + uid, java.util.Optional.of(internalDate),
                java.util.Optional.of(satchel.mime.Preview.of(content, structure)));
    }
}
