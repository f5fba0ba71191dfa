package satchel.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.session.TraceLog;
import satchel.session.TraceSink;
import satchel.store.PrivateFiles;

/**
 * Which connections get a protocol trace, switched at run time by {@code satchel trace on|off}: the control
 * file {@code TRACEDIR/control} holds lines {@code user NAME} and {@code addr ADDRESS}. The server re-reads it
 * when its size or modification time changes (looked at when a connection opens and at each login). Traces go
 * to {@code TRACEDIR/<user-or-addr>-<time>-<connection>.log}, readable by the owner only: they contain mail.
 */
public final class TraceControl {
    public static final String CONTROL_FILE = "control";
    private static final Logger log = LoggerFactory.getLogger(TraceControl.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    /** One line of the control file. */
    public record Rule(Kind kind, String value) {
        public enum Kind { USER, ADDR }

        public Rule {
            if (value == null || value.isBlank() || value.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("a trace rule needs a value without spaces");
            }
        }

        @Override public String toString() {
            return (kind == Kind.USER ? "user " : "addr ") + value;
        }
    }

    private final Path dir;
    private String stamp = "";
    private List<Rule> rules = List.of();

    public TraceControl(Path dir) {
        this.dir = dir;
    }

    /** A trace for a connection from {@code address}, or null when no rule names it. */
    TraceSink forAddress(String address, long connection) {
        return matches(new Rule(Rule.Kind.ADDR, address)) ? open(address, connection) : null;
    }

    /** A trace for {@code user}'s session, or null when no rule names the user. */
    TraceSink forUser(String user, long connection) {
        return matches(new Rule(Rule.Kind.USER, user)) ? open(user, connection) : null;
    }

    /** Reads the control file now, changed or not (SIGHUP); returns the rules in force. */
    synchronized List<Rule> reload() {
        stamp = "\0reload"; // matches no real stamp, so refresh() reads the file
        refresh();
        return rules;
    }

    private synchronized boolean matches(Rule rule) {
        refresh();
        return rules.contains(rule) || rule.kind() == Rule.Kind.ADDR && rules.stream()
                .anyMatch(r -> r.kind() == Rule.Kind.ADDR && r.value().contains("/") && inNetwork(r.value(), rule.value()));
    }

    /** An {@code addr} rule may name a CIDR network ({@code satchel trace on --addr 192.0.2.0/24}). */
    private static boolean inNetwork(String network, String address) {
        try {
            // no IP address (stdio): nothing to match; the same literal parsing (zone ids dropped) as throttling
            return satchel.net.AddressKey.parse(address).map(satchel.config.Cidr.parse(network)::contains)
                    .orElse(false);
        } catch (IllegalArgumentException e) {
            return false; // a hand-edited bad line
        }
    }

    private void refresh() {
        Path file = dir.resolve(CONTROL_FILE);
        String now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = a.lastModifiedTime().toInstant() + "/" + a.size() + "/" + a.fileKey();
        } catch (IOException e) {
            now = "";
        }
        if (now.equals(stamp)) return;
        stamp = now;
        try {
            rules = now.isEmpty() ? List.of() : read(dir);
            if (!rules.isEmpty()) log.info("tracing {}", rules);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("cannot read {}: {}", file, e.getMessage());
        }
    }

    private TraceSink open(String who, long connection) {
        String name = who.replaceAll("[^A-Za-z0-9._@+-]", "_") + "-" + LocalDateTime.now().format(STAMP) + "-"
                + connection + ".log";
        try {
            PrivateFiles.directory(dir);
            Path file = PrivateFiles.file(dir.resolve(name));
            OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            log.info("trace #{} to {}", connection, file);
            return new TraceLog(new BufferedOutputStream(out, 8192));
        } catch (IOException e) {
            log.warn("cannot start a trace in {}: {}", dir, e.getMessage());
            return null;
        }
    }

    /** The rules in {@code dir}'s control file (none if there is no file). */
    public static List<Rule> read(Path dir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(CONTROL_FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Rule> out = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2) throw new IllegalArgumentException("bad line \"" + line + "\"");
            Rule.Kind kind = switch (parts[0]) {
                case "user" -> Rule.Kind.USER;
                case "addr" -> Rule.Kind.ADDR;
                default -> throw new IllegalArgumentException("bad line \"" + line + "\"");
            };
            out.add(new Rule(kind, parts[1]));
        }
        return out;
    }

    /** Replaces the control file atomically, so the server never reads half of it. */
    public static void write(Path dir, List<Rule> rules) throws IOException {
        PrivateFiles.directory(dir);
        StringBuilder text = new StringBuilder("# written by satchel trace; one rule per line: user NAME | addr ADDRESS\n");
        for (Rule r : rules) text.append(r).append('\n');
        Path tmp = dir.resolve(CONTROL_FILE + ".tmp");
        Files.writeString(PrivateFiles.file(tmp), text, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(CONTROL_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
