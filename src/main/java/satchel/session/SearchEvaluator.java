package satchel.session;

import satchel.protocol.SearchKey;

/** Evaluates RFC 3501 §6.4.4 search keys against one message. */
public final class SearchEvaluator {
    /** {@code maxSeq}/{@code maxUid} give {@code *} its meaning; {@code saved} is the RFC 5182 "$" result (UIDs), may be empty. */
    public record Context(long maxSeq, long maxUid, java.util.Set<Long> saved) {}

    private SearchEvaluator() {}

    public static boolean matches(SearchKey key, MessageData m, Context ctx) {
        throw new UnsupportedOperationException("mime helper");
    }
}
