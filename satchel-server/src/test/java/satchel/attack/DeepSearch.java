package satchel.attack;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unnamed class (i): commands that are short on the wire and deep or wide to parse and evaluate: SEARCH with
 * NOT / OR / parentheses nested thousands deep, and sequence sets of thousands of ranges (each under the 64 KB
 * line limit). Notes the slowest answer and the answers given per command.
 */
record DeepSearch() implements Attack {
    @Override public String name() { return "i-deep-search"; }
    @Override public String what() { return "SEARCH nested 15,000 deep (NOT, OR, parentheses) and 60 KB sequence sets, in a loop from 4 sessions"; }

    @Override public void prepare(Ctx ctx) throws Exception {
        Fixture.bigMailbox(ctx);
    }

    static List<String[]> commands() {
        StringBuilder distinct = new StringBuilder("1");
        for (int i = 3; distinct.length() < 60_000; i += 2) distinct.append(',').append(i);
        return List.of(
                new String[] {"not", "SEARCH " + "NOT ".repeat(15_000) + "ALL"},
                new String[] {"parens", "SEARCH " + "(".repeat(20_000) + "ALL" + ")".repeat(20_000)},
                new String[] {"or", "SEARCH " + "OR ".repeat(7_000) + "ALL ".repeat(7_000) + "ALL"},
                new String[] {"seqset", "FETCH " + distinct + " (FLAGS)"},
                new String[] {"uidranges", "UID SEARCH UID " + "1:4294967295,".repeat(4_500) + "1"},
                new String[] {"searchset", "SEARCH " + distinct + " TEXT lorem"});
    }

    @Override public String run(Ctx ctx) {
        List<String[]> cmds = commands();
        Map<String, String> answers = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, AtomicLong> slowest = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong rounds = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ctx.parallel(4, errors, i -> {
            Wire w = ctx.login(0, 0, 0);
            if (w == null) return;
            w.command("s", "SELECT " + Fixture.BIG);
            for (int r = 0; r < 50 && ctx.timeLeft(); r++) {
                for (String[] c : cmds) {
                    if (!ctx.timeLeft()) break;
                    long t0 = System.nanoTime();
                    String tag = c[0];
                    String a;
                    try {
                        a = NestedCreate.status(w.command(tag, c[1]));
                    } catch (IOException e) {
                        a = "cut";
                        answers.merge(c[0], a, (x, y) -> x.contains(y) ? x : x + "/" + y);
                        return;
                    }
                    answers.merge(c[0], a, (x, y) -> x.contains(y) ? x : x + "/" + y);
                    slowest.computeIfAbsent(c[0], k -> new AtomicLong()).accumulateAndGet(NestedCreate.ms(t0), Math::max);
                }
                rounds.incrementAndGet();
            }
        });
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] c : cmds) out.put(c[0], answers.getOrDefault(c[0], "-") + " max " + slowest.getOrDefault(c[0], new AtomicLong(-1)) + " ms");
        return rounds + " rounds: " + out;
    }
}
