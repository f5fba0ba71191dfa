package satchel.config;

/**
 * Byte budgets after login: longest command line, longest literal outside APPEND, longest APPEND message.
 * The limits before login stay at the strict built-in values.
 */
public record ByteLimits(int lineBytes, long literalBytes, long appendBytes) {
    public ByteLimits {
        if (lineBytes < 1024) throw new IllegalArgumentException("limits.line-bytes must be at least 1024");
        if (literalBytes < 1024) throw new IllegalArgumentException("limits.literal-bytes must be at least 1024");
        if (appendBytes < 1024) throw new IllegalArgumentException("limits.append-bytes must be at least 1024");
    }

    public static ByteLimits defaults() {
        var after = satchel.wire.Limits.AFTER_LOGIN;
        return new ByteLimits(after.lineBytes(), after.literalBytes(), after.appendBytes());
    }
}
