package satchel.attack;

/**
 * How hard each class pushes: every loop of every attack is bounded by one of these counts and by
 * {@code seconds} per class; {@code settleSeconds} bounds the wait for a quiet server between classes. {@link #full} is what bench/attack.sh runs; {@link #tiny} keeps the JUnit smoke test
 * to a few seconds.
 */
record Sizes(int seconds, int floodConnects, int floodHold, int addresses, int perAddress, int slowTlsConns,
             int nestedBytes, int appendSessions, int appendLiteral, int slowlorisConns, int nonReaders,
             int bigMessages, int bigMessageBytes, int bruteConns, int bruteAttempts, long bombBytes,
             long longLineBytes, int pipelineCommands, int idleSessions, int preauthConns, int shutdownClients, int settleSeconds) {

    static Sizes full() {
        return new Sizes(15, 6_000, 2_000, 20, 100, 1_500, 60_000, 50, 32 << 20, 300, 20, 100, 256 << 10, 8, 2_000,
                1L << 30, 100L << 20, 200_000, 200, 2_000, 10, 30);
    }

    static Sizes tiny() {
        return new Sizes(2, 30, 30, 2, 3, 5, 2_000, 2, 1 << 20, 5, 2, 5, 16 << 10, 2, 20, 4L << 20, 1L << 20,
                1_000, 4, 20, 2, 2);
    }

    Sizes withSeconds(int s) {
        return new Sizes(s, floodConnects, floodHold, addresses, perAddress, slowTlsConns, nestedBytes, appendSessions,
                appendLiteral, slowlorisConns, nonReaders, bigMessages, bigMessageBytes, bruteConns, bruteAttempts,
                bombBytes, longLineBytes, pipelineCommands, idleSessions, preauthConns, shutdownClients, settleSeconds);
    }
}
