package satchel.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every transcript file parses, without any server: notation mistakes show up before any run. */
class TranscriptFilesTest {
    @Test void everyFileParses() throws IOException {
        Path root = TranscriptTest.root();
        List<Path> files;
        try (Stream<Path> all = Files.walk(root)) {
            files = all.filter(p -> p.toString().endsWith(".imap")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            Transcript t = TranscriptTest.parse(root, f);
            assertThat(t.steps()).as(f.toString()).isNotEmpty();
            assertThat(t.only()).as(f + ": !only names a known target").isSubsetOf("satchel", "dovecot");
        }
    }
}
