package satchel.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import satchel.config.ServerConfig;
import satchel.store.MailStore;

/**
 * The running server: listeners for plain IMAP (with STARTTLS) and implicit TLS, one virtual thread per
 * connection, connection limits, graceful shutdown. Tests start it on port 0 and ask for the bound addresses.
 */
public final class ImapServer implements AutoCloseable {
    /** Opens the store named by the config (SQLite in dataDir, or memory) and starts listening. */
    public static ImapServer start(ServerConfig config) throws IOException {
        throw new UnsupportedOperationException("server helper");
    }

    public InetSocketAddress imapAddress() {
        throw new UnsupportedOperationException("server helper");
    }

    /** Null when implicit TLS is disabled. */
    public InetSocketAddress imapsAddress() {
        throw new UnsupportedOperationException("server helper");
    }

    public MailStore store() {
        throw new UnsupportedOperationException("server helper");
    }

    /** Stops accepting, sends BYE to every session, closes the store. */
    @Override public void close() {
        throw new UnsupportedOperationException("server helper");
    }
}
