package satchel.session;

import java.util.AbstractList;
import java.util.RandomAccess;
import satchel.store.MessageMeta;

/**
 * Messages a command names, in sequence order, over one immutable version of the view's columns: unaffected by
 * changes made after it was taken, and built without an object per message. As a {@code List<Entry>} it makes
 * each entry when asked for; renderers that need only a column read it by position ({@link #uid}, {@link #flagsId}
 * ...) and allocate nothing per message.
 */
public final class Selection extends AbstractList<MailboxView.Entry> implements RandomAccess {
    private final MessageColumns cols;
    private final RecentUids recent;
    /** Column indexes, ascending; null for the contiguous run [from, from + size). */
    private final int[] indexes;
    private final int from;
    private final int size;

    private Selection(MessageColumns cols, RecentUids recent, int[] indexes, int from, int size) {
        this.cols = cols;
        this.recent = recent;
        this.indexes = indexes;
        this.from = from;
        this.size = size;
    }

    static Selection all(MessageColumns cols, RecentUids recent) {
        return new Selection(cols, recent, null, 0, cols.size());
    }

    /** The messages at column indexes [from, to): one range of a set, without an index per message. */
    static Selection range(MessageColumns cols, RecentUids recent, int from, int to) {
        return new Selection(cols, recent, null, from, Math.max(0, to - from));
    }

    static Selection of(MessageColumns cols, RecentUids recent, int[] indexes) {
        return new Selection(cols, recent, indexes, 0, indexes.length);
    }

    private int index(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
        return indexes == null ? from + i : indexes[i];
    }

    @Override public int size() { return size; }

    @Override public MailboxView.Entry get(int i) {
        int x = index(i);
        MessageMeta m = cols.meta(x);
        return new MailboxView.Entry(x + 1, m, recent.contains(m.uid()));
    }

    /** The messages at positions [fromIndex, toIndex), over the same column version. */
    @Override public Selection subList(int fromIndex, int toIndex) {
        java.util.Objects.checkFromToIndex(fromIndex, toIndex, size);
        int n = toIndex - fromIndex;
        return indexes == null ? new Selection(cols, recent, null, from + fromIndex, n)
                : new Selection(cols, recent, java.util.Arrays.copyOfRange(indexes, fromIndex, toIndex), 0, n);
    }

    /** RFC 7162 §3.1.4.1 CHANGEDSINCE: only messages whose modseq is above {@code modSeq} (0: all). */
    Selection changedSince(long modSeq) {
        if (modSeq <= 0) return this;
        int[] keep = new int[size];
        int n = 0;
        for (int i = 0; i < size; i++) if (cols.modSeq(index(i)) > modSeq) keep[n++] = index(i);
        return new Selection(cols, recent, java.util.Arrays.copyOf(keep, n), 0, n);
    }

    /**
     * Only the messages whose UID is in {@code uids} (a search's candidates), walking the UID column beside the
     * sorted candidates: no entry is made for the messages left out.
     */
    Selection withUids(java.util.Set<Long> uids) {
        long[] wanted = new long[uids.size()];
        int k = 0;
        for (long u : uids) wanted[k++] = u;
        java.util.Arrays.sort(wanted);
        int[] keep = new int[Math.min(size, wanted.length)];
        int n = 0, w = 0;
        for (int i = 0; i < size && w < wanted.length; i++) {
            long uid = cols.uid(index(i));
            while (w < wanted.length && wanted[w] < uid) w++;
            if (w < wanted.length && wanted[w] == uid) keep[n++] = index(i);
        }
        return new Selection(cols, recent, java.util.Arrays.copyOf(keep, n), 0, n);
    }

    /** {@code FLAGS (...)} of the i-th message, rendered once per flag combination. */
    byte[] renderedFlags(int i) { return cols.flagSets().rendered(flagsId(i), recent(i)); }

    /** Sequence number of the i-th message. */
    public int seq(int i) { return index(i) + 1; }

    public long uid(int i) { return cols.uid(index(i)); }

    public long modSeq(int i) { return cols.modSeq(index(i)); }

    public long messageSize(int i) { return cols.size(index(i)); }

    public long dateMillis(int i) { return cols.dateMillis(index(i)); }

    public boolean recent(int i) { return recent.contains(uid(i)); }

    int flagsId(int i) { return cols.flagsId(index(i)); }

    FlagSets flagSets() { return cols.flagSets(); }
}
