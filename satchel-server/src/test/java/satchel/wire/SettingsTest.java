package satchel.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One settings value per session decides how the writer spells mailbox names (RFC 9051 §5.1, RFC 6855 §3). */
class SettingsTest {
    @Test
    void qresyncImpliesCondstore() {
        assertThat(Settings.IMAP4REV1.withQresync().condstore()).isTrue();
        assertThat(new Settings(false, false, false, true)).isEqualTo(Settings.IMAP4REV1.withQresync());
    }

    @Test
    void utf8NamesOnceEitherRev2OrUtf8AcceptIsOn() {
        assertThat(Settings.IMAP4REV1.utf8()).isFalse();
        assertThat(Settings.IMAP4REV1.withCondstore().utf8()).isFalse();
        assertThat(Settings.IMAP4REV1.withImap4rev2().utf8()).isTrue();
        assertThat(Settings.IMAP4REV1.withUtf8Accept().utf8()).isTrue();
    }

    @Test
    void theWriterSpellsMailboxNamesByTheSessionsSettings() throws Exception {
        Response r = Response.untagged().atom("LIST").raw(" () \"/\"").mailbox("Entwürfe/\"Q\"").atom("X");
        assertThat(written(r, Settings.IMAP4REV1)).isEqualTo("* LIST () \"/\" \"Entw&APw-rfe/\\\"Q\\\"\" X\r\n");
        assertThat(written(r, Settings.IMAP4REV1.withImap4rev2())).isEqualTo("* LIST () \"/\" \"Entwürfe/\\\"Q\\\"\" X\r\n");
        assertThat(written(r, Settings.IMAP4REV1.withUtf8Accept())).isEqualTo("* LIST () \"/\" \"Entwürfe/\\\"Q\\\"\" X\r\n");
        assertThat(written(Response.untagged().mailbox("INBOX"), Settings.IMAP4REV1.withImap4rev2())).isEqualTo("* INBOX\r\n");
        assertThat(written(Response.untagged().mailbox("a&b"), Settings.IMAP4REV1)).isEqualTo("* a&-b\r\n");
        assertThat(written(Response.untagged().mailbox("a&b"), Settings.IMAP4REV1.withImap4rev2())).isEqualTo("* a&b\r\n");
    }

    @Test
    void bytesWrittenCountTheEncodedName() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseWriter w = new ResponseWriter(out);
        w.setSettings(Settings.IMAP4REV1.withImap4rev2());
        w.send(Response.untagged().mailbox("ü"));
        assertThat(w.bytesWritten()).isEqualTo(out.size());
    }

    private static String written(Response r, Settings settings) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResponseWriter w = new ResponseWriter(out);
        w.setSettings(settings);
        w.send(r);
        return out.toString(StandardCharsets.UTF_8);
    }
}
