package satchel.admin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import satchel.server.StdioTransport;

/** Runs {@code satchel} command lines in process with empty stdin, keeping what the last one printed. */
final class Cli {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The exit code of {@code satchel args…}. */
    int run(String... args) {
        out.reset();
        err.reset();
        var in = new ByteArrayInputStream(new byte[0]);
        var io = new Io(in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null,
                () -> new StdioTransport(in, new ByteArrayOutputStream()));
        return Main.run(io, args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
