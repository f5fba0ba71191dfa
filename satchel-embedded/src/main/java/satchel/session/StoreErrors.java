package satchel.session;

import satchel.store.StoreException;

/** Maps store failures to RFC 5530 response codes; the store's message is already safe to show. */
final class StoreErrors {
    private StoreErrors() {}

    static void no(Replies out, StoreException e) {
        String code = switch (e.kind()) {
            case NONEXISTENT -> "NONEXISTENT";
            case ALREADY_EXISTS -> "ALREADYEXISTS";
            case CANNOT -> "CANNOT";
            case TRYCREATE -> "TRYCREATE";
            case OVER_QUOTA -> "OVERQUOTA";
            case LIMIT -> "LIMIT";
            case SERVER_BUG -> "SERVERBUG";
            case UNAVAILABLE -> "UNAVAILABLE";
            case EXPUNGED -> "EXPUNGEISSUED";
        };
        out.no(code, e.getMessage());
    }
}
