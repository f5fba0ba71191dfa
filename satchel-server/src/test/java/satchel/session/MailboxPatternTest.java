package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailboxPatternTest {
    @Test void percentStopsAtTheDelimiter() {
        MailboxPattern p = MailboxPattern.of("", "%");
        assertThat(p.matches("INBOX")).isTrue();
        assertThat(p.matches("Work")).isTrue();
        assertThat(p.matches("Work/2024")).isFalse();
    }

    @Test void starMatchesAcrossLevels() {
        assertThat(MailboxPattern.of("", "*").matches("a/b/c")).isTrue();
        assertThat(MailboxPattern.of("", "Work/*").matches("Work/a/b")).isTrue();
        assertThat(MailboxPattern.of("", "Work/*").matches("Work")).isFalse();
    }

    @Test void referenceIsPrefixed() {
        // RFC 3501 §6.3.8: LIST "Work/" "%" lists the children of Work
        assertThat(MailboxPattern.of("Work/", "%").matches("Work/a")).isTrue();
        assertThat(MailboxPattern.of("Work/", "%").matches("a")).isFalse();
    }

    @Test void inboxIsCaseInsensitiveOnlyAtTheTop() {
        assertThat(MailboxPattern.of("", "inbox").matches("INBOX")).isTrue();
        assertThat(MailboxPattern.of("", "inbox/%").matches("INBOX/x")).isTrue();
        assertThat(MailboxPattern.of("", "inboxes").matches("INBOXES")).isFalse();
    }

    @Test void regexCharactersAreLiteral() {
        assertThat(MailboxPattern.of("", "a.b").matches("axb")).isFalse();
        assertThat(MailboxPattern.of("", "a.b").matches("a.b")).isTrue();
        assertThat(MailboxPattern.of("", "[x]+").matches("[x]+")).isTrue();
    }

    @Test void runsOfWildcardsAreOneWildcard() {
        // A backtracking matcher tried every way of cutting the name into 4,000 pieces.
        MailboxPattern p = MailboxPattern.of("", "%*".repeat(2000) + "x");
        assertThat(p.wildcards()).isEqualTo(1);
        assertThat(p.matches("a/".repeat(2000) + "y")).isFalse();
        assertThat(p.matches("a/".repeat(2000) + "x")).isTrue();
        assertThat(MailboxPattern.of("", "%%%").wildcards()).isEqualTo(1);
        assertThat(MailboxPattern.of("", "%%%").matches("a/b")).isFalse();
    }

    @Test @org.junit.jupiter.api.Timeout(10) void manyWildcardsBetweenLiteralsStayPolynomial() {
        // k wildcards: at most k passes over the name. A pattern with more literal characters than the name
        // is refused before any pass.
        MailboxPattern p = MailboxPattern.of("", "%a".repeat(2000));
        assertThat(p.wildcards()).isEqualTo(2000);
        assertThat(p.matches("a".repeat(3000) + "/")).isFalse();
        assertThat(p.matches("a".repeat(1999))).isFalse();
        assertThat(p.matches("a".repeat(4000))).isTrue();
        assertThat(MailboxPattern.of("", "*a%b*").matches("xa/b")).isFalse();
        assertThat(MailboxPattern.of("", "*a%b*").matches("x/ayyb/z")).isTrue();
    }

    @Test void percentNeverCrossesTheDelimiterEvenAfterAStar() {
        assertThat(MailboxPattern.of("", "*x/%y").matches("x/x/y")).isTrue();
        assertThat(MailboxPattern.of("", "%x/%y").matches("x/x/y")).isFalse();
        assertThat(MailboxPattern.of("", "a%").matches("a")).isTrue();
        assertThat(MailboxPattern.of("", "a%a").matches("a")).isFalse();
        assertThat(MailboxPattern.of("", "%/%").matches("a/b")).isTrue();
        assertThat(MailboxPattern.of("", "%/%").matches("a/b/c")).isFalse();
    }
}
