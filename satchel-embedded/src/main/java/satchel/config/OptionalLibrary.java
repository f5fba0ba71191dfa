package satchel.config;

/**
 * Libraries the embeddable artifact ({@code satchel-embedded}) declares optional, because only some configurations
 * use them; the server distribution always has them. A configuration that needs a missing one fails at start with
 * the key that asked for it and the artifact to add, instead of a {@link NoClassDefFoundError} from deep inside.
 */
public enum OptionalLibrary {
    POSTGRESQL("store = postgresql", "org.postgresql.Driver", "org.postgresql:postgresql"),
    HIKARICP("store = postgresql", "com.zaxxer.hikari.HikariDataSource", "com.zaxxer:HikariCP"),
    NIMBUS_JOSE_JWT("auth.oauth.issuer", "com.nimbusds.jwt.proc.DefaultJWTProcessor", "com.nimbusds:nimbus-jose-jwt");

    private final String key;
    private final String probe;
    private final String artifact;

    OptionalLibrary(String key, String probe, String artifact) {
        this.key = key;
        this.probe = probe;
        this.artifact = artifact;
    }

    /** Throws {@link IllegalStateException} naming the configuration and the artifact when the library is absent. */
    public void require() {
        try {
            Class.forName(probe, false, OptionalLibrary.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(key + " needs " + artifact + " on the class path (an optional dependency "
                    + "of satchel-embedded; the server distribution has it)");
        }
    }
}
