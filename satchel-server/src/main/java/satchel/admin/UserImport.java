package satchel.admin;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.auth.UserNames;
import satchel.store.MailStore;
import satchel.store.StoreException;

/**
 * {@code satchel user import FILE}: many accounts at once, one per line, in the spirit of Dovecot's passwd-file:
 *
 * <pre>
 *   name:password                           hashed here (Argon2id, and SCRAM-SHA-256 keys)
 *   name:{PLAIN}password                    the same, for a password that itself starts with "{"
 *   name:{ARGON2ID}$argon2id$v=19$m=…$salt$hash[:SCRAM-SHA-256$4096:salt$StoredKey:ServerKey]
 *                                           precomputed, stored as given (without SCRAM keys, SCRAM-SHA-256
 *                                           logins fail until the password is set again)
 * </pre>
 * The name ends at the first ":" (a name with ":" cannot be imported); the password is the rest of the line.
 * Blank lines and lines starting with "#" are skipped. Not all-or-nothing: every good line is imported, every bad
 * one (invalid name, malformed hash, a name twice in the file or already in the store) is reported as
 * {@code FILE:LINE: reason} and the exit code is 1. Hashing, the slow part (Argon2id costs tens of milliseconds
 * by design), runs on one thread per core; the store's group commit folds the concurrent inserts into few
 * transactions.
 */
@Command(name = "import", description = {"Add many users from FILE (- for standard input), one name:password or "
        + "name:{ARGON2ID}hash per line; bad lines are reported with their numbers and skipped, the rest imported.",
        "Exit codes: 0 all imported, 1 some lines refused (or the file unreadable)."})
final class UserImport extends UserCommands.Base {
    @Parameters(index = "0", paramLabel = "FILE") String file;

    @Option(names = "--threads", paramLabel = "N", description = "Hashing threads (default: one per core).")
    Integer threads;

    /** One account to create: the password in clear, or the hashes as given. */
    record Entry(int line, String name, String password, String hash, String scram) {}

    UserImport(Io io) {
        super(io);
    }

    @Override public Integer call() throws Failure {
        if (threads != null && threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--threads': must be at least 1, got " + threads);
        }
        DataDir.requireStore(store.load()); // before reading a file that could not be imported
        List<String> lines = read();
        Map<Integer, String> errors = new ConcurrentSkipListMap<>();
        List<Entry> entries = parse(lines, errors);
        AtomicInteger added = new AtomicInteger();
        long started = System.nanoTime();
        UserCommands.withStore(store, s -> create(s, entries, errors, added));
        errors.forEach((line, why) -> io.err().println(label() + ":" + line + ": " + why));
        io.out().printf("Imported %d user(s) from %s in %.1f s; %d line(s) refused.%n", added.get(), label(),
                (System.nanoTime() - started) / 1e9, errors.size());
        return errors.isEmpty() ? 0 : 1;
    }

    private String label() {
        return file.equals("-") ? "(standard input)" : file;
    }

    /** Strict UTF-8: a Latin-1 file would otherwise import names nobody can type. */
    private List<String> read() throws Failure {
        try {
            byte[] bytes = file.equals("-") ? io.in().readAllBytes() : Files.readAllBytes(Path.of(file));
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.lines().toList();
        } catch (CharacterCodingException e) {
            throw new Failure("FILE: " + label() + " is not UTF-8 text");
        } catch (IOException e) {
            throw new Failure(satchel.config.PathErrors.of("FILE", "read", Path.of(file), e).getMessage(), e);
        }
    }

    static List<Entry> parse(List<String> lines, Map<Integer, String> errors) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) continue;
            int colon = line.indexOf(':');
            if (colon < 0) {
                errors.put(n, "expected name:password");
                continue;
            }
            String name = UserNames.normalize(line.substring(0, colon));
            var problem = UserNames.problem(name);
            if (problem.isPresent()) {
                errors.put(n, "invalid user name \"" + name.replaceAll("\\p{Cntrl}", "?") + "\": " + problem.get());
                continue;
            }
            String secret = line.substring(colon + 1);
            Entry e = entry(n, name, secret, errors);
            if (e == null) continue;
            if (!seen.add(name)) {
                errors.put(n, "user " + name + " appears more than once in the file");
                continue;
            }
            entries.add(e);
        }
        return entries;
    }

    private static Entry entry(int n, String name, String secret, Map<Integer, String> errors) {
        if (secret.startsWith("{ARGON2ID}")) {
            String[] parts = secret.substring("{ARGON2ID}".length()).split(":", 2);
            if (Passwords.parse(parts[0]).isEmpty()) {
                errors.put(n, "not an Argon2id hash in PHC form ($argon2id$v=19$m=…,t=…,p=…$salt$hash)");
                return null;
            }
            if (parts.length == 2 && Scram.Keys.parse(parts[1]).isEmpty()) {
                errors.put(n, "not SCRAM-SHA-256 keys (SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey)");
                return null;
            }
            return new Entry(n, name, null, parts[0], parts.length == 2 ? parts[1] : null);
        }
        if (secret.startsWith("{PLAIN}")) secret = secret.substring("{PLAIN}".length());
        else if (secret.startsWith("{")) {
            errors.put(n, "unknown scheme " + secret.substring(0, Math.max(1, secret.indexOf('}') + 1))
                    + "; expected {PLAIN} or {ARGON2ID}");
            return null;
        }
        if (secret.isEmpty()) {
            errors.put(n, "the password must not be empty");
            return null;
        }
        return new Entry(n, name, secret, null, null);
    }

    private void create(MailStore s, List<Entry> entries, Map<Integer, String> errors, AtomicInteger added)
            throws Failure {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        // Platform threads: Argon2id is CPU work and SQLite pins its carrier, so virtual threads gain nothing here.
        ExecutorService pool = Executors.newFixedThreadPool(n, Thread.ofPlatform().name("import-", 0).factory());
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Entry e : entries) done.add(pool.submit(() -> createOne(s, e, errors, added)));
            for (var f : done) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted; " + added.get() + " user(s) imported so far");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Failure("import failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void createOne(MailStore s, Entry e, Map<Integer, String> errors, AtomicInteger added) {
        try {
            if (s.user(e.name()).isPresent()) {
                errors.put(e.line(), "user " + e.name() + " already exists");
                return;
            }
            String hash = e.password() != null ? Passwords.hash(e.password()) : e.hash();
            String scram = e.password() != null ? Scram.storedKeys(e.password()) : e.scram();
            s.createUser(e.name(), hash, scram);
            added.incrementAndGet();
        } catch (StoreException ex) {
            errors.put(e.line(), "user " + e.name() + ": " + ex.getMessage());
        }
    }
}
