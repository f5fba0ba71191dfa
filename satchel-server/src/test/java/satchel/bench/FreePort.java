package satchel.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a free loopback port, for scripts that start servers. */
public final class FreePort {
    private FreePort() {}

    public static void main(String[] args) throws IOException {
        System.out.println(find());
    }

    public static int find() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
