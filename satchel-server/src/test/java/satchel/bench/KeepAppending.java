package satchel.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the backup benchmark: N connections APPEND generated messages to INBOX until the process is killed,
 * printing the running total once a second (so the script can say how much was written during the backup).
 * <pre>java -cp … satchel.bench.KeepAppending PORT USER PASS CLIENTS</pre>
 */
public final class KeepAppending {
    private KeepAppending() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[3]);
        AtomicLong done = new AtomicLong();
        for (int i = 0; i < clients; i++) {
            ImapClient c = ImapClient.login("127.0.0.1", port, args[1], args[2]);
            MessageGen gen = new MessageGen(500 + i, false);
            int id = i;
            Thread.ofPlatform().daemon().start(() -> {
                for (long k = 0; ; k++) {
                    try {
                        if (c.append("INBOX", null, gen.next("keep-" + id + "-" + k)).ok()) done.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }
        for (long s = 1; ; s++) {
            Thread.sleep(1000);
            System.out.println(s + " s: " + done.get() + " appended");
        }
    }
}
