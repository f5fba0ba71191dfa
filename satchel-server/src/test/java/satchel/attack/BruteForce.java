package satchel.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Class (e): password guessing from one address with parallel connections: LOGIN and AUTHENTICATE
 * SCRAM-SHA-256 (RFC 7677; a random proof is as wrong as any) for the victim, and LOGIN for made-up users.
 * Meanwhile, every 2 s, the legitimate user logs in with the right password from the attacking address (OK, or a
 * refusal such as BYE or NO [UNAVAILABLE], is fine; NO [AUTHENTICATIONFAILED] to a right password is not), and
 * the victim logs in from another address (must be OK: guessing must not lock the owner out).
 */
record BruteForce() implements Attack {
    @Override public String name() { return "e-brute-force"; }
    @Override public String what() { return "LOGIN and SCRAM-SHA-256 guessing from one address; right passwords from the same and another address"; }

    @Override public String run(Ctx ctx) {
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger attempts = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        Map<String, AtomicInteger> sameAddress = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> victim = new ConcurrentHashMap<>();
        Thread checker = Thread.ofVirtual().start(() -> {
            while (ctx.timeLeft()) {
                count(sameAddress, rightPassword(ctx, 0, ctx.target().legit()));
                count(victim, rightPassword(ctx, 1, ctx.target().victim()));
                ctx.sleep(2000);
            }
        });
        int max = ctx.sizes().bruteAttempts();
        AtomicInteger connects = new AtomicInteger();
        ctx.parallel(ctx.sizes().bruteConns(), errors, i -> {
            while (ctx.timeLeft() && attempts.get() < max && connects.incrementAndGet() <= max) {
                try (Wire w = ctx.open(0, false, 0)) {
                    String g = w.line();
                    if (!g.startsWith("* OK")) {
                        count(answers, "greeting " + Probe.clip(g).split(" ")[1]);
                        ctx.sleep(200);
                        continue;
                    }
                    for (int k = 0; ctx.timeLeft() && attempts.getAndIncrement() < max; k++) {
                        count(answers, guess(w, i, k, ctx.target()));
                    }
                } catch (IOException e) {
                    count(answers, "connection cut");
                }
            }
        });
        try {
            checker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int wrong = sameAddress.getOrDefault("NO [AUTHENTICATIONFAILED]", new AtomicInteger()).get();
        if (wrong > 0) ctx.problem(wrong + " right-password logins from the attacking address answered as wrong passwords");
        int victimOk = victim.getOrDefault("OK", new AtomicInteger()).get();
        int victimAll = victim.values().stream().mapToInt(AtomicInteger::get).sum();
        if (victimOk < victimAll) ctx.problem("the victim, from another address, got in " + victimOk + "/" + victimAll + " times");
        return Math.min(attempts.get(), max) + " guesses: " + new TreeMap<>(answers) + "; right password from the attacking address: "
                + new TreeMap<>(sameAddress) + "; victim from another address: " + new TreeMap<>(victim);
    }

    private static String guess(Wire w, int i, int k, Target t) throws IOException {
        String tag = "g" + k;
        return switch (k % 3) {
            case 0 -> code(tag, w.command(tag, "LOGIN " + Wire.quote(t.victim()) + " \"guess" + i + "x" + k + "\""));
            case 1 -> scram(w, tag, t.victim());
            default -> code(tag, w.command(tag, "LOGIN \"nobody" + i + "x" + k + "\" \"guess\""));
        };
    }

    /** SCRAM-SHA-256 without SASL-IR (any server), with a random proof: always a wrong password. */
    private static String scram(Wire w, String tag, String user) throws IOException {
        var b64 = Base64.getEncoder();
        String nonce = Long.toHexString(System.nanoTime()) + Ctx.random(1 << 30);
        w.send(tag + " AUTHENTICATE SCRAM-SHA-256\r\n");
        String l = w.until("+", tag);
        if (!l.startsWith("+")) return code(tag, l);
        w.send(b64.encodeToString(("n,,n=" + user + ",r=" + nonce).getBytes(StandardCharsets.UTF_8)) + "\r\n");
        l = w.until("+", tag);
        if (!l.startsWith("+")) return code(tag, l);
        String first = new String(Base64.getDecoder().decode(l.substring(1).trim()), StandardCharsets.UTF_8);
        String r = first.replaceAll("^.*r=([^,]*).*$", "$1");
        byte[] proof = new byte[32];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(proof);
        w.send(b64.encodeToString(("c=biws,r=" + r + ",p=" + b64.encodeToString(proof)).getBytes(StandardCharsets.UTF_8)) + "\r\n");
        l = w.until("+", tag);
        if (l.startsWith("+")) { // a server-final with e=invalid-proof: RFC 5802 §7, the client answers empty
            w.send("\r\n");
            l = w.await(tag);
        }
        return "SCRAM " + code(tag, l);
    }

    /** A right password from source address k; the answer, reduced to status and response code. */
    private static String rightPassword(Ctx ctx, int k, String user) {
        try (Wire w = Wire.open(ctx.target(), ctx.from(k), false, 10_000, 0)) {
            String g = w.line();
            if (!g.startsWith("* OK")) return "greeting BYE";
            return code("r", w.command("r", "LOGIN " + Wire.quote(user) + " " + Wire.quote(ctx.target().password())));
        } catch (IOException e) {
            return "error " + e.getClass().getSimpleName();
        }
    }

    /** "r NO [UNAVAILABLE] text" -> "NO [UNAVAILABLE]". */
    static String code(String tag, String tagged) {
        String rest = tagged.startsWith(tag + " ") ? tagged.substring(tag.length() + 1) : tagged;
        String[] f = rest.split(" ", 3);
        if (f.length > 1 && f[1].startsWith("[") && !f[0].equals("OK")) {
            int end = rest.indexOf(']');
            return end > 0 ? rest.substring(0, end + 1) : f[0];
        }
        return f[0];
    }

    private static void count(Map<String, AtomicInteger> m, String key) {
        m.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
}
