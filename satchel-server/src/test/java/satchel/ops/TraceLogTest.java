package satchel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import satchel.session.TraceLog;

/** The masking rules of protocol traces, byte stream by byte stream (including awkward chunking). */
class TraceLogTest {
    private final ByteArrayOutputStream file = new ByteArrayOutputStream();
    private final TraceLog trace = new TraceLog(file);

    private void c(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) trace.client(new byte[] {x}, 0, 1); // one byte at a time: the worst chunking
    }

    private void s(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        trace.server(b, 0, b.length);
    }

    private String text() {
        trace.close();
        return file.toString(StandardCharsets.UTF_8);
    }

    @Test void loginPasswordAtomQuotedAndLiteralIsMasked() {
        c("a LOGIN alice hunter2\r\n");
        s("a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        c("b LOGIN \"alice\" \"hun\\\"ter2\"\r\n");
        s("b NO x\r\n");
        c("c LOGIN alice {7+}\r\nhunter2\r\n");
        s("c NO x\r\n");
        c("d login alice {7}\r\n");
        s("+ Ready for literal data\r\n");
        c("hunter2\r\n");
        s("d OK Logged in\r\n");
        String t = text();
        assertThat(t).doesNotContain("hunter2").doesNotContain("hun\\\"ter2")
                .contains("C: a LOGIN alice ***", "C: b LOGIN \"alice\" ***", "C: c LOGIN alice ***",
                        "C: d login alice ***", "S: d OK Logged in");
    }

    @Test void loginWithLiteralUserShowsTheUserAndMasksThePassword() {
        c("a LOGIN {5+}\r\nalice {7+}\r\nhunter2\r\n");
        c("b NOOP\r\n");
        String t = text();
        assertThat(t).doesNotContain("hunter2").contains("C: a LOGIN {5+}", "C: alice", "C: ***", "C: b NOOP");
    }

    @Test void everyClientLineOfAuthenticateIsMasked() {
        c("a AUTHENTICATE PLAIN\r\n");
        s("+ \r\n");
        c("AGFsaWNlAGh1bnRlcjI=\r\n");
        s("a OK Logged in\r\n");
        c("b AUTHENTICATE PLAIN AGFsaWNlAGh1bnRlcjI=\r\n");
        s("b NO [AUTHENTICATIONFAILED] x\r\n");
        c("c SELECT INBOX\r\n");
        String t = text();
        assertThat(t).doesNotContain("AGFsaWNlAGh1bnRlcjI=")
                .contains("C: a AUTHENTICATE PLAIN", "C: ***", "C: b AUTHENTICATE PLAIN ***", "C: c SELECT INBOX");
    }

    @Test void otherCommandsAndTheirLiteralsAreShown() {
        c("a APPEND INBOX {11+}\r\nSubject: x\n\r\n");
        s("a OK [APPENDUID 1 1] done\r\n");
        String t = text();
        assertThat(t).contains("C: a APPEND INBOX {11+}", "C: Subject: x", "S: a OK [APPENDUID 1 1] done");
    }

    @Test void aRefusedSynchronizingLiteralIsNotMistakenForTheNextCommand() {
        c("a APPEND INBOX {999999999}\r\n");
        s("a NO [TOOBIG] too big\r\n");
        c("b LOGIN alice hunter2\r\n");
        assertThat(text()).doesNotContain("hunter2").contains("C: b LOGIN alice ***");
    }
}
