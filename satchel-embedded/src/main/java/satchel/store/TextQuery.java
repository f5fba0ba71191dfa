package satchel.store;

/**
 * One text term of a SEARCH, as a store's full-text index sees it: a HEADER field (BCC, CC, FROM, TO and
 * SUBJECT are header names), BODY or TEXT, and the string searched for as the client sent it. Matching is the
 * session's business; an index only narrows down which messages it has to look at.
 */
public record TextQuery(Scope scope, String field, String text) {
    public enum Scope { HEADER, BODY, TEXT }

    public TextQuery {
        if (scope == null || text == null || (scope == Scope.HEADER) == (field == null)) {
            throw new IllegalArgumentException("a HEADER term needs a field, BODY and TEXT terms none");
        }
    }

    public static TextQuery header(String field, String text) { return new TextQuery(Scope.HEADER, field, text); }

    public static TextQuery body(String text) { return new TextQuery(Scope.BODY, null, text); }

    public static TextQuery text(String text) { return new TextQuery(Scope.TEXT, null, text); }
}
