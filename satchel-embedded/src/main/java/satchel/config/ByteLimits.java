package satchel.config;

/**
 * Byte budgets after login: longest command line, longest literal outside APPEND, longest APPEND message, and
 * the server-wide heap for whole messages at once ({@code messageMemoryBytes}, see
 * {@link satchel.session.MessageMemory}). The limits before login stay at the strict built-in values.
 */
public record ByteLimits(int lineBytes, long literalBytes, long appendBytes, long messageMemoryBytes) {
    public static final long DEFAULT_MESSAGE_MEMORY = satchel.session.MessageMemory.DEFAULT_CAPACITY;

    public ByteLimits {
        if (lineBytes < 1024) throw new IllegalArgumentException("limits.line-bytes must be at least 1024");
        if (literalBytes < 1024) throw new IllegalArgumentException("limits.literal-bytes must be at least 1024");
        if (appendBytes < 1024) throw new IllegalArgumentException("limits.append-bytes must be at least 1024");
        if (messageMemoryBytes < 1 << 20 || messageMemoryBytes / 1024 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("limits.message-memory-bytes must be between 1M and 2T");
        }
    }

    public ByteLimits(int lineBytes, long literalBytes, long appendBytes) {
        this(lineBytes, literalBytes, appendBytes, DEFAULT_MESSAGE_MEMORY);
    }

    public static ByteLimits defaults() {
        var after = satchel.wire.Limits.AFTER_LOGIN;
        return new ByteLimits(after.lineBytes(), after.literalBytes(), after.appendBytes());
    }

    public ByteLimits withLineBytes(int n) { return new ByteLimits(n, literalBytes, appendBytes, messageMemoryBytes); }

    public ByteLimits withLiteralBytes(long n) { return new ByteLimits(lineBytes, n, appendBytes, messageMemoryBytes); }

    public ByteLimits withAppendBytes(long n) { return new ByteLimits(lineBytes, literalBytes, n, messageMemoryBytes); }

    public ByteLimits withMessageMemoryBytes(long n) { return new ByteLimits(lineBytes, literalBytes, appendBytes, n); }
}
