package satchel.config;

import satchel.store.Limit;

/**
 * Quota limits as the configuration file and {@code satchel quota set} write them: {@code unlimited}, a size for
 * STORAGE (as every other size: 500M, 2G, 10240K; bytes without a unit) or a whole number of messages.
 */
public final class QuotaValues {
    private QuotaValues() {}

    public static Limit storage(String v) {
        if (v.equalsIgnoreCase("unlimited")) return Limit.UNLIMITED;
        try {
            return new Limit.AtMost(ConfigFile.size(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a size like 500M or 2G, or unlimited, got \"" + v + "\"");
        }
    }

    public static Limit messages(String v) {
        if (v.equalsIgnoreCase("unlimited")) return Limit.UNLIMITED;
        if (!v.matches("\\d{1,15}")) {
            throw new IllegalArgumentException("expected a number of messages or unlimited, got \"" + v + "\"");
        }
        return new Limit.AtMost(Long.parseLong(v));
    }

    /** As {@link #storage} reads it back: the largest exact binary unit. */
    public static String storage(Limit l) {
        return switch (l) {
            case Limit.Unlimited _ -> "unlimited";
            case Limit.AtMost(long v) -> ConfigPrinter.size(v);
        };
    }

    public static String messages(Limit l) {
        return switch (l) {
            case Limit.Unlimited _ -> "unlimited";
            case Limit.AtMost(long v) -> Long.toString(v);
        };
    }
}
