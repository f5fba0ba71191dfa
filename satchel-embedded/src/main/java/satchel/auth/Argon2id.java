package satchel.auth;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id version 1.3 (RFC 9106) with its working memory off the Java heap, in a segment freed after each hash.
 * BouncyCastle's {@code Argon2BytesGenerator} holds the 19 MiB of a default hash as 19,456 arrays of 1 KiB on the
 * heap: a few logins at once are promoted through the young generation in milliseconds, and G1's adaptive start
 * threshold, which predicts the old generation's growth from such samples, then stays at 0 and runs concurrent
 * cycles back to back for minutes (docs/benchmarks.md, issue 11, "Argon2id's working memory"). Here the heap sees
 * four 1 KiB blocks per hash. Blake2b (H0 and H') is BouncyCastle's; the block fill follows RFC 9106 section 3 and
 * is checked against BouncyCastle's output in the tests. One lane after another on the calling thread, as
 * BouncyCastle does. Thread-safe (no shared state).
 */
final class Argon2id {
    static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    private static final int BLOCK_BYTES = 1024;
    private static final int WORDS = 128;
    private static final int SYNC_POINTS = 4;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int lanes;
    private final int iterations;
    private final int memoryBlocks;
    private final int segmentLength;
    private final int laneLength;
    private final MemorySegment memory;
    // The block being made, its predecessor's copy, the reference block, and the compression's scratch.
    private final long[] prev = new long[WORDS];
    private final long[] ref = new long[WORDS];
    private final long[] r = new long[WORDS];
    private final long[] q = new long[WORDS];
    // Argon2i addressing for the first half of the first pass.
    private final long[] input = new long[WORDS];
    private final long[] address = new long[WORDS];

    private Argon2id(int memoryKiB, int iterations, int lanes, MemorySegment memory) {
        this.lanes = lanes;
        this.iterations = iterations;
        this.segmentLength = Math.max(memoryKiB / (lanes * SYNC_POINTS), 2);
        this.laneLength = segmentLength * SYNC_POINTS;
        this.memoryBlocks = laneLength * lanes;
        this.memory = memory;
    }

    /** The memory a hash with these parameters takes: m rounded down to a multiple of 4 lanes (RFC 9106, 3.2). */
    static long memoryBytes(int memoryKiB, int lanes) {
        return (long) Math.max(memoryKiB / (lanes * SYNC_POINTS), 2) * SYNC_POINTS * lanes * BLOCK_BYTES;
    }

    /** The tag, {@code out.length} bytes, for {@code password} and {@code salt}; secret and associated data empty. */
    static void hash(byte[] password, byte[] salt, int memoryKiB, int iterations, int lanes, byte[] out) {
        hash(password, salt, new byte[0], new byte[0], memoryKiB, iterations, lanes, out);
    }

    static void hash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKiB, int iterations,
                     int lanes, byte[] out) {
        if (lanes < 1 || memoryKiB < 8 * lanes || iterations < 1 || out.length < 4) {
            throw new IllegalArgumentException("bad Argon2 parameters");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(memoryBytes(memoryKiB, lanes), Long.BYTES);
            try {
                new Argon2id(memoryKiB, iterations, lanes, memory).run(password, salt, secret, associated, memoryKiB,
                        out);
            } finally {
                memory.fill((byte) 0); // as BouncyCastle clears its blocks: no password-derived state left behind
            }
        }
    }

    private void run(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKiB, byte[] out) {
        // H0 (RFC 9106, 3.2 step 1): the parameters and inputs, each length-prefixed, into Blake2b-512.
        var h0 = new Blake2bDigest(512);
        for (int v : new int[] {lanes, out.length, memoryKiB, iterations, VERSION, TYPE_ID}) le32(h0, v);
        for (byte[] field : new byte[][] {password, salt, secret, associated}) {
            le32(h0, field.length);
            h0.update(field, 0, field.length);
        }
        byte[] seed = new byte[64 + 8];
        h0.doFinal(seed, 0);
        // The first two blocks of each lane: H'(H0 || LE32(column) || LE32(lane)).
        byte[] block = new byte[BLOCK_BYTES];
        for (int lane = 0; lane < lanes; lane++) {
            for (int column = 0; column < 2; column++) {
                putLe32(seed, 64, column);
                putLe32(seed, 68, lane);
                hPrime(seed, block);
                MemorySegment.copy(block, 0, memory, ValueLayout.JAVA_BYTE, offset(lane * laneLength + column),
                        BLOCK_BYTES);
            }
        }
        Arrays.fill(seed, (byte) 0);
        for (int pass = 0; pass < iterations; pass++) {
            for (int slice = 0; slice < SYNC_POINTS; slice++) {
                for (int lane = 0; lane < lanes; lane++) fillSegment(pass, lane, slice);
            }
        }
        // The final block: the XOR of each lane's last block, through H'.
        long[] last = r;
        read(laneLength - 1, last);
        for (int lane = 1; lane < lanes; lane++) {
            read(lane * laneLength + laneLength - 1, q);
            for (int i = 0; i < WORDS; i++) last[i] ^= q[i];
        }
        for (int i = 0; i < WORDS; i++) putLe64(block, i * 8, last[i]);
        hPrime(block, out);
        Arrays.fill(block, (byte) 0);
        for (long[] a : new long[][] {prev, ref, r, q, input, address}) Arrays.fill(a, 0);
    }

    /** RFC 9106, 3.2 steps 5-6 and 3.4: one segment of one lane in one pass. */
    private void fillSegment(int pass, int lane, int slice) {
        boolean independent = pass == 0 && slice < SYNC_POINTS / 2; // Argon2id: Argon2i addressing there
        int start = pass == 0 && slice == 0 ? 2 : 0;
        if (independent) {
            Arrays.fill(input, 0);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = memoryBlocks;
            input[4] = iterations;
            input[5] = TYPE_ID;
            if (start != 0) nextAddresses();
        }
        int current = lane * laneLength + slice * segmentLength + start;
        read(current % laneLength == 0 ? current + laneLength - 1 : current - 1, prev);
        for (int index = start; index < segmentLength; index++, current++) {
            long pseudoRandom;
            if (independent) {
                if (index % WORDS == 0) nextAddresses();
                pseudoRandom = address[index % WORDS];
            } else {
                pseudoRandom = prev[0];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
            int refColumn = referenceColumn(pass, slice, index, pseudoRandom, refLane == lane);
            read(refLane * laneLength + refColumn, ref);
            // prev := G(prev, ref), XORed into the block's old contents after the first pass (version 1.3).
            for (int i = 0; i < WORDS; i++) r[i] = prev[i] ^ ref[i];
            System.arraycopy(r, 0, q, 0, WORDS);
            permute(q);
            if (pass == 0) {
                for (int i = 0; i < WORDS; i++) prev[i] = q[i] ^ r[i];
            } else {
                read(current, prev);
                for (int i = 0; i < WORDS; i++) prev[i] ^= q[i] ^ r[i];
            }
            MemorySegment.copy(prev, 0, memory, WORD, offset(current), WORDS);
        }
    }

    /** RFC 9106, 3.4.1.2: the reference block's column, from J1 and the blocks that may be referenced. */
    private int referenceColumn(int pass, int slice, int index, long pseudoRandom, boolean sameLane) {
        long startPosition;
        long areaSize;
        if (pass == 0) {
            startPosition = 0;
            areaSize = sameLane ? (long) slice * segmentLength + index - 1
                    : (long) slice * segmentLength + (index == 0 ? -1 : 0);
        } else {
            startPosition = (long) ((slice + 1) * segmentLength) % laneLength;
            areaSize = sameLane ? (long) laneLength - segmentLength + index - 1
                    : (long) laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long x = pseudoRandom & 0xFFFFFFFFL;
        x = (x * x) >>> 32;
        x = areaSize - 1 - ((areaSize * x) >>> 32);
        return (int) ((startPosition + x) % laneLength);
    }

    /** RFC 9106, 3.4.2: the next 128 pseudo-random values, G(0, G(0, input)) after counting the input up. */
    private void nextAddresses() {
        input[6]++;
        compressFromZero(input, address);
        compressFromZero(address, address);
    }

    /** {@code out} := G(0, {@code in}); the two may be the same array. */
    private void compressFromZero(long[] in, long[] out) {
        System.arraycopy(in, 0, r, 0, WORDS);
        System.arraycopy(in, 0, q, 0, WORDS);
        permute(q);
        for (int i = 0; i < WORDS; i++) out[i] = q[i] ^ r[i];
    }

    /** RFC 9106, 3.5: P over the 8 rows of 16 words, then over the 8 columns of 2-word pairs. */
    private static void permute(long[] v) {
        for (int i = 0; i < 8; i++) {
            int b = 16 * i;
            round(v, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7,
                    b + 8, b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15);
        }
        for (int i = 0; i < 8; i++) {
            int b = 2 * i;
            round(v, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49,
                    b + 64, b + 65, b + 80, b + 81, b + 96, b + 97, b + 112, b + 113);
        }
    }

    private static void round(long[] v, int v0, int v1, int v2, int v3, int v4, int v5, int v6, int v7,
                              int v8, int v9, int v10, int v11, int v12, int v13, int v14, int v15) {
        gb(v, v0, v4, v8, v12);
        gb(v, v1, v5, v9, v13);
        gb(v, v2, v6, v10, v14);
        gb(v, v3, v7, v11, v15);
        gb(v, v0, v5, v10, v15);
        gb(v, v1, v6, v11, v12);
        gb(v, v2, v7, v8, v13);
        gb(v, v3, v4, v9, v14);
    }

    /** RFC 9106, 3.6: Blake2b's G with the multiplications that make it BlaMka. */
    private static void gb(long[] v, int ia, int ib, int ic, int id) {
        long a = v[ia], b = v[ib], c = v[ic], d = v[id];
        a += b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
        d = Long.rotateRight(d ^ a, 32);
        c += d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL);
        b = Long.rotateRight(b ^ c, 24);
        a += b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
        d = Long.rotateRight(d ^ a, 16);
        c += d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL);
        b = Long.rotateRight(b ^ c, 63);
        v[ia] = a;
        v[ib] = b;
        v[ic] = c;
        v[id] = d;
    }

    /** RFC 9106, 3.3: H', Blake2b stretched to {@code out.length} bytes. */
    private static void hPrime(byte[] in, byte[] out) {
        int length = out.length;
        if (length <= 64) {
            var digest = new Blake2bDigest(length * 8);
            le32(digest, length);
            digest.update(in, 0, in.length);
            digest.doFinal(out, 0);
            return;
        }
        byte[] v = new byte[64];
        var digest = new Blake2bDigest(512);
        le32(digest, length);
        digest.update(in, 0, in.length);
        digest.doFinal(v, 0);
        int r = (length + 31) / 32 - 2;
        int at = 0;
        System.arraycopy(v, 0, out, at, 32);
        at += 32;
        for (int i = 2; i <= r; i++) {
            digest.update(v, 0, 64);
            digest.doFinal(v, 0);
            System.arraycopy(v, 0, out, at, 32);
            at += 32;
        }
        var tail = new Blake2bDigest((length - 32 * r) * 8);
        tail.update(v, 0, 64);
        tail.doFinal(out, at);
        Arrays.fill(v, (byte) 0);
    }

    private void read(int block, long[] into) {
        MemorySegment.copy(memory, WORD, offset(block), into, 0, WORDS);
    }

    private static long offset(int block) {
        return (long) block * BLOCK_BYTES;
    }

    private static void le32(Blake2bDigest digest, int value) {
        byte[] b = new byte[4];
        putLe32(b, 0, value);
        digest.update(b, 0, 4);
    }

    private static void putLe32(byte[] b, int at, int value) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (value >>> (8 * i));
    }

    private static void putLe64(byte[] b, int at, long value) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (value >>> (8 * i));
    }
}
