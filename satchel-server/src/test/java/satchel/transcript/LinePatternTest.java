package satchel.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LinePatternTest {
    @Test void exactLine() {
        assertThat(LinePattern.match("a1 OK done", "a1 OK done", Map.of())).contains(Map.of());
        assertThat(LinePattern.match("a1 OK done", "a1 OK done.", Map.of())).isEmpty();
    }

    @Test void trailingStarMatchesRestOfLine() {
        assertThat(LinePattern.match("a1 OK *", "a1 OK [READ-WRITE] SELECT completed", Map.of())).isPresent();
        assertThat(LinePattern.match("a1 OK *", "a1 NO nope", Map.of())).isEmpty();
    }

    @Test void leadingStarIsTheUntaggedMarker() {
        assertThat(LinePattern.match("* OK *", "a1 OK done", Map.of())).isEmpty();
        assertThat(LinePattern.match("* OK *", "* OK ready", Map.of())).isPresent();
    }

    @Test void starInsideMatchesAnyRunButFlagStarIsLiteral() {
        assertThat(LinePattern.match("* CAPABILITY *IMAP4rev1*", "* CAPABILITY IMAP4rev1 IDLE", Map.of())).isPresent();
        assertThat(LinePattern.match("* CAPABILITY *IMAP4rev1*", "* CAPABILITY IDLE", Map.of())).isEmpty();
        assertThat(LinePattern.match("* OK [PERMANENTFLAGS (\\Seen \\*)] *", "* OK [PERMANENTFLAGS (\\Seen \\*)] x",
                Map.of())).isPresent();
    }

    @Test void capturesAndBackReferences() {
        assertThat(LinePattern.match("* OK [UIDVALIDITY ${v}] *", "* OK [UIDVALIDITY 42] UIDs valid", Map.of()))
                .contains(Map.of("v", "42"));
        assertThat(LinePattern.match("* 1 FETCH (UID ${u})", "* 1 FETCH (UID 7)", Map.of("u", "8"))).isEmpty();
        assertThat(LinePattern.match("${x} ${x}", "a a", Map.of())).contains(Map.of("x", "a"));
        assertThat(LinePattern.match("${x} ${x}", "a b", Map.of())).isEmpty();
    }

    @Test void flagListsAreSorted() {
        assertThat(LinePattern.sortFlags("* 1 FETCH (FLAGS (\\Seen \\Flagged $X) UID 4)"))
                .isEqualTo("* 1 FETCH (FLAGS ($X \\Flagged \\Seen) UID 4)");
        assertThat(LinePattern.sortFlags("* OK [PERMANENTFLAGS ()] x")).isEqualTo("* OK [PERMANENTFLAGS ()] x");
    }

    @Test void substitution() {
        assertThat(LinePattern.substitute("a1 UID FETCH ${u} FLAGS", Map.of("u", "9"))).isEqualTo("a1 UID FETCH 9 FLAGS");
        assertThat(LinePattern.substitute("a1 NOOP ${\"x\"*3}", Map.of())).isEqualTo("a1 NOOP xxx");
        assertThatThrownBy(() -> LinePattern.substitute("${nope}", Map.of())).isInstanceOf(IllegalStateException.class);
    }
}
