package satchel.admin;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.function.Supplier;
import satchel.session.Transport;

/**
 * The terminal a command talks to. {@code console} is null when stdin is not a terminal (passwords are then
 * read as one line from {@code in}); {@code stdio} gives the transport for {@code imap-stdio}.
 */
record Io(InputStream in, PrintStream out, PrintStream err, Console console, Supplier<Transport> stdio) {}
