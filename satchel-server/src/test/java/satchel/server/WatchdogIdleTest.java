package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import satchel.session.ImapSession.Greeting;

/**
 * The idle timeout after login (RFC 3501 §5.4, at least 30 minutes) kept by the watchdog from the read clock
 * (issue 11): once a read has waited that long, the session is asked to end with the autologout BYE, as the socket
 * timeout did; not a tick before. The watchdog is driven with a clock moved forward, so nothing waits 30 minutes.
 */
class WatchdogIdleTest {
    @Test void aReadWaitingPastTheIdleTimeoutEndsTheSession() throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             var accepted = listener.accept()) {
            var transport = new SocketTransport(accepted, null, false);
            List<String> asked = new CopyOnWriteArrayList<>();
            var peer = new Peer(1, accepted, false);
            peer.attach(new Connection() {
                @Override public void run(Greeting greeting) { }

                @Override public void shutdown(String reason) { asked.add(reason); }
            }, transport);
            peer.loggedIn();
            transport.setReadTimeout(Duration.ofMinutes(30));
            var watchdog = new Watchdog(List.of(peer), Duration.ofMinutes(1), Duration.ofMinutes(1));
            Thread.ofVirtual().start(() -> {
                try {
                    transport.input().read();
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            SocketTransportTest.awaitReadBlocked(transport);

            watchdog.check(System.nanoTime() + Duration.ofMinutes(29).toNanos());
            assertThat(asked).isEmpty();
            watchdog.check(System.nanoTime() + Duration.ofMinutes(31).toNanos());
            assertThat(asked).containsExactly("Autologout; idle for too long");
            transport.close();
        }
    }
}
