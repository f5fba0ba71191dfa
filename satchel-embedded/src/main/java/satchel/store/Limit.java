package satchel.store;

/**
 * One resource limit of a quota (RFC 9208 §5): none, or at most {@code value} (bytes for STORAGE, a count for
 * MESSAGE). A type rather than a sentinel such as -1, so "unlimited" cannot be mistaken for a number.
 */
public sealed interface Limit {
    Limit UNLIMITED = new Unlimited();

    record Unlimited() implements Limit {}

    record AtMost(long value) implements Limit {
        public AtMost {
            if (value < 0) throw new IllegalArgumentException("a limit must not be negative");
        }
    }

    /** Whether usage {@code total} is within the limit. */
    default boolean allows(long total) {
        return switch (this) {
            case Unlimited _ -> true;
            case AtMost(long value) -> total <= value;
        };
    }
}
