package satchel.store;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 8474 object identifiers: MAILBOXID, EMAILID and THREADID, each a letter (F, M, T as in the RFC's examples)
 * and the base64url form of one AES block that encrypts what the store already numbers (kind, user, row id) under
 * a key kept in the store. AES is a permutation, so two different objects never share an id (§4, §5.1 "MUST NOT
 * refer to a different object"), and an id tells a user neither the row numbers behind it nor anything about
 * other users' mail (§7 asks servers not to leak information through ids). 23 characters of [A-Za-z0-9_-].
 *
 * <p>Thread-safe: each thread gets its own {@link Cipher}.
 */
public final class ObjectIds {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final byte MAILBOX = 1, EMAIL = 2, THREAD = 3;

    private final ThreadLocal<Cipher> cipher;

    /** {@code key}: 16 random bytes, kept for the life of the store (new ones would change every id). */
    public ObjectIds(byte[] key) {
        if (key.length != 16) throw new IllegalArgumentException("object id key must be 16 bytes");
        SecretKeySpec spec = new SecretKeySpec(key.clone(), "AES");
        this.cipher = ThreadLocal.withInitial(() -> {
            try {
                Cipher c = Cipher.getInstance("AES/ECB/NoPadding"); // one block, never two: ECB is a plain permutation
                c.init(Cipher.ENCRYPT_MODE, spec);
                return c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES is part of every Java runtime", e);
            }
        });
    }

    public static byte[] newKey() {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * The mailbox's id: a RENAME keeps it (same row), DELETE and CREATE of the name give a new one (new row and
     * UIDVALIDITY, {@link MailboxTree.Step.Insert}).
     */
    public String mailbox(MailboxInfo info) {
        return "F" + encode(MAILBOX, info.id().value(), info.uidValidity());
    }

    /** A message's id: the user's copies of one stored message (COPY, MOVE) share it; other users' copies do not. */
    public String email(long userId, long blobId) {
        return "M" + encode(EMAIL, userId, blobId);
    }

    /** A thread's id; {@code thread} is the store's number for the thread within the user's mail. */
    public String thread(long userId, long thread) {
        return "T" + encode(THREAD, userId, thread);
    }

    private String encode(byte kind, long a, long b) {
        if ((a >>> 56) != 0) throw new IllegalArgumentException("id out of range: " + a);
        ByteBuffer block = ByteBuffer.allocate(16).putLong(a | ((long) kind << 56)).putLong(b);
        try {
            return B64.encodeToString(cipher.get().doFinal(block.array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES of one block cannot fail", e);
        }
    }

    /** RFC 8474 §7 objectid: 1*255 of ALPHA / DIGIT / "_" / "-". */
    public static boolean valid(String id) {
        if (id.isEmpty() || id.length() > 255) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) return false;
        }
        return true;
    }
}
