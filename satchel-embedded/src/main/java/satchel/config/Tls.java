package satchel.config;

import java.nio.file.Path;

/** Where the server's TLS certificate comes from. */
public sealed interface Tls {
    /** Generated on first start and kept in {@code dataDir/tls/} (for testing and private setups). */
    record SelfSigned() implements Tls {}

    /** A PEM certificate chain (leaf first, e.g. Let's Encrypt's fullchain.pem) and its private key (privkey.pem). */
    record Pem(Path certificateChain, Path privateKey) implements Tls {
        public Pem {
            if (certificateChain == null || privateKey == null) {
                throw new IllegalArgumentException("tls.certificate and tls.private-key must be set together");
            }
        }
    }
}
