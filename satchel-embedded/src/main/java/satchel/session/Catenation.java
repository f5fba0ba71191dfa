package satchel.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import satchel.auth.UserNames;
import satchel.mime.MessageStructure;
import satchel.protocol.Command.CatPart;
import satchel.protocol.ImapUrl;
import satchel.store.MailboxInfo;
import satchel.store.StoreException;

/**
 * The octets of one APPEND message (RFC 4469 §3): its literal, or its CATENATE parts joined in order, each URL
 * replaced by the octets FETCH BODY[section]&lt;partial&gt; would return, unchanged and without setting \Seen.
 * URLs may name only the user's own mail: relative ones ({@code /mailbox...}, or {@code ;UID=...} in the selected
 * mailbox) and absolute {@code imap://} ones whose user is the one logged in. The host of an absolute URL is not
 * compared with the server's names, which the server cannot all know: the user check alone decides whose mail
 * is read, and it is always the caller's.
 */
final class Catenation {
    private Catenation() {}

    /** A URL that names nothing readable: NO [BADURL url] (§4.1). */
    static final class BadUrl extends Exception {
        final String url;

        BadUrl(String url, String why) {
            super(why);
            this.url = url;
        }

        /** url-resp-text has no "]" (§5); one inside the URL goes %-encoded. */
        String code() {
            return "BADURL " + url.replace("]", "%5D");
        }
    }

    /** The joined message would be larger than {@code limit}: NO [TOOBIG] (§4.2). */
    static final class TooBig extends Exception {
        TooBig(long limit) { super("The message would be larger than " + limit + " bytes"); }
    }

    /**
     * The message; {@code selected} is the selected mailbox (the base of {@code ;UID=} URLs), {@code limit} bounds
     * the result, so a few URLs to large messages cannot build an unbounded one.
     */
    static byte[] join(UserContext user, Optional<MailboxView> selected, List<CatPart> parts, long limit)
            throws IOException, BadUrl, TooBig, StoreException {
        if (parts.size() == 1 && parts.getFirst() instanceof CatPart.Text t) return t.literal().bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (CatPart p : parts) {
            SectionSlicer.Slice s = switch (p) {
                case CatPart.Text t -> {
                    byte[] b = t.literal().bytes();
                    yield new SectionSlicer.Slice(b, 0, b.length);
                }
                case CatPart.Url u -> read(user, selected, u.url());
            };
            if ((long) out.size() + s.len() > limit) throw new TooBig(limit);
            out.write(s.data(), s.off(), s.len());
        }
        return out.toByteArray();
    }

    private static SectionSlicer.Slice read(UserContext user, Optional<MailboxView> selected, String url)
            throws BadUrl, StoreException {
        ImapUrl u;
        try {
            u = ImapUrl.parse(url);
        } catch (ImapUrl.Invalid e) {
            throw new BadUrl(url, e.getMessage());
        }
        if (u.user().isPresent() && !UserNames.normalize(u.user().get()).equals(user.user().name())) {
            throw new BadUrl(url, "URLs may name only your own mail");
        }
        Optional<MailboxInfo> box = u.mailbox().isPresent() ? user.mail().find(u.mailbox().get())
                : selected.map(MailboxView::info);
        if (box.isEmpty()) {
            throw new BadUrl(url, u.mailbox().isPresent() ? "No such mailbox" : "No mailbox selected for a relative URL");
        }
        MailboxInfo m = box.get();
        if (u.uidValidity().isPresent() && u.uidValidity().getAsLong() != m.uidValidity()) {
            throw new BadUrl(url, "UIDVALIDITY does not match the mailbox");
        }
        // In the selected mailbox a message the client was told is expunged is gone for it, even while the store
        // still keeps its bytes for other readers (on a database shared by nodes, for some seconds).
        if (selected.isPresent() && selected.get().info().id().equals(m.id()) && !selected.get().shows(u.uid())) {
            throw new BadUrl(url, "No message with that UID");
        }
        byte[] content;
        MessageStructure structure;
        try {
            content = user.mail().content(m.id(), u.uid());
            structure = u.section().part().isEmpty() && u.section().text() == satchel.protocol.FetchItem.SectionText.NONE
                    ? null : user.mail().fetchStructures(m.id(), List.of(u.uid())).get(u.uid());
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.NONEXISTENT || e.kind() == StoreException.Kind.EXPUNGED) {
                throw new BadUrl(url, "No message with that UID");
            }
            throw e;
        }
        if (structure == null && u.section() != null && !(u.section().part().isEmpty()
                && u.section().text() == satchel.protocol.FetchItem.SectionText.NONE)) {
            throw new BadUrl(url, "No message with that UID");
        }
        if (!u.section().part().isEmpty() && structure.part(u.section().part()).isEmpty()) {
            throw new BadUrl(url, "No such body part");
        }
        SectionSlicer.Slice s = SectionSlicer.slice(structure, content, u.section());
        return u.partial().map(p -> s.partial(p.origin(), p.count())).orElse(s);
    }
}
