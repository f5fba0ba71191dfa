package satchel.transcript;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per {@code *.imap} file under {@code src/test/resources/transcripts}, grouped by directory.
 * System properties: {@code transcript.target} (see {@link Target}), {@code transcript.filter} (substring of the
 * relative path), {@code transcript.timeout} (seconds to wait for each line, default 10).
 */
class TranscriptTest {
    @TestFactory Stream<DynamicNode> transcripts() throws IOException {
        Path root = root();
        String filter = System.getProperty("transcript.filter", "");
        Map<String, List<Path>> byDir;
        try (Stream<Path> files = Files.walk(root)) {
            byDir = files.filter(p -> p.toString().endsWith(".imap"))
                    .filter(p -> root.relativize(p).toString().contains(filter))
                    .sorted()
                    .collect(Collectors.groupingBy(p -> root.relativize(p.getParent()).toString(), TreeMap::new,
                            Collectors.toList()));
        }
        return byDir.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(),
                e.getValue().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), p.toUri(),
                        () -> run(root, p)))));
    }

    static Path root() {
        try {
            return Path.of(TranscriptTest.class.getResource("/transcripts").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Transcript parse(Path root, Path file) throws IOException {
        return TranscriptParser.parse(root.relativize(file).toString(), Files.readString(file), name -> {
            try {
                // Fixtures are stored with LF; a message on the wire has CRLF line ends (RFC 5322 §2.1).
                String text = Files.readString(root.resolve("_messages").resolve(name));
                return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void run(Path root, Path file) throws Exception {
        Transcript t = parse(root, file);
        assumeTrue(t.appliesTo(Target.configuredKind()), () -> "only for " + t.only());
        var timeout = Duration.ofSeconds(Long.getLong("transcript.timeout", 10));
        try (Target target = Target.open(false)) {
            new TranscriptRun(t, target, timeout).run();
        }
    }
}
