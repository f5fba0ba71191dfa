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
}
