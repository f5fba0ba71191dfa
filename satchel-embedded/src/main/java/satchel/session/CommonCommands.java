package satchel.session;

import java.io.IOException;
import java.util.List;
import satchel.protocol.Command.AnyState;
import satchel.protocol.Command.Capability;
import satchel.protocol.Command.Id;
import satchel.protocol.Command.Logout;
import satchel.protocol.Command.Noop;
import satchel.wire.Response;

/** RFC 3501 §6.1 (any state): CAPABILITY, NOOP, LOGOUT; and RFC 2971 ID. */
final class CommonCommands {
    private final Env env;

    CommonCommands(Env env) {
        this.env = env;
    }

    SessionState run(SessionState state, AnyState cmd) throws IOException {
        Replies out = env.out();
        return switch (cmd) {
            case Capability _ -> {
                out.send(Response.untagged().atom("CAPABILITY").raw(" " + Capabilities.join(env.capabilities(state))));
                out.ok("Capability completed.");
                yield state;
            }
            // Mailbox updates for a selected session follow in the loop, before the tagged OK (RFC 3501 §6.1.2).
            case Noop _ -> {
                out.ok("NOOP completed.");
                yield state;
            }
            case Logout _ -> {
                out.send(Response.untagged().atom("BYE").text("Logging out"));
                out.ok("Logout completed.");
                yield new SessionState.Logout();
            }
            case Id _ -> {
                // RFC 2971 §3.3: a small, well-formed list; long or odd ones broke Outlook logins elsewhere.
                Response r = Response.untagged().atom("ID").open();
                for (String s : List.of("name", "Satchel", "vendor", "Satchel", "version", Version.VERSION)) r.string(s);
                out.send(r.close());
                out.ok("ID completed.");
                yield state;
            }
        };
    }
}
