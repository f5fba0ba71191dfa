package satchel.auth;

/** Password hashing (Argon2id via BouncyCastle), PHC string format, constant-time verification. */
public final class Passwords {
    private Passwords() {}

    public static String hash(String password) {
        throw new UnsupportedOperationException("server helper");
    }

    public static boolean verify(String password, String phc) {
        throw new UnsupportedOperationException("server helper");
    }
}
