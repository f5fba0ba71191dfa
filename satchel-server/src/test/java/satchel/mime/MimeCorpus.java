package satchel.mime;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Real-looking and deliberately broken messages, generated here so tests can state exact expectations. */
public final class MimeCorpus {
    private MimeCorpus() {}

    /** Text with LF line ends as CRLF bytes (the wire form). */
    public static byte[] crlf(String s) {
        return s.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    public static String b64(String s, Charset cs) {
        return Base64.getEncoder().encodeToString(s.getBytes(cs));
    }

    /** RFC 3501 §6.3.11's APPEND example. */
    public static final String PLAIN = """
            Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)
            From: Fred Foobar <foobar@Blurdybloop.example>
            Subject: afternoon meeting
            To: mooch@owatagu.siam.example
            Message-Id: <B27397-0100000@Blurdybloop.example>
            MIME-Version: 1.0
            Content-Type: TEXT/PLAIN; CHARSET=US-ASCII

            Hello Joe, do you think we can meet at 3:30 tomorrow?
            """;

    public static final String ALTERNATIVE = """
            From: "Ann Example" <ann@example.org>
            To: Bob <bob@example.net>, carol@example.net
            Cc: "Dave, Jr." <dave@example.com>
            Subject: Lunch
            Date: Tue, 3 Mar 2020 10:00:00 +0100
            Message-ID: <alt-1@example.org>
            In-Reply-To: <prev@example.net>
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            This is a multi-part message in MIME format.
            --b1
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Shall we meet at the caf=C3=A9 at noon? It's a long line that is soft =
            wrapped.
            --b1
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            <p>Shall we meet at the <b>caf=C3=A9</b>?</p>
            --b1--
            """;

    public static final String MIXED = """
            From: ann@example.org
            To: bob@example.net
            Subject: Report
            Date: Wed, 4 Mar 2020 09:30:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: text/plain

            See the attached report.
            --outer
            Content-Type: application/pdf; name="report.pdf"
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="report.pdf"; size=12
            Content-ID: <pdf1@example.org>
            Content-Description: Quarterly report

            JVBERi0xLjQKJeLjz9MK
            --outer
            Content-Type: text/plain; charset=iso-8859-1
            Content-Disposition: attachment; filename*=iso-8859-1''r%E9sum%E9.txt
            Content-Language: fr, en
            Content-Location: http://example.org/resume
            Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
            Content-Transfer-Encoding: quoted-printable

            Le r=E9sum=E9 est pr=EAt.
            --outer--
            """;

    public static final String NESTED = """
            From: ann@example.org
            To: bob@example.net
            Subject: Fwd: Lunch
            Date: Thu, 5 Mar 2020 08:00:00 -0500
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="fwd"

            --fwd
            Content-Type: text/plain; charset=us-ascii

            Forwarding this.
            --fwd
            Content-Type: message/rfc822
            Content-Disposition: inline

            From: Carol <carol@example.net>
            To: ann@example.org
            Subject: Inner
            Date: Mon, 2 Mar 2020 12:00:00 +0000
            Message-ID: <inner@example.net>
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain

            inner plain
            --inner
            Content-Type: text/html

            <i>inner html</i>
            --inner--

            --fwd--
            """;

    public static final String SIGNED = """
            From: signer@example.org
            To: bob@example.net
            Subject: Signed
            MIME-Version: 1.0
            Content-Type: multipart/signed; micalg=pgp-sha256;
             protocol="application/pgp-signature"; boundary="sig"

            --sig
            Content-Type: text/plain; charset=us-ascii
            Content-Transfer-Encoding: 7bit

            Signed text.
            --sig
            Content-Type: application/pgp-signature; name="signature.asc"
            Content-Description: OpenPGP digital signature
            Content-Disposition: attachment; filename="signature.asc"

            -----BEGIN PGP SIGNATURE-----
            iQEzBAEBCAAdFiEE
            -----END PGP SIGNATURE-----
            --sig--
            """;

    public static final String CALENDAR = """
            From: Organizer <org@example.com>
            To: guest@example.net
            Subject: Invitation: Planning
            Date: Fri, 6 Mar 2020 15:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="cal"

            --cal
            Content-Type: text/plain; charset=UTF-8

            You are invited to Planning.
            --cal
            Content-Type: text/calendar; charset=UTF-8; method=REQUEST
            Content-Transfer-Encoding: 7bit

            BEGIN:VCALENDAR
            METHOD:REQUEST
            BEGIN:VEVENT
            SUMMARY:Planning
            DTSTART:20200310T100000Z
            END:VEVENT
            END:VCALENDAR
            --cal--
            """;

    /** Encoded words in UTF-8, ISO-8859-1 and Shift_JIS; bodies in ISO-8859-1 QP and UTF-8 base64. */
    public static String intl() {
        return """
            From: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>
            To: =?Shift_JIS?B?%s?= <yamada@example.jp>
            Subject: =?UTF-8?B?%s?=
            Date: Sat, 7 Mar 2020 07:07:07 +0900
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="i18n"

            --i18n
            Content-Type: text/plain; charset=ISO-8859-1
            Content-Transfer-Encoding: quoted-printable

            Voil=E0 le caf=E9 cr=E8me.
            --i18n
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: base64

            %s
            --i18n--
            """.formatted(b64("山田太郎", Charset.forName("Shift_JIS")), b64("Grüße aus Köln", StandardCharsets.UTF_8),
                b64("Straße in München, Ελληνικά\n", StandardCharsets.UTF_8));
    }

    public static final String GROUPS = """
            From: ann@example.org
            To: undisclosed-recipients:;
            Cc: Friends: a@example.com, "Quoted, Name" <b@example.com>;, c@example.com
            Bcc: hidden@example.com (Hidden Person)
            Reply-To: <>
            Subject: Groups
            Date: 8 Mar 20 12:00 GMT

            body
            """;

    // ---- broken ----

    public static final String MISSING_FINAL_BOUNDARY = """
            Subject: truncated
            Content-Type: multipart/mixed; boundary=x

            --x
            Content-Type: text/plain

            one
            --x
            Content-Type: text/plain

            two, never closed
            """;

    public static final String NO_BOUNDARY = """
            Subject: no boundary
            Content-Type: multipart/mixed

            --x
            just text
            """;

    /** Raw 8-bit header bytes: UTF-8 subject, ISO-8859-1 display name. */
    public static byte[] eightBitHeaders() {
        byte[] a = crlf("Subject: Grüße\nFrom: ");
        byte[] name = "Andr\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        byte[] c = crlf(" <andre@example.org>\nContent-Type: text/plain; charset=utf-8\n\nHällo\n");
        byte[] out = new byte[a.length + name.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(name, 0, out, a.length, name.length);
        System.arraycopy(c, 0, out, a.length + name.length, c.length);
        return out;
    }

    /** The ALTERNATIVE message with bare LF line ends, as some tools store mail. */
    public static byte[] bareLf() {
        return ALTERNATIVE.getBytes(StandardCharsets.UTF_8);
    }

    /** multipart inside multipart, {@code depth} levels deep. */
    public static byte[] deepNesting(int depth) {
        StringBuilder b = new StringBuilder("Subject: deep\n");
        for (int i = 0; i < depth; i++) b.append("Content-Type: multipart/mixed; boundary=d").append(i).append("\n\n--d").append(i).append('\n');
        b.append("Content-Type: text/plain\n\nbottom\n");
        for (int i = depth - 1; i >= 0; i--) b.append("--d").append(i).append("--\n");
        return crlf(b.toString());
    }

    public static byte[] hugeHeader() {
        StringBuilder b = new StringBuilder("Subject: huge\nX-Big: ");
        for (int i = 0; i < 1024 * 1024 / 64; i++) b.append("0123456789abcdef0123456789abcdef0123456789abcdef012345678901\n ");
        b.append("end\nTo: last@example.org\n\nbody\n");
        return crlf(b.toString());
    }

    public static final String NO_BLANK_LINE = "Subject: headers only\nFrom: a@example.org";

    public static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The well-formed messages, by name, as CRLF bytes. */
    public static Map<String, byte[]> wellFormed() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("plain", crlf(PLAIN));
        m.put("alternative", crlf(ALTERNATIVE));
        m.put("mixed", crlf(MIXED));
        m.put("nested", crlf(NESTED));
        m.put("signed", crlf(SIGNED));
        m.put("calendar", crlf(CALENDAR));
        m.put("intl", crlf(intl()));
        m.put("groups", crlf(GROUPS));
        return m;
    }
}
