package satchel.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} that builds the real one on first use. The JDK's first context costs a cold JVM about
 * 0.4 s of CPU (the JSSE provider, cipher suites, its random source), which an embedded test server that nobody
 * connects to over TLS should not pay at start. Every call after the first goes straight to the built context,
 * so a server still has one context (one session cache) of its own. Thread-safe.
 */
final class LazySslContext extends SSLContext {
    /** Builds the real context; called at most once (unless it fails, and then again at the next use). */
    interface Builder {
        SSLContext build() throws IOException;
    }

    LazySslContext(Builder builder) {
        super(new Spi(builder), null, "TLS");
    }

    private static final class Spi extends SSLContextSpi {
        private final Builder builder;
        private volatile SSLContext real;

        Spi(Builder builder) {
            this.builder = builder;
        }

        private SSLContext real() {
            SSLContext r = real;
            if (r != null) return r;
            synchronized (this) {
                if (real == null) {
                    try {
                        real = builder.build();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return real;
            }
        }

        @Override protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("already initialised with the server's certificate");
        }

        @Override protected SSLSocketFactory engineGetSocketFactory() {
            return real().getSocketFactory();
        }

        @Override protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real().getServerSocketFactory();
        }

        @Override protected SSLEngine engineCreateSSLEngine() {
            return real().createSSLEngine();
        }

        @Override protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real().createSSLEngine(host, port);
        }

        @Override protected SSLSessionContext engineGetServerSessionContext() {
            return real().getServerSessionContext();
        }

        @Override protected SSLSessionContext engineGetClientSessionContext() {
            return real().getClientSessionContext();
        }

        @Override protected SSLParameters engineGetDefaultSSLParameters() {
            return real().getDefaultSSLParameters();
        }

        @Override protected SSLParameters engineGetSupportedSSLParameters() {
            return real().getSupportedSSLParameters();
        }
    }
}
