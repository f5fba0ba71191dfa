package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import satchel.wire.ImapReader;
import satchel.wire.Limits;
import satchel.wire.ProtocolException;
import satchel.wire.TricklingInputStream;

/** Test helper: parses input twice, from one buffer and one byte per read(), and checks both agree. */
final class Parsing {
    private Parsing() {}

    static ImapReader reader(InputStream in, Limits limits) {
        ImapReader r = new ImapReader(in);
        r.setLimits(limits);
        return r;
    }

    /** The single command in {@code input}, which must be consumed entirely. */
    static Command parse(String input) {
        List<Command> all = parseAll(input);
        assertThat(all).as("commands in %s", input).hasSize(1);
        return all.getFirst();
    }

    /** Every command in {@code input}, read whole and trickled. */
    static List<Command> parseAll(String input) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        List<Command> whole = readAll(reader(new ByteArrayInputStream(bytes), Limits.AFTER_LOGIN));
        List<Command> trickled = readAll(reader(new TricklingInputStream(bytes), Limits.AFTER_LOGIN));
        assertThat(trickled.stream().map(Parsing::describe).toList())
                .isEqualTo(whole.stream().map(Parsing::describe).toList());
        return whole;
    }

    /** toString, with APPEND contents spelled out (arrays print as identities). */
    static String describe(Command c) {
        if (!(c instanceof Command.Append a)) return c.toString();
        return a.tag() + " APPEND " + a.mailbox() + a.messages().stream()
                .map(m -> m.flags() + " " + m.internalDate() + " "
                        + new String(bytes(m), StandardCharsets.ISO_8859_1)).toList();
    }

    /** An APPEND message parsed without a spool is in memory: its literals (CATENATE URLs as "<url>"), joined. */
    static byte[] bytes(Command.AppendMessage m) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Command.CatPart p : m.parts()) {
            switch (p) {
                case Command.CatPart.Text t -> out.writeBytes(((satchel.wire.Literal.InMemory) t.literal()).data());
                case Command.CatPart.Url u -> out.writeBytes(("<" + u.url() + ">").getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** A sequence set from (lo, hi) pairs. */
    static SequenceSet set(long... ends) {
        List<SequenceSet.Range> ranges = new ArrayList<>();
        for (int i = 0; i < ends.length; i += 2) ranges.add(new SequenceSet.Range(ends[i], ends[i + 1]));
        return SequenceSet.of(ranges);
    }

    private static List<Command> readAll(ImapReader r) {
        List<Command> out = new ArrayList<>();
        try {
            for (Command c; (c = CommandParser.next(r, size -> {})) != null; ) out.add(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProtocolException e) {
            throw new AssertionError("unexpected " + e.kind() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The error the first command of {@code input} raises, the same whole and trickled. */
    static ProtocolException error(String input) {
        return error(input, Limits.AFTER_LOGIN);
    }

    static ProtocolException error(String input, Limits limits) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        ProtocolException whole = firstError(reader(new ByteArrayInputStream(bytes), limits));
        ProtocolException trickled = firstError(reader(new TricklingInputStream(bytes), limits));
        assertThat(trickled.kind()).isEqualTo(whole.kind());
        assertThat(trickled.getMessage()).isEqualTo(whole.getMessage());
        assertThat(trickled.tag()).isEqualTo(whole.tag());
        return whole;
    }

    private static ProtocolException firstError(ImapReader r) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, size -> {}));
        assertThat(e).as("expected a ProtocolException").isNotNull();
        return e;
    }
}
