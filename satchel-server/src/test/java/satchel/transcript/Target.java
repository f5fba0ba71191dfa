package satchel.transcript;

import java.net.InetSocketAddress;

/**
 * The IMAP server under test, one per test. Chosen by the system property {@code transcript.target}: absent or
 * {@code satchel} starts Satchel in process (memory store), {@code dovecot} uses the Dovecot peer started by
 * {@code shared/peers/dovecot.sh}, {@code host:port} any running server with fixed accounts.
 */
public interface Target extends AutoCloseable {
    /** "satchel", "dovecot" or (for host:port) the value of {@code transcript.kind}, default "external". */
    String kind();

    InetSocketAddress imap();

    /** The implicit-TLS address, or null when the target has none. */
    InetSocketAddress imaps();

    /** An account for a test user called {@code name}: created on Satchel, mapped onto a fixed one elsewhere. */
    Account account(String name, String password) throws Exception;

    /** Sets the user's own quota limits ({@code !quota}); only where the test can reach the store. */
    default void quota(String name, String storage, String messages) throws Exception {
        throw new UnsupportedOperationException("!quota needs the satchel target (mark the file !only satchel)");
    }

    @Override void close();

    /** The credentials to send; on Dovecot they differ from the name and password a transcript asked for. */
    record Account(String login, String password) {}

    /** The kind of the configured target, known without starting it (for {@code !only}). */
    static String configuredKind() {
        String t = System.getProperty("transcript.target", "satchel");
        return switch (t) {
            case "satchel", "" -> "satchel";
            case "dovecot" -> "dovecot";
            default -> System.getProperty("transcript.kind", "external");
        };
    }

    /** Opens the configured target; {@code implicitTls} asks Satchel to listen for IMAPS too. */
    static Target open(boolean implicitTls) throws Exception {
        String t = System.getProperty("transcript.target", "satchel");
        return switch (t) {
            case "satchel", "" -> SatchelTarget.start(implicitTls);
            case "dovecot" -> DovecotTarget.open();
            default -> ExternalTarget.of(t);
        };
    }
}
