package satchel.transcript;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Dovecot reference peer ({@code shared/peers/dovecot.sh}, found by walking up from the working directory or
 * given as {@code transcript.dovecot.script}), started once per JVM on {@code transcript.dovecot.port} (default
 * 10243) with its state in {@code transcript.dovecot.dir} (default: a directory under java.io.tmpdir, because
 * Dovecot's unprivileged processes cannot read a root home). Test users are handed out from the fixed accounts
 * (testuser, user1..user20, password "pass") in rotation, and a user's maildir is deleted before it is handed out
 * again, so every test starts from a new account: INBOX plus the autocreated special-use mailboxes.
 */
final class DovecotTarget implements Target {
    private static final List<String> POOL = pool();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static InetSocketAddress address;

    private DovecotTarget() {}

    static synchronized DovecotTarget open() throws IOException, InterruptedException {
        if (address == null) address = start();
        return new DovecotTarget();
    }

    @Override public String kind() { return "dovecot"; }

    @Override public InetSocketAddress imap() { return address; }

    @Override public InetSocketAddress imaps() { return null; } // the peer runs with ssl = no

    @Override public Account account(String name, String password) {
        String login = POOL.get(NEXT.getAndIncrement() % POOL.size());
        // Last used POOL.size() allocations ago, so its imap processes are long gone.
        SatchelTarget.delete(dir().resolve("mail").resolve(login));
        return new Account(login, "pass");
    }

    @Override public void close() {}

    private static List<String> pool() {
        var users = new ArrayList<String>();
        for (int i = 1; i <= 20; i++) users.add("user" + i);
        users.add("testuser");
        return List.copyOf(users);
    }

    static int port() {
        return Integer.getInteger("transcript.dovecot.port", 10243);
    }

    static Path dir() {
        return Path.of(System.getProperty("transcript.dovecot.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "satchel-transcripts-dovecot").toString()));
    }

    private static InetSocketAddress start() throws IOException, InterruptedException {
        var addr = new InetSocketAddress("127.0.0.1", port());
        if (listening(addr)) return addr;
        var pb = new ProcessBuilder("bash", script().toString(), "start", String.valueOf(port()))
                .redirectErrorStream(true);
        pb.environment().put("PEER_DIR", dir().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0)
            throw new IOException("dovecot.sh start failed: " + out);
        return addr;
    }

    private static boolean listening(InetSocketAddress addr) {
        try (var s = new Socket()) {
            s.connect(addr, 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path script() throws IOException {
        String explicit = System.getProperty("transcript.dovecot.script");
        if (explicit != null) return Path.of(explicit);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("shared/peers/dovecot.sh");
            if (Files.isRegularFile(s)) return s;
        }
        throw new IOException("shared/peers/dovecot.sh not found above the working directory;"
                + " set -Dtranscript.dovecot.script");
    }
}
