package satchel.wire;

/** RFC 3501 §5.1.3 mailbox name encoding. */
public final class ModifiedUtf7 {
    private ModifiedUtf7() {}

    public static String encode(String name) {
        throw new UnsupportedOperationException("wire helper");
    }

    /** @throws IllegalArgumentException when {@code wire} is not valid modified UTF-7 */
    public static String decode(String wire) {
        throw new UnsupportedOperationException("wire helper");
    }
}
