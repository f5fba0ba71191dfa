package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import satchel.server.StdioTransport;
import satchel.store.NewMessage;
import satchel.store.sqlite.SqliteMailStore;

/** Every subcommand added for operations: success, and each error path with its exit code and message. */
class OpsCommandsTest {
    @TempDir Path dir;
    private String data;

    private final Cli cli = new Cli();

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @BeforeEach void aliceWithOneMessage() throws Exception {
        data = dir.resolve("data").toString();
        try (SqliteMailStore s = SqliteMailStore.open(Path.of(data))) {
            var alice = s.createUser("alice", "x", null);
            var mail = s.mail(alice);
            var inbox = mail.find("INBOX").orElseThrow();
            mail.append(inbox.id(), List.of(new NewMessage("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII),
                    Set.of(), Instant.now())));
        }
    }

    @Test void everySubcommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        var io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), null, null);
        collect(Main.commandLine(io), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThanOrEqualTo(17);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertThat(run(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
            assertThat(out()).as(String.join(" ", args)).contains("Usage: satchel " + String.join(" ", path));
        }
    }

    private static void collect(CommandLine c, List<String> prefix, List<List<String>> out) {
        for (var e : c.getSubcommands().entrySet()) {
            if (!e.getValue().getCommandName().equals(e.getKey())) continue; // an alias
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    @Test void mailboxListCreateRenameDelete() {
        assertThat(run("mailbox", "list", "alice", "--data", data)).isZero();
        assertThat(out().lines()).contains("INBOX\tsubscribed").anyMatch(l -> l.startsWith("Sent\t\\Sent"));
        assertThat(run("mailbox", "create", "alice", "Work/2026", "--data", data)).isZero();
        assertThat(out()).contains("Created mailbox Work/2026 for alice.");
        assertThat(run("mailbox", "rename", "alice", "Work", "Jobs", "--data", data)).isZero();
        assertThat(run("mailbox", "list", "alice", "--data", data)).isZero();
        // Subscriptions are by name and stay behind (RFC 3501 §6.3.5 moves mailboxes, not subscriptions).
        assertThat(out().lines()).contains("Jobs", "Jobs/2026").noneMatch(l -> l.startsWith("Work\t\\"));
        assertThat(run("mailbox", "delete", "alice", "Jobs/2026", "--data", data)).isZero();
        assertThat(run("mailbox", "list", "alice", "--data", data)).isZero();
        assertThat(out()).doesNotContain("Jobs/2026");
    }

    @Test void mailboxErrors() {
        assertThat(run("mailbox", "list", "nobody", "--data", data)).isEqualTo(1);
        assertThat(err()).isEqualTo("satchel: no such user: nobody" + System.lineSeparator());
        assertThat(run("mailbox", "create", "alice", "INBOX", "--data", data)).isEqualTo(1);
        assertThat(err()).startsWith("satchel: cannot create mailbox \"INBOX\": ").doesNotContain("\tat ");
        assertThat(run("mailbox", "delete", "alice", "Nope", "--data", data)).isEqualTo(1);
        assertThat(err()).startsWith("satchel: cannot delete mailbox \"Nope\": ");
        assertThat(run("mailbox", "rename", "alice", "Nope", "Other", "--data", data)).isEqualTo(1);
        assertThat(err()).startsWith("satchel: cannot rename mailbox \"Nope\": ");
        assertThat(run("mailbox", "create", "alice", "a//b", "--data", data)).isEqualTo(1);
        assertThat(run("mailbox", "rename", "alice", "Sent", "--data", data)).isEqualTo(2);
        assertThat(err()).contains("Missing required parameter: 'TO'");
        assertThat(run("mailbox", "--data", data)).isEqualTo(2);
        assertThat(run("mailbox")).isEqualTo(2);
        assertThat(err()).contains("Missing command: list, create, delete or rename");
        assertThat(run("mailbox", "frob", "alice")).isEqualTo(2);
    }

    @Test void usagePerMailboxAndTotal() {
        assertThat(run("usage", "alice", "--data", data)).isZero();
        assertThat(out().lines()).anyMatch(l -> l.matches("INBOX\\s+1\\s+22"))
                .anyMatch(l -> l.matches("Sent\\s+0\\s+0")).anyMatch(l -> l.matches("TOTAL\\s+1\\s+22"));
        assertThat(run("usage", "alice", "--bytes", "--data", data)).isZero();
        assertThat(out()).contains("TOTAL");
        assertThat(run("usage", "nobody", "--data", data)).isEqualTo(1);
        assertThat(err()).contains("no such user: nobody");
        assertThat(run("usage", "--data", data)).isEqualTo(2);
        Path conf = dir.resolve("mem.conf");
        assertThat(run("usage", "alice", "--config", write(conf, "store = memory\n"))).isEqualTo(1);
        assertThat(err()).contains("memory store keeps no accounts");
    }

    @Test void checkFindsRepairsAndThenPasses() throws Exception {
        assertThat(run("check", "--data", data)).isZero();
        assertThat(out()).contains("Checked 1 users, 6 mailboxes, 1 messages: 0 problems, 0 repaired, 0 left.");
        assertThat(err()).contains("messages: 1/1 (100%)"); // progress as plain lines: stderr is no terminal

        try (var c = DriverManager.getConnection("jdbc:sqlite:" + Path.of(data, "satchel.db").toAbsolutePath());
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE mailboxes SET uidnext = 1, highestmodseq = 0 WHERE name = 'INBOX'");
            s.executeUpdate("UPDATE messages SET size = 5");
            s.executeUpdate("UPDATE structures SET structure = x'00'");
            s.executeUpdate("INSERT INTO blobs (content) VALUES (x'41')"); // nobody's
        }
        assertThat(run("check", "--data", data)).isEqualTo(CheckCommand.PROBLEMS_LEFT);
        assertThat(out()).contains("alice/INBOX: uidnext 1 but UID 1 used", "alice/INBOX: highestmodseq 0 below modseq",
                "alice/INBOX uid 1: size 5 but 22 bytes stored", "MIME structure missing or unreadable",
                "stored bytes no message uses",
                // the usage counter is right, the recorded size is not: the two disagree until the size is repaired
                "alice: quota usage 22 bytes in 1 messages, but the mailboxes hold 5 bytes in 1",
                "6 problems, 0 repaired, 6 left.");

        assertThat(run("check", "--repair", "--quiet", "--data", data)).isZero();
        assertThat(out()).contains("(repaired)", "5 problems, 5 repaired, 0 left.");
        assertThat(err()).isEmpty();
        assertThat(run("check", "--data", data)).isZero();
        assertThat(out()).contains("0 problems");
        assertThat(run("usage", "alice", "--data", data)).isZero();
        assertThat(out().lines()).anyMatch(l -> l.matches("INBOX\\s+1\\s+22"));
    }

    @Test void checkErrors() {
        assertThat(run("check", "--frob", "--data", data)).isEqualTo(2);
        assertThat(run("check", "--config", dir.resolve("missing.conf").toString())).isEqualTo(1);
        assertThat(err()).contains("missing.conf: cannot read").doesNotContain("Exception");
    }

    @Test void traceOnOffList() {
        assertThat(run("trace", "list", "--data", data)).isZero();
        assertThat(out()).isEmpty();
        assertThat(run("trace", "on", "--user", "alice", "--data", data)).isZero();
        assertThat(out()).startsWith("Tracing user alice into ");
        assertThat(run("trace", "on", "--addr", "192.0.2.7", "--data", data)).isZero();
        assertThat(run("trace", "on", "--addr", "192.0.2.7", "--data", data)).isZero(); // twice: one rule
        assertThat(run("trace", "list", "--data", data)).isZero();
        assertThat(out().lines()).containsExactly("user alice", "addr 192.0.2.7");
        assertThat(Files.exists(Path.of(data, "traces", "control"))).isTrue();
        assertThat(run("trace", "off", "--user", "alice", "--data", data)).isZero();
        assertThat(run("trace", "list", "--data", data)).isZero();
        assertThat(out().lines()).containsExactly("addr 192.0.2.7");
        assertThat(run("trace", "off", "--user", "alice", "--data", data)).isEqualTo(1);
        assertThat(err()).isEqualTo("satchel: not tracing user alice" + System.lineSeparator());
        assertThat(run("trace", "off", "--all", "--data", data)).isZero();
        assertThat(run("trace", "list", "--data", data)).isZero();
        assertThat(out()).isEmpty();
    }

    @Test void traceAddressesAreStoredInTheFormTheServerMatches() {
        assertThat(run("trace", "on", "--addr", "::1", "--data", data)).isZero();
        assertThat(run("trace", "on", "--addr", "2001:db8::/32", "--data", data)).isZero();
        assertThat(run("trace", "list", "--data", data)).isZero();
        assertThat(out().lines()).containsExactly("addr 0:0:0:0:0:0:0:1", "addr 2001:db8:0:0:0:0:0:0/32");
        assertThat(run("trace", "off", "--addr", "0::1", "--data", data)).isZero();
    }

    @Test void checkAndTraceOffHelpDescribeThemselves() {
        assertThat(run("check", "--help")).isZero();
        String check = out().replaceAll("\\s+", " ");
        assertThat(check).contains("mailbox counters, and the references between")
                .contains("Exit codes: 0").contains("--repair").contains("--quiet");
        assertThat(run("trace", "off", "--help")).isZero();
        String off = out().replaceAll("\\s+", " ");
        assertThat(off).contains("Stop tracing").contains("--all").doesNotContain("Trace this user's sessions");
        assertThat(off).contains("--addr=ADDRESS The client address or network");
    }

    @Test void traceErrors() {
        assertThat(run("trace", "on", "--data", data)).isEqualTo(2);
        assertThat(run("trace", "on", "--user", "a", "--addr", "b", "--data", data)).isEqualTo(2);
        assertThat(err()).contains("mutually exclusive");
        assertThat(run("trace", "off", "--data", data)).isEqualTo(2);
        assertThat(run("trace", "on", "--user", "two words", "--data", data)).isEqualTo(2);
        assertThat(err()).contains("--user").contains("without spaces");
        assertThat(run("trace", "on", "--user", "", "--data", data)).isEqualTo(2);
        assertThat(err()).contains("--user");
        // --addr is an IP literal or a network, never a host name to look up
        assertThat(run("trace", "on", "--addr", "localhost", "--data", data)).isEqualTo(2);
        assertThat(err()).contains("--addr").contains("IP address or network");
        assertThat(run("trace", "on", "--addr", "192.0.2.300", "--data", data)).isEqualTo(2);
        assertThat(run("trace", "on", "--addr", "10.1.2.3/24", "--data", data)).isEqualTo(2);
        assertThat(err()).contains("--addr").contains("10.1.2.0/24");
        assertThat(run("trace", "off", "--addr", "b", "--data", data)).isEqualTo(2);
        assertThat(run("trace", "list", "--data", data)).isZero();
        assertThat(out()).isEmpty();
        assertThat(run("trace")).isEqualTo(2);
        assertThat(err()).contains("Missing command: on, off or list");
    }

    @Test void serveRejectsABadMetricsListener() {
        assertThat(run("serve", "--data", data, "--metrics", "nowhere")).isEqualTo(2);
        assertThat(err()).contains("--metrics").contains("expected host:port").doesNotContain("\tat ");
    }

    private static String write(Path file, String text) {
        try {
            return Files.writeString(file, text).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
