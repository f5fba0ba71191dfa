package satchel.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Mail the attacks need in place before their window: the first attacker's mailbox "big". */
final class Fixture {
    static final String BIG = "big";

    private Fixture() {}

    /** Fills attacker 0's mailbox "big" up to bigMessages messages of bigMessageBytes each (idempotent). */
    static void bigMailbox(Ctx ctx) throws IOException {
        try (Wire w = Wire.open(ctx.target(), ctx.from(0), false, 60_000, 0)) {
            if (!w.login(ctx.target().attacker(0), ctx.target().password())) throw new IOException("attacker login refused");
            int have = messages(w);
            if (have < 0) { // no such mailbox yet (a write; skipped when it exists, in case the store is busy)
                w.command("c", "CREATE " + BIG);
                have = 0;
            }
            for (int i = have; i < ctx.sizes().bigMessages(); i++) {
                byte[] msg = message(i, ctx.sizes().bigMessageBytes());
                w.send("a APPEND " + BIG + " {" + msg.length + "}\r\n");
                if (!w.until("+", "a").startsWith("+")) throw new IOException("APPEND to " + BIG + " refused");
                w.send(msg);
                w.send("\r\n");
                String r = w.await("a");
                if (!r.startsWith("a OK")) throw new IOException("APPEND to " + BIG + ": " + r);
            }
            w.command("o", "LOGOUT");
        }
    }

    /** MESSAGES of "big" from STATUS, or -1 when STATUS fails (no such mailbox). */
    private static int messages(Wire w) throws IOException {
        w.send("s STATUS " + BIG + " (MESSAGES)\r\n");
        int have = -1;
        String l;
        for (l = w.line(); !l.startsWith("s "); l = w.line()) {
            Matcher m = Pattern.compile("MESSAGES (\\d+)").matcher(l);
            if (m.find()) have = Integer.parseInt(m.group(1));
        }
        return l.startsWith("s OK") ? have : -1;
    }

    static byte[] message(int i, int bytes) {
        StringBuilder b = new StringBuilder("From: attacker@attack.invalid\r\nTo: victim@attack.invalid\r\nSubject: filler "
                + i + "\r\nMessage-ID: <big-" + i + "@attack.invalid>\r\nContent-Type: text/plain\r\n\r\n");
        String line = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt " + i + "\r\n";
        while (b.length() < bytes) b.append(line);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
