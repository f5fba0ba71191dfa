package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MessageMeta;
import satchel.store.StoreMaintenance;
import satchel.store.sqlite.SqliteMailStore;

/** kill -9 in the middle of {@code satchel import}, then the same import again: every message once, on its UID. */
class ImportKillTest {
    private static final int MESSAGES = 3000;

    @TempDir Path tmp;

    @Test void killedImportResumesWithoutLossOrDuplicates() throws Exception {
        Path maildir = tmp.resolve("Maildir");
        for (String d : new String[] {"cur", "new", "tmp"}) Files.createDirectories(maildir.resolve(d));
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < MESSAGES; i++) {
            long uid = 2L * i + 1; // every other UID expunged
            String base = "17000" + i + ".M" + i + ".host";
            Files.writeString(maildir.resolve("cur/" + base + ":2,S"), "Subject: m" + i + "\nMessage-ID: <" + i
                    + "@x>\n\n" + "line of text\n".repeat(40), StandardCharsets.UTF_8);
            list.append(uid).append(" :").append(base).append('\n');
        }
        Files.writeString(maildir.resolve("dovecot-uidlist"), "3 V1700000000 N" + (2L * MESSAGES + 5) + " Gx\n" + list);
        Path data = tmp.resolve("data");
        try (var store = SqliteMailStore.open(data)) {
            store.createUser("alice", "x", null);
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "satchel.admin.Main", "import", "--data", data.toString(),
                "alice", maildir.toString()).redirectErrorStream(true).start();
        try (var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.contains("(30%)")) { /* progress lines on stderr */ }
            assertThat(line).as("import progressed to 30%").isNotNull();
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long before;
        try (var store = SqliteMailStore.open(data)) {
            var mail = store.mail(store.user("alice").orElseThrow());
            before = mail.status(mail.find("INBOX").orElseThrow().id()).messages();
        }
        assertThat(before).as("killed part way").isBetween(1L, MESSAGES - 1L);

        Cli cli = new Cli();
        assertThat(cli.run("import", "--data", data.toString(), "--quiet", "alice", maildir.toString()))
                .as(cli.err()).isZero();
        assertThat(cli.out()).contains((MESSAGES - before) + " messages").contains(before + " already there");
        try (var store = SqliteMailStore.open(data)) {
            var mail = store.mail(store.user("alice").orElseThrow());
            var inbox = mail.snapshot(mail.find("INBOX").orElseThrow().id());
            List<Long> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) expected.add(2L * i + 1);
            assertThat(inbox.messages()).extracting(MessageMeta::uid).isEqualTo(expected);
            assertThat(inbox.uidNext()).isEqualTo(2L * MESSAGES + 5);
            assertThat(store.check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
        }
    }
}
