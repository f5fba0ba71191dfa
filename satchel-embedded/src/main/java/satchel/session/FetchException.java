package satchel.session;

/**
 * A FETCH item that cannot be answered, to be reported as a tagged NO with {@link #code} (e.g. RFC 3516
 * UNKNOWN-CTE for BINARY of a part whose encoding the server cannot undo).
 */
final class FetchException extends RuntimeException {
    private final String code;

    FetchException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** The response code, without brackets. */
    String code() { return code; }
}
