package satchel.protocol;

import java.util.Set;

/** How a SEARCH asks for its result. */
public sealed interface SearchReturn {
    /** No RETURN: the RFC 3501 SEARCH response (RFC 9051 §6.4.4: in IMAP4rev2, ESEARCH as if RETURN (ALL)). */
    record Plain() implements SearchReturn {}

    /**
     * RETURN (...): an ESEARCH response with these options (RFC 4731 §3.1: none means ALL), and the RFC 9394
     * PARTIAL range if one was asked for (never together with ALL, §3.1).
     */
    record Extended(Set<Option> options, java.util.Optional<PartialRange> partial) implements SearchReturn {
        public Extended {
            options = options.isEmpty() && partial.isEmpty() ? Set.of(Option.ALL) : Set.copyOf(options);
        }

        public Extended(Set<Option> options) {
            this(options, java.util.Optional.empty());
        }
    }

    /**
     * RFC 4731 §3.1 result options, RFC 5182 SAVE and RFC 5267 §4.3 UPDATE (keep the result up to date with ADDTO
     * and REMOVEFROM). The §4.2 CONTEXT hint is accepted and dropped by the parser: it asks for nothing.
     */
    enum Option { MIN, MAX, ALL, COUNT, SAVE, UPDATE }
}
