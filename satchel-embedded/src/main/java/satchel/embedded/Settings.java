package satchel.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import satchel.auth.Authenticator;
import satchel.auth.BearerTokens;
import satchel.config.ConfigException;
import satchel.config.ConfigFile;
import satchel.config.OptionalLibrary;
import satchel.config.ServerConfig;

/**
 * The configuration-file settings an embedding gives through {@link Satchel.Builder#config}: kept by key (a key
 * given twice keeps the last value) and applied at start on top of the embedded defaults, so a value there wins.
 * Keys the builder answers itself, with a typed method or not at all, are refused when given, naming the way.
 */
final class Settings {
    private final Map<String, String> values = new LinkedHashMap<>();

    void put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        String refusal = builderOwns(key);
        if (refusal != null) throw new IllegalArgumentException(key + ": " + refusal);
        values.put(key, value);
    }

    /** Why the builder does not take {@code key} as a setting, or null when it does. */
    private static String builderOwns(String key) {
        if (key.equals("data-dir")) return "use dataDirectory(path) or inMemory()";
        if (key.equals("store") || key.startsWith("store.")) return "the embedded store is chosen by inMemory() or "
                + "dataDirectory(path)";
        if (key.equals("imap") || key.equals("imaps")) return "use imap(port) or imaps(port); the embedded server "
                + "listens on loopback only";
        if (key.startsWith("tls.")) return "the embedded server uses its in-memory certificate (certificate(), "
                + "sslContext())";
        if (key.startsWith("logging.")) return "an embedded server logs through the program's own SLF4J backend";
        if (key.equals("lmtp") || key.startsWith("lmtp.")) return "the embedded server has no LMTP listener; "
                + "use smtp(port) or deliver(...)";
        return null;
    }

    /**
     * {@code config} with the settings applied; a bad key or value is an {@link IllegalArgumentException} with the
     * configuration file's message (unknown keys get a "did you mean" guess). Relative paths resolve against the
     * working directory.
     */
    ServerConfig applyTo(ServerConfig config) {
        if (values.isEmpty()) return config;
        try {
            return ConfigFile.apply("Satchel.builder().config", values, config, Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** OAUTHBEARER and XOAUTH2 (RFC 7628) when {@code auth.oauth.*} names an issuer, as {@code satchel serve} does. */
    static void bearerTokens(Authenticator auth, ServerConfig config) throws IOException {
        if (!config.oauth().configured()) return;
        OptionalLibrary.NIMBUS_JOSE_JWT.require();
        auth.withBearerTokens(BearerTokens.load(config.oauth()));
    }
}
