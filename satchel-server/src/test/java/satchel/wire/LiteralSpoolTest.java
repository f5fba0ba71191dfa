package satchel.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * APPEND messages beyond {@link LiteralSpool#MEMORY_BYTES} per command wait in spool files; a spool that cannot
 * take one (full disk, directory gone) refuses the command with NO [UNAVAILABLE] but keeps the connection in step.
 */
class LiteralSpoolTest {
    @TempDir Path dir;

    private static byte[] input(String head, int size, String rest) {
        var b = new ByteArrayOutputStream();
        b.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < size; i++) b.write('a' + i % 26);
        b.writeBytes(rest.getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private static ImapReader reader(byte[] input, LiteralSpool spool) {
        ImapReader r = new ImapReader(new TricklingInputStream(input));
        r.setLimits(Limits.AFTER_LOGIN);
        r.setSpool(spool);
        return r;
    }

    /** Reads "tag APPEND box" and the first message, as the APPEND parser does. */
    private static Literal firstMessage(ImapReader r) throws Exception {
        assertThat(r.beginCommand(null)).isTrue();
        r.tag();
        r.sp();
        r.atom();
        r.sp();
        r.atom();
        r.sp();
        return r.appendData();
    }

    @Test void smallMessagesStayInMemoryLargeOnesAreSpooledUntilTheNextCommand() throws Exception {
        LiteralSpool spool = LiteralSpool.under(dir, 0); // nothing held past the command's share
        int big = (int) LiteralSpool.MEMORY_BYTES + 1;
        ImapReader r = reader(input("a APPEND box {" + big + "+}\r\n", big, "\r\nb NOOP\r\n"), spool);
        Literal m = firstMessage(r);
        assertThat(m).isInstanceOf(Literal.Spooled.class);
        Path file = ((Literal.Spooled) m).file();
        assertThat(Files.size(file)).isEqualTo(big);
        assertThat(m.bytes()).hasSize(big).startsWith((byte) 'a', (byte) 'b');
        r.crlf();
        assertThat(r.beginCommand(null)).isTrue(); // the next command: the last one's files go
        assertThat(file).doesNotExist();

        ImapReader small = reader(input("a APPEND box {10+}\r\n", 10, "\r\n"), spool);
        assertThat(firstMessage(small)).isInstanceOf(Literal.InMemory.class);
    }

    @Test void aSpoolThatCannotTakeTheMessageRefusesItAndStaysInStep() throws Exception {
        LiteralSpool spool = LiteralSpool.under(dir, 0);
        Files.delete(spool.directory().orElseThrow()); // as good as a full disk: no file can be created
        int big = 300_000;
        ImapReader r = reader(input("a APPEND box {" + big + "+}\r\n", big, " {3+}\r\nxyz\r\nb NOOP\r\n"), spool);
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> firstMessage(r));
        assertThat(e.kind()).isEqualTo(ProtocolException.Kind.REFUSED);
        assertThat(e.code()).isEqualTo("UNAVAILABLE");
        assertThat(e.tag()).isEqualTo("a");
        // The rest of the MULTIAPPEND line was skipped with it: the next command reads cleanly.
        assertThat(r.beginCommand(null)).isTrue();
        assertThat(r.tag()).isEqualTo("b");
        r.sp();
        assertThat(r.atom()).isEqualTo("NOOP");
    }

    @Test void aMessageCutOffMidwayLeavesNoFile() throws Exception {
        LiteralSpool spool = LiteralSpool.under(dir, 0);
        int big = 400_000;
        byte[] whole = input("a APPEND box {" + big + "+}\r\n", big, "\r\n");
        ImapReader r = reader(java.util.Arrays.copyOf(whole, whole.length / 2), spool);
        assertThat(catchThrowableOfType(IOException.class, () -> firstMessage(r))).isNotNull();
        try (var files = Files.list(spool.directory().orElseThrow())) {
            assertThat(files.toList()).isEmpty();
        }
    }

    /**
     * Past the command's share, a message is held in memory while the spool's shared room lasts, and the room comes
     * back when the literal is closed; beyond the room, and a message larger than one may hold, go to files.
     */
    @Test void messagesPastTheShareAreHeldWhileTheSharedRoomLastsThenSpooled() throws Exception {
        int size = 300_000;
        LiteralSpool spool = LiteralSpool.under(dir, 2L * size);
        List<Literal> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ImapReader r = reader(input("a APPEND box {" + size + "+}\r\n", size, "\r\n"), spool);
            held.add(firstMessage(r));
        }
        assertThat(held.get(0)).isInstanceOf(Literal.InMemory.class);
        assertThat(held.get(1)).isInstanceOf(Literal.InMemory.class);
        assertThat(held.get(2)).isInstanceOf(Literal.Spooled.class); // the room is taken
        assertThat(spool.held()).isEqualTo(2L * size);
        assertThat(held.get(0).bytes()).hasSize(size).isEqualTo(held.get(2).bytes());
        held.get(0).close();
        held.get(0).close(); // closing twice gives the room back once
        assertThat(spool.held()).isEqualTo(size);
        ImapReader again = reader(input("a APPEND box {" + size + "+}\r\n", size, "\r\n"), spool);
        assertThat(firstMessage(again)).isInstanceOf(Literal.InMemory.class);
        again.crlf();
        again.beginCommand(null); // the next command (end of input here) closes the last one's literals
        assertThat(spool.held()).isEqualTo(size); // again's is back, held.get(1)'s not yet
        for (Literal l : held) l.close();
        assertThat(spool.held()).isZero();

        int tooBig = (int) LiteralSpool.HOLD_ONE_BYTES + 1;
        LiteralSpool roomy = LiteralSpool.under(dir, 64L << 20);
        ImapReader r = reader(input("a APPEND box {" + tooBig + "+}\r\n", tooBig, "\r\n"), roomy);
        assertThat(firstMessage(r)).isInstanceOf(Literal.Spooled.class);
        assertThat(roomy.held()).isZero();
    }

    @Test void aHeldMessageCutOffMidwayGivesItsRoomBack() throws Exception {
        LiteralSpool spool = LiteralSpool.under(dir);
        int big = 400_000;
        byte[] whole = input("a APPEND box {" + big + "+}\r\n", big, "\r\n");
        ImapReader r = reader(java.util.Arrays.copyOf(whole, whole.length / 2), spool);
        assertThat(catchThrowableOfType(IOException.class, () -> firstMessage(r))).isNotNull();
        assertThat(spool.held()).isZero();
    }
}
