package satchel.attack;

import java.util.List;
import java.util.Set;

/**
 * Every class, in running order: the measurement first (on a fresh heap); the nested CREATE late, because on a
 * server that takes minutes over it the work goes on after the class and would spoil the rows after it; the
 * shutdown last (it ends the server).
 */
final class Catalog {
    private Catalog() {}

    static List<Attack> all() {
        return List.of(new PreauthRss(),
                new Floods.OneAddress(false), new Floods.OneAddress(true), new Floods.ManyAddresses(), new Floods.SlowTls(),
                new HalfAppend(), new Slowloris(), new NonReader(), new BruteForce(),
                new Deflate.Bomb(), new Deflate.Corrupt(), new LongLine(),
                new Pipeline(), new DeepSearch(), new IdStorm(), new LiteralStorm(), new IdleFlood(),
                new CopyAmplify(), new NestedCreate(), new Shutdown());
    }

    /**
     * The classes {@code only} names, by letter ("a" runs every a-…), by prefix ("rss") or by full name; all of
     * them when {@code only} is empty.
     */
    static List<Attack> select(Set<String> only) {
        if (only.isEmpty()) return all();
        List<Attack> out = all().stream().filter(a -> only.stream().anyMatch(o -> a.name().equals(o)
                || a.name().startsWith(o + "-"))).toList();
        if (out.isEmpty()) throw new IllegalArgumentException("no class matches " + only + "; classes: "
                + all().stream().map(Attack::name).toList());
        return out;
    }
}
