package satchel.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import satchel.auth.Authenticator;
import satchel.config.ServerConfig;
import satchel.server.Stores;
import satchel.session.ImapSession;
import satchel.session.ImapSession.Greeting;
import satchel.store.MailStore;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.wire.LiteralSpool;

/**
 * {@code satchel imap-stdio --user NAME}: one PREAUTH session on stdin/stdout (RFC 3501 §3 transition 2),
 * for local programs and ssh tunnels. Only the IMAP stream goes to stdout; logs and errors go to stderr.
 */
@Command(name = "imap-stdio", description = "Serve one pre-authenticated IMAP session on stdin/stdout.")
final class ImapStdioCommand implements Callable<Integer> {
    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user the session runs as.")
    String user;

    ImapStdioCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        ServerConfig config = store.load();
        try {
            DataDir.requireStore(config);
        } catch (Failure e) {
            try {
                throw refuse(e.getMessage());
            } catch (IOException io) {
                throw e;
            }
        }
        Logs.apply(config.logging());
        try (MailStore mail = Stores.open(config)) {
            User account = mail.user(satchel.auth.UserNames.normalize(user)).orElse(null);
            if (account == null) throw refuse("no such user: " + user);
            var session = new ImapSession(mail, new Authenticator(mail, config.authThrottle()),
                    config.toSessionConfig().withSpool(LiteralSpool.under(config.spool())), io.stdio().get());
            session.run(new Greeting.PreAuth(account));
        } catch (IOException | StoreException e) {
            throw new Failure(e.getMessage(), e);
        }
        return 0;
    }

    /**
     * The client on stdout gets the reason too: a BYE as the greeting means the server refuses the connection
     * (RFC 3501 §7.1.5), rather than a silent close it cannot tell from a crash.
     */
    private Failure refuse(String reason) throws IOException {
        var transport = io.stdio().get();
        try (var out = transport.output()) {
            out.write(("* BYE " + reason.replaceAll("\\p{Cntrl}", "?") + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return new Failure(reason);
    }
}
