package satchel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import satchel.bench.FreePort;
import satchel.bench.ImapClient;

/**
 * Durability under SIGKILL: clients append, flag and copy while the server is killed at a random moment; after
 * each restart on the same data directory every acknowledged APPEND (OK [APPENDUID]), STORE and COPY
 * (OK [COPYUID]) must be there with identical bytes, UIDs must ascend, UIDVALIDITY must not change and STATUS
 * must agree with the message list. Anything present but unacknowledged must still be a whole message we sent.
 *
 * <p>{@code -Dcrash.target=dovecot -Dcrash.port=N -Dcrash.user=U -Dcrash.pass=P} runs the same clients and
 * checks against an already running server without killing it: a check of the test's own bookkeeping.
 * {@code -Dcrash.cycles=N} and {@code -Dcrash.seed=S} reproduce a run (the seed is printed).
 */
class KillNineTest {
    private static final int CYCLES = Integer.getInteger("crash.cycles", 20);
    private static final int APPENDERS = 3;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void acknowledgedWritesSurviveSigkill(@TempDir Path tmp) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("KillNineTest seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean external = System.getProperty("crash.target", "satchel").equals("dovecot");
        String user = external ? System.getProperty("crash.user", "user20") : "alice";
        String pass = external ? System.getProperty("crash.pass", "pass") : "s3cret-kill-nine";
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        int port = external ? Integer.getInteger("crash.port", 10144) : FreePort.find();
        if (!external) ServerProcess.addUser(data, user, pass);

        Ledger ledger = new Ledger();
        try (ServerProcess server = new ServerProcess(data, port)) {
            if (!external) server.start();
            prepare(port, user, pass, ledger);
            int acknowledged = 0;
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                CrashWorkers workers = new CrashWorkers("127.0.0.1", port, user, pass, ledger);
                workers.start(cycle, APPENDERS, rnd.nextLong());
                // The kill lands anywhere from mid-login to deep into a burst of writes.
                Thread.sleep(50 + rnd.nextInt(700));
                if (!external) server.kill();
                workers.stop();
                assertThat(workers.failures).as("cycle %d: client errors while the server was up", cycle).isEmpty();
                acknowledged += workers.acknowledged.get();
                if (!external) server.start();
                verifyAll(port, user, pass, ledger, "after kill " + cycle);
            }
            System.out.println("KillNineTest: " + CYCLES + " kills, " + acknowledged + " acknowledged operations, "
                + ledger.messages.size() + " acknowledged messages verified");
            assertThat(acknowledged).as("the clients got work acknowledged at all").isPositive();
        }
    }

    /** Creates the archive and records where our UIDs start, so earlier content of a reused server is ignored. */
    private static void prepare(int port, String user, String pass, Ledger ledger) throws Exception {
        try (ImapClient c = ImapClient.login("127.0.0.1", port, user, pass)) {
            c.command("CREATE " + CrashWorkers.ARCHIVE);  // NO if it exists already: fine
            for (String mbox : new String[] {"INBOX", CrashWorkers.ARCHIVE}) {
                ledger.baseline.put(mbox, Verifier.status(c, mbox).get("UIDNEXT"));
            }
            c.logout();
        }
    }

    private static void verifyAll(int port, String user, String pass, Ledger ledger, String when) throws Exception {
        try (ImapClient c = ImapClient.login("127.0.0.1", port, user, pass)) {
            for (String mbox : new String[] {"INBOX", CrashWorkers.ARCHIVE}) {
                int attempts = 0;
                while (!Verifier.verify(c, ledger, mbox, when)) {
                    assertThat(++attempts).as("%s: %s keeps changing with no client connected", when, mbox).isLessThan(20);
                }
            }
            c.logout();
        }
    }
}
