package satchel.server;

import java.net.Socket;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLSocket;

/** RFC 9266: the {@code tls-exporter} channel binding, from the JDK's RFC 8446 §7.5 exporter. */
final class ChannelBinding {
    static final String LABEL = "EXPORTER-Channel-Binding";
    static final int LENGTH = 32;

    private ChannelBinding() {}

    /** The 32 bytes for a TLS 1.3 socket, else null. */
    static byte[] tlsExporter(Socket socket) {
        if (!(socket instanceof SSLSocket ssl)) return null;
        if (!(ssl.getSession() instanceof ExtendedSSLSession session) || !"TLSv1.3".equals(session.getProtocol())) {
            return null;
        }
        try {
            // RFC 9266 §2: an empty context, which TLS 1.3 treats the same as none.
            return session.exportKeyingMaterialData(LABEL, new byte[0], LENGTH);
        } catch (SSLKeyException | UnsupportedOperationException e) {
            return null;
        }
    }
}
