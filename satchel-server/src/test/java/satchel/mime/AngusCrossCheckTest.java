package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our structure against Angus Mail's parse of the same bytes: part tree, types, sizes, encodings, file names. */
class AngusCrossCheckTest {
    @ParameterizedTest
    @ValueSource(strings = {"plain", "alternative", "mixed", "nested", "signed", "calendar", "intl", "groups"})
    void sameTreeAsAngusMail(String name) throws Exception {
        byte[] bytes = MimeCorpus.wellFormed().get(name);
        MimeMessage angus = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        List<String> theirs = new ArrayList<>();
        walkAngus(angus, theirs);
        List<String> ours = new ArrayList<>();
        walkOurs(MessageStructure.parse(bytes).root(), ours);
        assertThat(ours).isEqualTo(theirs);
    }

    private static void walkAngus(MimePart p, List<String> out) throws Exception {
        String type = new ContentType(p.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        String enc = p.getEncoding() == null ? "7bit" : p.getEncoding().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            out.add(type);
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                walkAngus((MimePart) child, out);
            }
        } else {
            String filename = p.getFileName();
            out.add(type + " " + p.getSize() + " " + enc + " " + filename);
            if (type.equals("message/rfc822")) walkAngus((MimeMessage) p.getContent(), out);
        }
    }

    private static void walkOurs(Part p, List<String> out) {
        switch (p.body()) {
            case PartBody.Multipart mp -> {
                out.add(p.mimeType());
                for (Part c : mp.parts()) walkOurs(c, out);
            }
            case PartBody.Message m -> {
                out.add(line(p));
                walkOurs(m.message(), out);
            }
            case PartBody.Single _ -> out.add(line(p));
        }
    }

    private static String line(Part p) {
        return p.mimeType() + " " + p.bodyLength() + " " + p.encoding().toLowerCase(Locale.ROOT) + " " + p.filename();
    }
}
