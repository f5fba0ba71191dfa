package satchel.protocol;

import java.io.IOException;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/** Reads one whole command at a time from an {@link ImapReader}, following RFC 9051 §9 / RFC 3501 §9. */
public final class CommandParser {
    /** Called before the payload of a synchronising literal is read: the session sends "+ ..." (RFC 3501 §7.5). */
    public interface Continuation {
        void ready(long size) throws IOException;
    }

    private CommandParser() {}

    /** The next command, or null at a clean end of stream. */
    public static Command next(ImapReader reader, Continuation continuation) throws IOException, ProtocolException {
        throw new UnsupportedOperationException("wire helper");
    }
}
