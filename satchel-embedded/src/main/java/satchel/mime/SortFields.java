package satchel.mime;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What SORT (RFC 5256, RFC 5957) and THREAD (RFC 5256) need of a message, derived once when it is stored so that
 * sorting a large mailbox reads no message text. String keys are already in the i;unicode-casemap form
 * ({@link Casemap}); an absent field is the empty string, which sorts first (RFC 5256 §3).
 *
 * @param subject the RFC 5256 §2.1 base subject as a collation key
 * @param replyOrForward whether base-subject extraction removed a reply or forward marker (REFERENCES step 5)
 * @param sent the RFC 5256 §2.2 sent date in UTC; null when the Date field is missing or unreadable
 * @param from addr-mailbox of the first From address (likewise {@code to}, {@code cc})
 * @param displayFrom RFC 5957 §3 display name of the first From address (likewise {@code displayTo})
 * @param messageId the normalised Message-ID ({@link MessageIds}), null when missing or invalid
 * @param references RFC 5256 §3 REFERENCES: the ids of References, or else the first id of In-Reply-To
 */
public record SortFields(String subject, boolean replyOrForward, Instant sent, String from, String to, String cc,
                         String displayFrom, String displayTo, String messageId, List<String> references) {
    public SortFields {
        references = List.copyOf(references);
    }

    public Optional<Instant> sentDate() { return Optional.ofNullable(sent); }

    /**
     * From the envelope (which keeps Subject, Date, addresses, In-Reply-To and Message-ID as sent) and the raw
     * References field ({@code null} if absent: a structure stored before these fields existed has none).
     */
    static SortFields of(Envelope e, String referencesField) {
        BaseSubject base = BaseSubject.of(e.subject());
        List<String> refs = MessageIds.all(referencesField);
        if (refs.isEmpty()) {
            String parent = MessageIds.first(e.inReplyTo());
            refs = parent == null ? List.of() : List.of(parent);
        }
        return new SortFields(Casemap.key(base.text()), base.replyOrForward(), SentTime.parse(e.date()),
                Casemap.key(mailbox(e.from())), Casemap.key(mailbox(e.to())), Casemap.key(mailbox(e.cc())),
                Casemap.key(display(e.from())), Casemap.key(display(e.to())), MessageIds.first(e.messageId()), refs);
    }

    /**
     * RFC 5256 §3: the addr-mailbox of the first address, or "". A group's first envelope address is its start
     * marker, whose addr-mailbox is the group name (RFC 3501 §7.4.2): that is what sorts, as in Dovecot.
     */
    private static String mailbox(List<Address> list) {
        Address a = first(list);
        return a == null || a.mailbox() == null ? "" : a.mailbox();
    }

    /**
     * RFC 5957 §3: the display name of the first address, RFC 2047 decoded; if it has none, its addr-spec
     * (mailbox@host); "" if there is no address. A group sorts by its name (its start marker's addr-mailbox).
     */
    private static String display(List<Address> list) {
        Address a = first(list);
        if (a == null) return "";
        String name = a.name() == null ? "" : Charsets.decodeWords(a.name()).strip();
        if (!name.isEmpty()) return name;
        if (a.mailbox() == null) return "";
        return a.host() == null ? a.mailbox() : a.mailbox() + "@" + a.host();
    }

    private static Address first(List<Address> list) {
        return list.isEmpty() ? null : list.getFirst();
    }
}
