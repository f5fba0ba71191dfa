package satchel.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import satchel.session.ImapSession.Greeting;
import satchel.session.Transport;

/**
 * A stand-in for the session in server tests: greets ("* OK secure=… tls=…" or "* BYE reason"), echoes
 * each line back as "* ECHO line", ends at EOF, and answers shutdown with "* BYE reason".
 */
final class FakeConnections {
    private FakeConnections() {}

    static final Connection.Factory FACTORY = (store, auth, config, transport, observer) -> new Connection() {
        private final Object writeLock = new Object();

        @Override public void run(Greeting greeting) {
            try {
                switch (greeting) {
                    case Greeting.Ok() -> write(transport, "* OK secure=" + transport.secure() + " tls=" + transport.tlsAvailable());
                    case Greeting.PreAuth(var user) -> write(transport, "* PREAUTH " + user.name());
                    case Greeting.Bye(String reason) -> {
                        write(transport, "* BYE " + reason);
                        return;
                    }
                }
                for (String line = line(transport.input()); line != null; line = line(transport.input())) {
                    write(transport, "* ECHO " + line);
                }
            } catch (IOException e) {
                // the client or shutdown closed the connection
            } finally {
                transport.close();
            }
        }

        @Override public void shutdown(String reason) {
            try {
                write(transport, "* BYE " + reason);
            } catch (IOException e) {
                // already closed
            }
            transport.close();
        }

        private void write(Transport t, String line) throws IOException {
            synchronized (writeLock) {
                OutputStream out = t.output();
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
    };

    static String line(InputStream in) throws IOException {
        var buf = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) return buf.size() == 0 ? null : buf.toString(StandardCharsets.US_ASCII);
            if (b != '\r') buf.write(b);
        }
        return buf.toString(StandardCharsets.US_ASCII);
    }
}
