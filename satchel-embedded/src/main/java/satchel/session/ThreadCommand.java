package satchel.session;

import java.io.IOException;
import java.util.List;
import satchel.protocol.Command.Threads;
import satchel.session.SessionState.Selected;
import satchel.store.StoreException;
import satchel.thread.ThreadMessage;
import satchel.thread.ThreadNode;
import satchel.thread.Threading;
import satchel.wire.Response;

/**
 * THREAD and UID THREAD (RFC 5256 §3): SEARCH's matching, then ORDEREDSUBJECT or REFERENCES ({@link Threading})
 * over the keys kept since delivery ({@link SortKeyCache}).
 */
final class ThreadCommand {
    private final Env env;

    ThreadCommand(Env env) {
        this.env = env;
    }

    void run(Selected state, Threads cmd) throws IOException, StoreException {
        Replies out = env.out();
        if (!SortCommand.supportedCharset(cmd.charset())) {
            out.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset " + cmd.charset());
            return;
        }
        if (SearchCommand.usesModSeq(cmd.criteria())) env.enableCondstore(state.view()); // RFC 7162 §3.1
        List<ThreadMessage> messages = SortCommand.rows(env, state, cmd.criteria()).stream().map(r -> new ThreadMessage(
                cmd.byUid() ? r.entry().meta().uid() : r.entry().seq(), r.fields().subject(),
                r.fields().replyOrForward(), r.sentSeconds(), r.fields().messageId(), r.fields().references())).toList();
        List<ThreadNode> threads = switch (cmd.algorithm()) {
            case ORDEREDSUBJECT -> Threading.orderedSubject(messages);
            case REFERENCES -> Threading.references(messages);
        };
        Response r = Response.untagged().atom("THREAD");
        if (!threads.isEmpty()) r.raw(" " + ThreadNode.render(threads));
        out.queue(r);
        out.ok("Thread completed.");
    }
}
