package satchel.lmtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code src/test/resources/lmtp/*.lmtp} file against a fresh server: a conversation and what the
 * mailboxes hold after it. Notation (a subset of the IMAP transcripts', see their README):
 * <pre>
 * !user NAME                 create a user      !mailbox USER NAME   create a mailbox
 * C: text                    send text + CRLF   C+: text            send text alone
 * CX: 0a 2e                  send these bytes (hex)
 * !size-limit N              the server refuses messages over N bytes (limits.append-bytes)
 * !quota USER STORAGE N      the user's own quota limits (a size or unlimited, a count or unlimited)
 * S: text                    the next reply line must match; * matches any run of characters
 * S: &lt;closed&gt;              the server closes the connection next
 * !count USER MAILBOX N      the mailbox holds N messages
 * !has USER MAILBOX I text   message I (1-based) contains text (\r\n written as \r\n)
 * !lacks USER MAILBOX I text message I does not contain text
 * </pre>
 * Consecutive C: lines go out without waiting (pipelining). The greeting is matched by a first S: line, or
 * skipped if it is 220.
 */
class LmtpTranscriptTest {
    private static final Path DIR = Path.of("src/test/resources/lmtp");

    @TestFactory Stream<DynamicTest> transcripts() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".lmtp")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    private static void run(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        long maxSize = lines.stream().filter(l -> l.startsWith("!size-limit ")).mapToLong(l -> Long.parseLong(l.substring(12)))
                .findFirst().orElse(-1);
        try (LmtpFixture server = LmtpFixture.start(c -> {
                 var d = c.withLmtp(c.lmtp().withDomains(List.of("example.org")));
                 return maxSize < 0 ? d : d.withLimits(d.limits().withAppendBytes(maxSize));
             });
             LmtpClient client = LmtpClient.connect(server.lmtp())) {
            boolean greeted = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = file.getFileName() + ":" + (i + 1) + ": ";
                if (line.isBlank() || line.startsWith("#")) continue;
                if (!greeted && !line.startsWith("!")) {
                    greeted = true;
                    if (!line.startsWith("S: ")) {
                        assertThat(client.line()).as(where + "greeting").startsWith("220 ");
                    }
                }
                if (line.startsWith("C: ")) client.send(line.substring(3));
                else if (line.startsWith("C+: ")) client.raw(line.substring(4).getBytes(StandardCharsets.UTF_8));
                else if (line.startsWith("CX: ")) client.raw(HexFormat.of().parseHex(line.substring(4).replace(" ", "")));
                else if (line.equals("S: <closed>")) assertThat(client.line()).as(where + "connection closed").isNull();
                else if (line.startsWith("S: ")) {
                    String got = client.line();
                    assertThat(got).as(where + "expected " + line.substring(3)).isNotNull();
                    assertThat(glob(line.substring(3)).matcher(got).matches())
                            .as(where + "expected \"" + line.substring(3) + "\", got \"" + got + "\"").isTrue();
                } else if (line.startsWith("!")) directive(server, line.substring(1).split(" ", 5), where);
                else throw new IllegalArgumentException(where + "cannot read \"" + line + "\"");
            }
        }
    }

    private static void directive(LmtpFixture server, String[] w, String where) throws Exception {
        switch (w[0]) {
            case "size-limit" -> { } // applied when the server started
            case "user" -> server.user(w[1]);
            case "mailbox" -> server.mail(w[1]).create(w[2], java.util.Set.of());
            case "quota" -> server.store().setQuota(server.store().user(w[1]).orElseThrow(),
                    new satchel.store.QuotaOverride(java.util.Optional.of(satchel.config.QuotaValues.storage(w[2])),
                            java.util.Optional.of(satchel.config.QuotaValues.messages(w[3]))));
            case "count" -> assertThat(server.messages(w[1], w[2])).as(where + "messages in " + w[2])
                    .hasSize(Integer.parseInt(w[3]));
            case "has" -> {
                List<String> messages = server.messages(w[1], w[2]);
                int n = Integer.parseInt(w[3]);
                assertThat(messages).as(where + "messages in " + w[2]).hasSizeGreaterThanOrEqualTo(n);
                assertThat(messages.get(n - 1)).as(where).contains(w[4].replace("\\r\\n", "\r\n").replace("\\t", "\t"));
            }
            case "lacks" -> assertThat(server.messages(w[1], w[2]).get(Integer.parseInt(w[3]) - 1)).as(where)
                    .doesNotContain(w[4].replace("\\r\\n", "\r\n").replace("\\t", "\t"));
            default -> throw new IllegalArgumentException(where + "unknown directive !" + w[0]);
        }
    }

    private static Pattern glob(String expected) {
        return Pattern.compile(globRegex(expected), Pattern.DOTALL);
    }

    private static String globRegex(String expected) {
        String[] parts = expected.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) re.append(".*");
            re.append(Pattern.quote(parts[i]));
        }
        return re.toString();
    }
}
