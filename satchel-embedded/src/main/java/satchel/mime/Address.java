package satchel.mime;

/**
 * One RFC 3501 §7.4.2 envelope address: (name adl mailbox host). A group start is (NIL NIL "group" NIL),
 * a group end is all NIL; {@code name} is the display name as sent (RFC 2047 words are not decoded).
 */
public record Address(String name, String adl, String mailbox, String host) {
    public static Address groupStart(String group) { return new Address(null, null, group, null); }

    public static final Address GROUP_END = new Address(null, null, null, null);
}
