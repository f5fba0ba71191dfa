package satchel.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link ImapClient#commandSkipping} finds the completion after responses it never decodes: literals whose bytes
 * look like the completion, a "{n}" split across reads, lines longer than the client's buffer, literal8.
 */
class ImapClientSkippingTest {
    @Test void skipsLiteralsAndLongLinesUpToTheTaggedCompletion() throws Exception {
        var responses = new ByteArrayOutputStream();
        for (int i = 1; i <= 3000; i++) {
            // The literal holds what the completion of the next command looks like, and a line that ends in "{5}".
            byte[] literal = ("x\r\na2 OK fake " + i + "\r\nnot a literal {5}\r\n" + "y".repeat(i % 97))
                    .getBytes(StandardCharsets.US_ASCII);
            responses.writeBytes(("* " + i + " FETCH (UID " + i + " BODY[] {" + literal.length + "}\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            responses.writeBytes(literal);
            responses.writeBytes(" BINARY[1] ~{3}\r\na2 ENVELOPE (NIL))\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        responses.writeBytes(("* 1 FETCH (X " + "z".repeat(200_000) + ")\r\n").getBytes(StandardCharsets.US_ASCII));
        responses.writeBytes("a2 OK done\r\n* OK after\r\na3 OK next\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] script = responses.toByteArray();

        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> serve(server, script));
            try (ImapClient c = ImapClient.connect(server.getInetAddress().getHostAddress(), server.getLocalPort(), 10_000)) {
                assertThat(c.command("NOOP").ok()).isTrue();
                long before = c.bytesRead();
                ImapClient.Result r = c.commandSkipping("FETCH 1:* (UID BODY[])");
                assertThat(r.ok()).isTrue();
                assertThat(r.text()).isEqualTo("done");
                assertThat(c.command("NOOP").text()).isEqualTo("next");
                assertThat(c.bytesRead() - before).isEqualTo(script.length);
            }
            peer.join();
        }
    }

    /** Greets, answers the first command "a1 OK", then writes {@code script} in small uneven writes. */
    private static void serve(ServerSocket server, byte[] script) {
        try (Socket s = server.accept()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("* OK ready\r\n".getBytes(StandardCharsets.US_ASCII));
            readLine(in);
            out.write("a1 OK hi\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            readLine(in);
            for (int off = 0, step = 1; off < script.length; off += step, step = step % 4099 + 7) {
                out.write(script, off, Math.min(step, script.length - off));
            }
            out.flush();
            readLine(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void readLine(InputStream in) throws java.io.IOException {
        int b;
        while ((b = in.read()) != '\n') if (b < 0) throw new java.io.EOFException();
    }
}
