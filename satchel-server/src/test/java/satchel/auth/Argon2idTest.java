package satchel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * {@link Argon2id}, the off-heap Argon2id behind {@link Passwords}, against RFC 9106's test vector and against
 * BouncyCastle's {@code Argon2BytesGenerator} (which made every stored hash before it) byte for byte.
 */
class Argon2idTest {
    private static byte[] bouncyCastle(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKiB,
                                       int iterations, int lanes, int length) {
        var params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB).withIterations(iterations).withParallelism(lanes)
                .withSalt(salt).withSecret(secret).withAdditional(associated).build();
        var generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] ours(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKiB,
                               int iterations, int lanes, int length) {
        byte[] out = new byte[length];
        Argon2id.hash(password, salt, secret, associated, memoryKiB, iterations, lanes, out);
        return out;
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    /** RFC 9106, 5.3: Argon2id, m=32, t=3, p=4, with secret and associated data. */
    @Test void rfc9106TestVector() {
        byte[] password = filled(32, 1), salt = filled(16, 2), secret = filled(8, 3), associated = filled(12, 4);
        byte[] expected = HexFormat.of().parseHex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
        assertThat(ours(password, salt, secret, associated, 32, 3, 4, 32)).isEqualTo(expected);
        assertThat(bouncyCastle(password, salt, secret, associated, 32, 3, 4, 32)).isEqualTo(expected);
    }

    @Test void theDefaultParametersGiveBouncyCastlesHash() {
        var random = new Random(1);
        for (String password : List.of("correct horse", "", "pässwörd", "\uD83D\uDD11", "x".repeat(1000))) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            byte[] p = password.getBytes(StandardCharsets.UTF_8);
            assertThat(ours(p, salt, new byte[0], new byte[0], Passwords.MEMORY_KIB, Passwords.ITERATIONS, 1, 32))
                    .as(password)
                    .isEqualTo(bouncyCastle(p, salt, new byte[0], new byte[0], Passwords.MEMORY_KIB,
                            Passwords.ITERATIONS, 1, 32));
        }
    }

    /** Random inputs and shapes: memory not a multiple of 4 lanes, several lanes and passes, tags of 4 to 200 bytes. */
    @Test void randomInputsGiveBouncyCastlesHash() {
        var random = new Random(2);
        int[] lengths = {4, 16, 31, 32, 33, 63, 64, 65, 96, 128, 200};
        for (int i = 0; i < 60; i++) {
            int lanes = 1 + random.nextInt(i % 3 == 0 ? 5 : 2);
            int memory = 8 * lanes + random.nextInt(300);
            int iterations = 1 + random.nextInt(4);
            byte[] password = new byte[random.nextInt(70)];
            byte[] salt = new byte[8 + random.nextInt(40)];
            byte[] secret = new byte[i % 4 == 0 ? random.nextInt(20) : 0];
            byte[] associated = new byte[i % 5 == 0 ? random.nextInt(20) : 0];
            for (byte[] b : new byte[][] {password, salt, secret, associated}) random.nextBytes(b);
            int length = lengths[i % lengths.length];
            assertThat(ours(password, salt, secret, associated, memory, iterations, lanes, length))
                    .as("case %d: m=%d t=%d p=%d T=%d", i, memory, iterations, lanes, length)
                    .isEqualTo(bouncyCastle(password, salt, secret, associated, memory, iterations, lanes, length));
        }
    }

    /** Larger memory: the reference columns reach across the whole lane over more than one address block. */
    @Test void largerMemoryGivesBouncyCastlesHash() {
        byte[] salt = "saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII);
        for (int[] s : new int[][] {{4096, 3, 1}, {5000, 2, 3}, {65_536, 1, 1}}) {
            byte[] password = ("password " + s[0]).getBytes(StandardCharsets.UTF_8);
            assertThat(ours(password, salt, new byte[0], new byte[0], s[0], s[1], s[2], 32))
                    .isEqualTo(bouncyCastle(password, salt, new byte[0], new byte[0], s[0], s[1], s[2], 32));
        }
    }

    /** Hashes running at once on the hash threads: each has its own memory and gets its own answer. */
    @Test void concurrentHashesOnThePoolThreads() throws Exception {
        var pool = new HashPool(3);
        var random = new Random(3);
        int n = 6;
        List<String> passwords = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            String password = "password " + i;
            byte[] tag = bouncyCastle(password.getBytes(StandardCharsets.UTF_8), salt, new byte[0], new byte[0],
                    2048 + 512 * i, 2, 1, 32);
            passwords.add(password);
            hashes.add(new Passwords.Phc(Argon2id.VERSION, 2048 + 512 * i, 2, 1, salt, tag).format());
        }
        var verdicts = new ConcurrentHashMap<String, Boolean>();
        List<Thread> callers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                int k = i, r = round;
                callers.add(Thread.ofVirtual().start(() -> {
                    verdicts.put(r + " own " + k, pool.run(() -> Passwords.verify(passwords.get(k), hashes.get(k))));
                    verdicts.put(r + " other " + k,
                            pool.run(() -> Passwords.verify(passwords.get(k), hashes.get((k + 1) % n))));
                }));
            }
        }
        for (Thread t : callers) t.join(120_000);
        assertThat(verdicts).hasSize(3 * 2 * n);
        verdicts.forEach((k, v) -> assertThat(v).as(k).isEqualTo(k.contains("own")));
    }

    /** The point of it: a default hash's 19 MiB are not on the Java heap (BouncyCastle's were, as 19,456 arrays). */
    @Test void aHashAllocatesAlmostNothingOnTheHeap() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        byte[] out = new byte[32];
        byte[] salt = new byte[16];
        Argon2id.hash("warm".getBytes(StandardCharsets.UTF_8), salt, 64, 1, 1, out); // classes loaded first
        long before = threads.getCurrentThreadAllocatedBytes();
        Argon2id.hash("password".getBytes(StandardCharsets.UTF_8), salt, Passwords.MEMORY_KIB, Passwords.ITERATIONS,
                1, out);
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);
    }

    @Test void hashesMadeByPasswordsAreBouncyCastles() {
        for (String password : List.of("one", "two", "pässwörd")) {
            String phc = Passwords.hash(password);
            var parsed = Passwords.parse(phc).orElseThrow();
            byte[] tag = bouncyCastle(password.getBytes(StandardCharsets.UTF_8), parsed.salt(), new byte[0],
                    new byte[0], parsed.memoryKiB(), parsed.iterations(), parsed.parallelism(), 32);
            assertThat(parsed.hash()).isEqualTo(tag);
        }
    }
}
