package satchel.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModifiedUtf7Test {
    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource(delimiter = '|', value = {
            "INBOX|INBOX",
            "a&b|a&-b",
            "Entwürfe|Entw&APw-rfe",
            "~peter/mail/台北/日本語|~peter/mail/&U,BTFw-/&ZeVnLIqe-",   // RFC 3501 §5.1.3 example
            "台北日本語|&U,BTF2XlZyyKng-",
            "€|&IKw-",
            "😀|&2D3eAA-",
            "ä&ö|&AOQ-&-&APY-"})
    void encodesAndDecodes(String name, String wire) {
        assertThat(ModifiedUtf7.encode(name)).isEqualTo(wire);
        assertThat(ModifiedUtf7.decode(wire)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"&", "&Jjo", "&AGE-", "&U,BTFw-&ZeVnLIqe-", "&2D0-", "a\u0001b", "&AOQ", "&A-", "&AOQ!-"})
    void rejectsInvalid(String wire) {
        assertThatIllegalArgumentException().isThrownBy(() -> ModifiedUtf7.decode(wire));
    }

    @Property
    void roundTripsAnyWellFormedString(@ForAll String name) {
        Assume.that(wellFormed(name));
        String wire = ModifiedUtf7.encode(name);
        assertThat(wire.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(ModifiedUtf7.decode(wire)).isEqualTo(name);
    }

    static boolean wellFormed(String s) {
        return s.codePoints().noneMatch(cp -> cp >= 0xd800 && cp <= 0xdfff);
    }
}
