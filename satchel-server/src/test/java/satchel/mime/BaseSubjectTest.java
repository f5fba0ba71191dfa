package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 5256 §2.1 base subject extraction, one case per rule of the procedure and its ABNF. */
class BaseSubjectTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("plain", "Hello world", "Hello world", false),
                Arguments.of("(1) tabs, folding and runs of spaces become one space", "Hello\t \r\n  world", "Hello world", false),
                Arguments.of("(1) RFC 2047 words decoded", "=?iso-8859-1?q?Gr=FC=DFe?= aus Bonn", "Grüße aus Bonn", false),
                Arguments.of("(2) trailing (fwd), any case, repeated", "report (fwd) (FWD)", "report", true),
                Arguments.of("(2) trailing white space", "report   ", "report", false),
                Arguments.of("(3) Re:", "Re: lunch", "lunch", true),
                Arguments.of("(3) re, fw and fwd in any case, repeated", "RE: Fwd: fw: FW:lunch", "lunch", true),
                Arguments.of("(3) space before the colon", "Re : lunch", "lunch", true),
                Arguments.of("(3) a blob inside the refwd", "Re[2]: lunch", "lunch", true),
                Arguments.of("(3) blobs before a refwd", "[list] Re: lunch", "lunch", true),
                Arguments.of("(3) not a refwd: no colon", "Reply needed", "Reply needed", false),
                Arguments.of("(3) not a refwd: Fwdx:", "Fwdx: lunch", "Fwdx: lunch", false),
                Arguments.of("(4) a leading blob goes when text remains", "[list] lunch", "lunch", false),
                Arguments.of("(4) a blob that is the whole subject stays", "[list]", "[list]", false),
                Arguments.of("(4) the last blob stays when it would leave nothing", "[a] [b]", "[b]", false),
                Arguments.of("(5) leaders and blobs alternate", "[a] Re: [b] Fwd: [c] lunch", "lunch", true),
                Arguments.of("(6) [fwd: ...] wrapper", "[Fwd: Re: lunch]", "lunch", true),
                Arguments.of("(6) wrapper then trailers again", "[fwd: lunch (fwd)]", "lunch", true),
                Arguments.of("(6) no closing bracket: kept", "[fwd: lunch", "[fwd: lunch", false),
                Arguments.of("empty", "", "", false),
                Arguments.of("only Re:", "Re:", "", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void extracts(String name, String subject, String base, boolean replyOrForward) {
        assertThat(BaseSubject.of(subject)).isEqualTo(new BaseSubject(base, replyOrForward));
    }
}
