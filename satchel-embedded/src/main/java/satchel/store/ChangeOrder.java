package satchel.store;

import java.util.Comparator;

/** The order {@link UserMail#changesSince} reports in: modseq, then UID. */
public final class ChangeOrder {
    private ChangeOrder() {}

    public static final Comparator<Change> BY_MODSEQ =
            Comparator.comparingLong(Change::modSeq).thenComparingLong(ChangeOrder::uid);

    public static long uid(Change c) {
        return switch (c) {
            case Change.Added a -> a.message().uid();
            case Change.FlagsChanged f -> f.message().uid();
            case Change.Expunged e -> e.uid();
        };
    }
}
