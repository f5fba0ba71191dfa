package satchel.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import satchel.config.ServerConfig;
import satchel.server.AdminChannel;

/**
 * The command-line end of the {@link AdminChannel}: sends one request to the server running on a data directory
 * and returns the data lines of the answer ("* " removed) with the final OK line's text last.
 */
final class AdminClient {
    private AdminClient() {}

    /** The server's answer; fails with one line when there is no store, no server, or the server says NO. */
    static List<String> call(ServerConfig config, String request) throws Failure {
        DataDir.requireStore(config);
        Optional<String> holder = DataDir.holder(config);
        if (holder.isEmpty()) throw new Failure("no server is running on " + config.dataDir());
        Path socket = config.dataDir().resolve(AdminChannel.SOCKET);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            var in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("* ")) lines.add(line.substring(2));
                else if (line.startsWith("OK")) {
                    lines.add(line.substring(2).strip());
                    return lines;
                } else if (line.startsWith("NO")) {
                    throw new Failure("the server refused: " + line.substring(2).strip());
                }
            }
            throw new Failure("the server on " + config.dataDir() + " closed the admin socket without an answer");
        } catch (IOException e) {
            throw new Failure("cannot reach the server on " + config.dataDir() + " (" + holder.get() + ") through "
                    + socket + ": " + satchel.config.PathErrors.reason(e), e);
        }
    }
}
