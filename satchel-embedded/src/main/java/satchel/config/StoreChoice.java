package satchel.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Which mail store the server runs on ({@code store} and the {@code store.*} keys). */
public sealed interface StoreChoice {
    /** The configuration word: {@code sqlite}, {@code memory} or {@code postgresql}. */
    String keyword();

    /** The embedded default: one SQLite database in the data directory. */
    record Sqlite() implements StoreChoice {
        @Override public String keyword() { return "sqlite"; }
    }

    /** Nothing is kept (tests, embedding). */
    record Memory() implements StoreChoice {
        @Override public String keyword() { return "memory"; }
    }

    /**
     * A PostgreSQL database several nodes may share.
     *
     * @param url {@code postgresql://HOST[:PORT]/DATABASE}, without credentials
     * @param user the database role
     * @param passwordFile a file holding the password (first line), or null for password-less authentication;
     *                     never the password itself, which would show in process lists and printed configurations
     */
    record Postgresql(String url, String user, Path passwordFile) implements StoreChoice {
        public Postgresql {
            if (url == null) throw new IllegalArgumentException("store.url must be set for store = postgresql");
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("store.url: not a URL: " + e.getMessage());
            }
            if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null
                    || uri.getPath().length() < 2 || uri.getPath().indexOf('/', 1) >= 0) {
                throw new IllegalArgumentException("store.url must be postgresql://HOST[:PORT]/DATABASE, not \"" + url
                        + "\"");
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null) {
                throw new IllegalArgumentException("store.url must hold no user, password or options"
                        + " (use store.user and store.password-file)");
            }
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException("store.user must be set for store = postgresql");
            }
        }

        @Override public String keyword() { return "postgresql"; }
    }

    /** {@code sqlite} or {@code memory}; {@code postgresql} needs its settings, see {@link Postgresql}. */
    static StoreChoice of(String keyword) {
        return switch (keyword) {
            case "sqlite" -> new Sqlite();
            case "memory" -> new Memory();
            default -> throw new IllegalArgumentException("store must be sqlite, memory or postgresql, not \""
                    + keyword + "\"");
        };
    }
}
