package satchel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import satchel.bench.FreePort;
import satchel.bench.ImapClient;
import satchel.store.sqlite.SqliteMailStore;

/**
 * The background full-text indexer under SIGKILL (issue 11). Mail is appended as fast as MULTIAPPEND allows and
 * the server killed at once after the last OK, while the indexer is behind. After each kill the database itself
 * must hold the indexer's promise: every message at or below its mailbox's watermark has its index row, and no
 * index row names a blob nobody uses (the watermark commits with the rows). After each restart every acknowledged
 * message is found by SEARCH BODY at once, indexed or not; at the end the restarted indexer has caught up. The
 * batches go to three mailboxes in turn, so the indexer's batches hold several mailboxes' backlogs at once.
 */
class IndexerKillNineTest {
    private static final int ROUNDS = 3;
    private static final int BATCHES = 30;
    private static final int BATCH = 10;
    private static final List<String> MAILBOXES = List.of("INBOX", "Second", "Third");

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theIndexAndItsWatermarkSurviveSigkillTogether(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        ServerProcess.addUser(data, "alice", "pw");
        int port = FreePort.find();
        List<String[]> words = new ArrayList<>(); // {mailbox, word}
        long lagAtKills = 0;
        try (ServerProcess server = new ServerProcess(data, port)) {
            for (int round = 0; round < ROUNDS; round++) {
                server.start();
                searchEach(port, words); // found right after the restart, whatever the indexer has done yet
                try (ImapClient c = ImapClient.login("127.0.0.1", port, "alice", "pw")) {
                    if (round == 0) for (String m : MAILBOXES.subList(1, 3)) c.command("CREATE " + m).requireOk();
                    for (int b = 0; b < BATCHES; b++) {
                        String mailbox = MAILBOXES.get(b % MAILBOXES.size());
                        for (String w : multiAppend(c, mailbox, round, b)) words.add(new String[] {mailbox, w});
                    }
                }
                server.kill();
                lagAtKills += checkWatermarks(data);
            }
            server.start();
            searchEach(port, words);
            server.kill();
        }
        System.out.println("IndexerKillNineTest: " + words.size() + " messages, " + lagAtKills
                + " of them not yet indexed at the kills");
        try (SqliteMailStore store = SqliteMailStore.open(data)) {
            assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
        }
        checkWatermarks(data);
        assertThat(count(data, "SELECT COUNT(*) FROM search_owners")).isEqualTo(words.size());
    }

    /** One MULTIAPPEND of {@link #BATCH} messages, each with a word of its own; returns the words once it is OK. */
    private static List<String> multiAppend(ImapClient c, String mailbox, int round, int batch) throws Exception {
        List<String> words = new ArrayList<>();
        String tag = c.send("APPEND " + mailbox);
        for (int i = 0; i < BATCH; i++) {
            String word = "kiwi" + round + "x" + batch + "x" + i + "zz";
            words.add(word);
            StringBuilder body = new StringBuilder("Subject: kill nine\r\n\r\nthe word is " + word + "\r\n");
            for (int k = 0; k < 150; k++) body.append("filler line ").append(k).append(" of some ordinary text\r\n");
            byte[] m = body.toString().getBytes(StandardCharsets.UTF_8);
            c.writeAscii(" {" + m.length + "+}\r\n");
            c.write(m);
        }
        c.writeAscii("\r\n");
        c.flush();
        c.readUntilTagged(tag, l -> { }).requireOk();
        return words;
    }

    private static void searchEach(int port, List<String[]> words) throws Exception {
        try (ImapClient c = ImapClient.login("127.0.0.1", port, "alice", "pw")) {
            for (String mailbox : MAILBOXES) {
                if (words.stream().noneMatch(w -> w[0].equals(mailbox))) continue; // not created yet
                c.command("SELECT " + mailbox).requireOk();
                for (int i = 0; i < words.size(); i += 7) {
                    if (!words.get(i)[0].equals(mailbox)) continue;
                    String word = words.get(i)[1];
                    List<String> hits = new ArrayList<>();
                    c.command("UID SEARCH BODY " + word, l -> {
                        if (l.text().startsWith("* SEARCH")) hits.add(l.text());
                    }).requireOk();
                    assertThat(hits).as(word).singleElement().matches(h -> h.split(" ").length == 3);
                }
            }
        }
    }

    /** Checks the index against the watermarks in the database file; returns how many messages lie above them. */
    private static long checkWatermarks(Path data) throws Exception {
        assertThat(count(data, "SELECT COUNT(*) FROM messages m JOIN search_indexed w ON w.mailbox_id = m.mailbox_id"
                + " WHERE m.uid <= w.uid AND NOT EXISTS (SELECT 1 FROM search_owners o WHERE o.blob_id = m.blob_id)"))
                .as("messages at or below the watermark without an index row").isZero();
        assertThat(count(data, "SELECT COUNT(*) FROM search_owners o WHERE NOT EXISTS (SELECT 1 FROM messages m"
                + " WHERE m.blob_id = o.blob_id)")).as("index rows of blobs no message uses").isZero();
        return count(data, "SELECT COUNT(*) FROM messages m LEFT JOIN search_indexed w ON w.mailbox_id = m.mailbox_id"
                + " WHERE m.uid > COALESCE(w.uid, 0)");
    }

    private static long count(Path data, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("satchel.db"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
