package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/** Reads commands like a session would until the input is used up; checks each step makes progress. */
final class Drain {
    private Drain() {}

    /** Number of commands parsed; only ProtocolException and end of stream are acceptable failures. */
    static int all(ImapReader r) throws IOException {
        int commands = 0;
        long consumed = 0;
        while (true) {
            try {
                if (CommandParser.next(r, size -> {}) == null) return commands;
                commands++;
            } catch (ProtocolException e) {
                assertThat(e.kind()).isNotNull();
                assertThat(e.getMessage()).isNotBlank();
                if (e.kind() == ProtocolException.Kind.FATAL) return commands;
            } catch (EOFException e) {
                return commands;
            }
            long now = r.bytesRead() - r.buffered();
            assertThat(now).as("each command or error consumes input").isGreaterThan(consumed);
            consumed = now;
        }
    }
}
