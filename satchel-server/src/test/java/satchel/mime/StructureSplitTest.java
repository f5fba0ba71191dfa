package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The structure FETCH reads and the search data SEARCH reads are stored apart and put back together exactly. */
class StructureSplitTest {
    static final List<String> MESSAGES = List.of(MimeCorpus.PLAIN, MimeCorpus.ALTERNATIVE,
            "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\nDate: Tue, 3 Mar 2020 10:00:00 +0100\n\nStraße\n", "no header at all");

    @Test
    void splitAndJoinRoundTrip() {
        for (String text : MESSAGES) {
            MessageStructure s = MessageStructure.parse(MimeCorpus.crlf(text));
            MessageStructure lean = MessageStructure.fromBytes(s.withoutSearchData().toBytes());
            assertThat(lean.hasSearchData()).isFalse();
            assertThat(lean.envelope()).isEqualTo(s.envelope());
            assertThat(lean.root()).isEqualTo(s.root());
            assertThat(lean.sentDate()).isEqualTo(s.sentDate());
            assertThat(lean.withSearchData(s.searchDataBytes())).isEqualTo(s);
            assertThat(MessageStructure.fromBytes(s.toBytes())).isEqualTo(s);
            assertThat(s.withoutSearchData().toBytes().length).isLessThan(s.toBytes().length);
        }
    }

    @Test
    void aLeanStructureRefusesSearchQuestions() {
        MessageStructure lean = MessageStructure.parse(MimeCorpus.crlf(MimeCorpus.PLAIN)).withoutSearchData();
        assertThatThrownBy(lean::searchText).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lean::searchHeaders).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(lean::searchDataBytes).isInstanceOf(IllegalStateException.class);
        assertThat(lean.searchHeadersTruncated()).isFalse();
    }

    @Test
    void corruptSearchDataIsReportedAsSuch() {
        MessageStructure lean = MessageStructure.parse(MimeCorpus.crlf(MimeCorpus.PLAIN)).withoutSearchData();
        assertThatThrownBy(() -> lean.withSearchData(new byte[] {1, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lean.withSearchData(new byte[] {7})).isInstanceOf(IllegalArgumentException.class);
    }

    /** Databases written before the split hold version 1: search data inline, sent date last. */
    @Test
    void versionOneFormIsStillRead() throws java.io.IOException {
        for (String text : MESSAGES) {
            MessageStructure s = MessageStructure.parse(MimeCorpus.crlf(text));
            assertThat(MessageStructure.fromBytes(versionOne(s))).isEqualTo(s);
        }
    }

    /** Rebuilds the version 1 layout from the version 2 pieces (see StructureCodec). */
    private static byte[] versionOne(MessageStructure s) throws java.io.IOException {
        byte[] full = withoutSections(s, s.toBytes()), lean = withoutSections(s, s.withoutSearchData().toBytes());
        byte[] envelopeAndParts = Arrays.copyOfRange(lean, 1, lean.length - 10);
        byte[] sent = Arrays.copyOfRange(lean, lean.length - 10, lean.length - 2);
        byte truncated = lean[lean.length - 2];
        byte[] search = Arrays.copyOfRange(full, lean.length, full.length);
        int textBytes = 4 + s.searchText().getBytes(StandardCharsets.UTF_8).length;
        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        v1.write(1);
        v1.writeBytes(envelopeAndParts);
        v1.write(search, 0, search.length - textBytes); // header fields
        v1.write(truncated);
        v1.write(search, search.length - textBytes, textBytes); // text
        v1.writeBytes(sent);
        return v1.toByteArray();
    }

    /** Version 3 minus its tagged sections (the sort fields, then the end marker) is the version 2 layout. */
    private static byte[] withoutSections(MessageStructure s, byte[] v3) throws java.io.IOException {
        return Arrays.copyOf(v3, v3.length - (1 + 4 + StructureCodec.sortFieldsBytes(s.sortFields()).length + 1));
    }
}
