package satchel.transcript;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server already running at host:port with fixed accounts ({@code transcript.users}, comma-separated, default
 * user1..user20; {@code transcript.password}, default "pass"). Nothing is wiped between tests.
 */
record ExternalTarget(String kind, InetSocketAddress imap, InetSocketAddress imaps, List<String> users,
                      String password, AtomicInteger next) implements Target {
    static ExternalTarget of(String hostPort) {
        String users = System.getProperty("transcript.users",
                String.join(",", java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> "user" + i).toList()));
        String imaps = System.getProperty("transcript.imaps");
        return new ExternalTarget(System.getProperty("transcript.kind", "external"), address(hostPort),
                imaps == null ? null : address(imaps), List.of(users.split(",")),
                System.getProperty("transcript.password", "pass"), new AtomicInteger());
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("transcript.target: want satchel, dovecot or host:port");
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override public Account account(String name, String password) {
        int i = next.getAndIncrement();
        if (i >= users.size()) throw new IllegalStateException("more test users than transcript.users lists");
        return new Account(users.get(i), this.password);
    }

    @Override public void close() {}
}
