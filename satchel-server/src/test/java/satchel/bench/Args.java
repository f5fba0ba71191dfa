package satchel.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} and {@code --flag} options; unknown names are rejected when read, not silently ignored. */
record Args(Map<String, String> values) {
    static Args parse(String[] argv, int from) {
        Map<String, String> m = new HashMap<>();
        for (int i = from; i < argv.length; i++) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + argv[i]);
            String name = argv[i].substring(2);
            boolean hasValue = i + 1 < argv.length && !argv[i + 1].startsWith("--");
            m.put(name, hasValue ? argv[++i] : "true");
        }
        return new Args(m);
    }

    String str(String name, String dflt) { return values.getOrDefault(name, dflt); }
    int integer(String name, int dflt) { return Integer.parseInt(str(name, String.valueOf(dflt))); }
    boolean flag(String name) { return Boolean.parseBoolean(str(name, "false")); }
    String host() {
        String h = str("host", "127.0.0.1");
        // The tool only ever talks to this machine: benchmarks must not become a load generator elsewhere.
        if (!h.equals("127.0.0.1") && !h.equals("localhost") && !h.equals("::1")) {
            throw new IllegalArgumentException("--host must be loopback");
        }
        return h;
    }
    int port() { return integer("port", 143); }
    String user() { return users().getFirst(); }
    List<String> users() { return List.of(str("users", str("user", "user1")).split(",")); }
    String pass() { return str("pass", "pass"); }
    long pid() { return Long.parseLong(str("pid", "0")); }
}
