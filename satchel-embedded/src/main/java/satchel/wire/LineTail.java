package satchel.wire;

/**
 * The last few line bytes consumed, so that skipping a bad line can tell whether it ended in a literal
 * announcement "{n}" or "{n+}" (RFC 7888 §4) without buffering the line.
 */
final class LineTail {
    private static final int SIZE = 32; // "{" + 19 digits + "+}" + CR fits
    private final byte[] ring = new byte[SIZE];
    private int head, len;

    void add(int b) {
        ring[head] = (byte) b;
        head = (head + 1) % SIZE;
        if (len < SIZE) len++;
    }

    void clear() {
        len = 0;
    }

    /** The n-th byte from the end (1 = last), or -1 if not remembered. */
    private int back(int n) {
        return n > len ? -1 : ring[Math.floorMod(head - n, SIZE)] & 0xff;
    }

    /**
     * The size announced if the bytes so far (before the LF) end with "{n+}" (CR optional), -1 otherwise:
     * also -1 for a synchronising "{n}", whose payload the client holds back.
     */
    long nonSyncLiteral() {
        int i = 1;
        if (back(i) == '\r') i++;
        if (back(i++) != '}' || back(i++) != '+') return -1;
        int digits = 0;
        while (ImapReader.isDigit(back(i + digits))) digits++;
        if (digits == 0 || digits > 18 || back(i + digits) != '{') return -1;
        long n = 0;
        for (int k = i + digits - 1; k >= i; k--) n = n * 10 + (back(k) - '0');
        return n;
    }
}
