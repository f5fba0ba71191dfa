package satchel.session;

import java.util.List;
import satchel.mime.Address;
import satchel.mime.Envelope;
import satchel.mime.Param;
import satchel.mime.Part;
import satchel.mime.PartBody;
import satchel.wire.Response;

/**
 * RFC 3501 §7.4.2 / RFC 9051 §7.5.2 BODY, BODYSTRUCTURE and ENVELOPE values. Parts inside a multipart and
 * addresses inside a list follow each other without a space (body-type-mpart = 1*body SP media-subtype), so
 * those opening parentheses go out through {@link Response#raw}.
 */
final class BodyStructureWriter {
    private BodyStructureWriter() {}

    /** {@code extensible}: BODYSTRUCTURE (with extension data) rather than BODY. */
    static void write(Response r, Part p, boolean extensible) {
        part(r, p, extensible, false);
    }

    private static void part(Response r, Part p, boolean ext, boolean tight) {
        if (tight) r.raw("(");
        else r.open();
        switch (p.body()) {
            case PartBody.Multipart mp -> {
                for (Part c : mp.parts()) part(r, c, ext, true);
                r.string(p.subtype());
                if (ext) {
                    params(r, p.params());
                    extension(r, p);
                }
            }
            case PartBody.Message m -> {
                basic(r, p);
                envelope(r, m.envelope());
                part(r, m.message(), ext, false);
                r.number(m.lines());
                if (ext) {
                    r.nstring(p.md5());
                    extension(r, p);
                }
            }
            case PartBody.Single s -> {
                basic(r, p);
                if (p.isText()) r.number(s.lines());
                if (ext) {
                    r.nstring(p.md5());
                    extension(r, p);
                }
            }
        }
        r.close();
    }

    private static void basic(Response r, Part p) {
        r.string(p.type()).string(p.subtype());
        params(r, p.params());
        r.nstring(p.id()).nstring(p.description()).string(p.encoding()).number(p.bodyLength());
    }

    /** body-ext-1part / body-ext-mpart after MD5 or params: disposition, language, location. */
    private static void extension(Response r, Part p) {
        if (p.disposition() == null) r.nil();
        else {
            r.open().string(p.disposition().type());
            params(r, p.disposition().params());
            r.close();
        }
        List<String> lang = p.language();
        if (lang.isEmpty()) r.nil();
        else if (lang.size() == 1) r.string(lang.getFirst());
        else {
            r.open();
            for (String l : lang) r.string(l);
            r.close();
        }
        r.nstring(p.location());
    }

    private static void params(Response r, List<Param> params) {
        if (params.isEmpty()) {
            r.nil();
            return;
        }
        r.open();
        for (Param p : params) r.string(p.name()).string(p.value());
        r.close();
    }

    static void envelope(Response r, Envelope e) {
        r.open().nstring(e.date()).nstring(e.subject());
        for (List<Address> l : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) addresses(r, l);
        r.nstring(e.inReplyTo()).nstring(e.messageId()).close();
    }

    private static void addresses(Response r, List<Address> list) {
        if (list.isEmpty()) {
            r.nil();
            return;
        }
        r.open();
        for (Address a : list) r.raw("(").nstring(a.name()).nstring(a.adl()).nstring(a.mailbox()).nstring(a.host()).close();
        r.close();
    }
}
