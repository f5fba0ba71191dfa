package satchel.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Class (j): storage amplification by COPY. One 10,000-byte message, then {@code COPY 1:*} into the selected mailbox
 * again and again: each round doubles the mailbox at the cost of one short command (the store shares the bytes, but
 * every copy is a message the user holds). Without a quota it grows without bound; with one (bench/attack.sh gives
 * the attacker user10 {@code satchel quota set --storage 100M}) the COPY that would pass it is {@code NO [OVERQUOTA]}
 * and storage stays under the limit. At most 14 rounds (16,384 messages, 160 MB) where nothing stops it.
 */
record CopyAmplify() implements Attack {
    private static final int ROUNDS = 14;
    private static final String BOX = "amplify";

    @Override public String name() { return "j-copy-amplify"; }

    @Override public String what() {
        return "one 10,000-byte message, then COPY 1:* into the same mailbox in a loop (each round doubles it), as user10 (quota 100M)";
    }

    @Override public String run(Ctx ctx) throws IOException {
        Wire w = ctx.login(0, 6, 0); // attacker 6: user10, the one with a quota
        if (w == null) return "attacker login refused";
        w.command("d", "DELETE " + BOX); // a rerun on the same data starts from one message again
        w.command("c", "CREATE " + BOX);
        byte[] msg = message();
        w.send("a APPEND " + BOX + " {" + msg.length + "}\r\n");
        if (!w.until("+", "a").startsWith("+")) return "APPEND refused";
        w.send(msg);
        w.send("\r\n");
        if (!w.await("a").startsWith("a OK")) return "APPEND failed";
        if (!w.command("s", "SELECT " + BOX).startsWith("s OK")) return "SELECT failed";
        String last = "";
        int rounds = 0;
        long t0 = System.nanoTime();
        while (rounds < ROUNDS && ctx.timeLeft()) {
            last = w.command("k" + rounds, "COPY 1:* " + BOX);
            if (!last.startsWith("k" + rounds + " OK")) break;
            rounds++;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        w.send("z STATUS " + BOX + " (MESSAGES SIZE)\r\n");
        String status = w.until("* STATUS", "z");
        w.await("z");
        return rounds + " COPY rounds OK in " + ms + " ms, then " + (rounds == ROUNDS ? "stopped (cap)"
                : NestedCreate.status(last)) + "; " + status.replaceFirst("^\\* STATUS \\S+ ", "");
    }

    private static byte[] message() {
        String head = "From: a@example.org\r\nTo: b@example.org\r\nSubject: amplify\r\n\r\n";
        StringBuilder b = new StringBuilder(head);
        while (b.length() < 10_000 - 2) b.append('x');
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
