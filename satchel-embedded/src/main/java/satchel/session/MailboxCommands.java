package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import satchel.protocol.Command.Append;
import satchel.protocol.Command.AuthOrSelected;
import satchel.protocol.Command.Compress;
import satchel.protocol.Command.Create;
import satchel.protocol.Command.Delete;
import satchel.protocol.Command.AuthOnly;
import satchel.protocol.Command.Enable;
import satchel.protocol.Command.GetQuota;
import satchel.protocol.Command.GetQuotaRoot;
import satchel.protocol.Command.SetQuota;
import satchel.protocol.Command.Idle;
import satchel.protocol.Command.ListMailboxes;
import satchel.protocol.Command.Namespace;
import satchel.protocol.Command.Rename;
import satchel.protocol.Command.Select;
import satchel.protocol.Command.Status;
import satchel.protocol.Command.StatusItem;
import satchel.protocol.Command.Subscribe;
import satchel.protocol.MailboxName;
import satchel.session.SessionState.Authenticated;
import satchel.session.SessionState.Selected;
import satchel.store.MailboxInfo;
import satchel.store.MailboxStatus;
import satchel.store.StoreException;
import satchel.wire.Response;
import satchel.wire.Settings;

/** RFC 3501 §6.3 (authenticated or selected): mailbox-level commands, plus IDLE, NAMESPACE, ENABLE, COMPRESS. */
final class MailboxCommands {
    private static final java.util.Set<String> CREATABLE_USES =
            java.util.Set.of("\\Archive", "\\Drafts", "\\Junk", "\\Sent", "\\Trash");

    private final Env env;
    private final ListCommand list;
    private final AppendCommand append;
    private final IdleCommand idle;
    private final QuotaCommands quota;
    private final MetadataCommands metadata;

    MailboxCommands(Env env) {
        this.env = env;
        this.list = new ListCommand(env);
        this.append = new AppendCommand(env);
        this.idle = new IdleCommand(env);
        this.quota = new QuotaCommands(env);
        this.metadata = new MetadataCommands(env);
    }

    SessionState run(SessionState state, UserContext user, AuthOrSelected cmd) throws IOException {
        Replies out = env.out();
        try {
            return switch (cmd) {
                case Select c -> select(state, user, c);
                case Create c -> {
                    create(user, c);
                    yield state;
                }
                case Delete c -> {
                    switch (c.mailbox()) {
                        case MailboxName.Valid(String name) -> delete(user, name);
                        case MailboxName.Invalid bad -> out.no("NONEXISTENT", bad.message());
                    }
                    yield state;
                }
                case Rename c -> {
                    rename(user, c);
                    yield state;
                }
                case Subscribe c -> {
                    switch (c.mailbox()) {
                        case MailboxName.Valid(String name) -> {
                            user.mail().subscribe(name, c.subscribe());
                            out.ok((c.subscribe() ? "Subscribe" : "Unsubscribe") + " completed.");
                        }
                        // no mailbox has this name: none can be subscribed to, so none is subscribed
                        case MailboxName.Invalid bad -> out.no(c.subscribe() ? "CANNOT" : "NONEXISTENT", bad.message());
                    }
                    yield state;
                }
                case ListMailboxes c when c.lsub() && env.settings().imap4rev2() ->
                        // RFC 9051 has no LSUB (Appendix E.19): LIST (SUBSCRIBED) replaces it.
                        bad(state, "LSUB is not part of IMAP4rev2; use LIST (SUBSCRIBED)");
                case ListMailboxes c when c.returnStatus().contains(StatusItem.RECENT) && env.settings().imap4rev2() ->
                        bad(state, "RECENT is not a STATUS item in IMAP4rev2");
                case ListMailboxes c -> {
                    list.run(user, c);
                    yield state;
                }
                case Status c -> {
                    status(state, user, c);
                    yield state;
                }
                case Append c -> {
                    append.run(user, c, state instanceof SessionState.Selected s
                            ? java.util.Optional.of(s.view()) : java.util.Optional.empty());
                    yield state;
                }
                case Idle _ -> idle.run(state);
                case Namespace _ -> {
                    // RFC 2342: one personal namespace, no prefix; no other users' or shared namespaces.
                    out.send(Response.untagged().atom("NAMESPACE").raw(" ((\"\" \"/\")) NIL NIL"));
                    out.ok("Namespace completed.");
                    yield state;
                }
                case Compress c -> compress(state, c);
                case GetQuota c -> {
                    quota.getQuota(user, c);
                    yield state;
                }
                case GetQuotaRoot c -> {
                    quota.getQuotaRoot(user, c);
                    yield state;
                }
                case SetQuota c -> {
                    quota.setQuota(c);
                    yield state;
                }
                case satchel.protocol.Command.GetMetadata c -> {
                    metadata.get(user, c);
                    yield state;
                }
                case satchel.protocol.Command.SetMetadata c -> {
                    metadata.set(user, c);
                    yield state;
                }
                case satchel.protocol.Command.Notify c -> {
                    new NotifyCommand(env).run(state, user, c);
                    yield state;
                }
            };
        } catch (StoreException e) {
            StoreErrors.no(out, e);
            return state;
        }
    }

    /** Transitions 5 and 6: success selects; any failure leaves the Selected state too (RFC 3501 §6.3.1). */
    private SessionState select(SessionState state, UserContext user, Select cmd) throws IOException, StoreException {
        Replies out = env.out();
        // RFC 7162 §3.2.11 / RFC 9051 §7.1: the boundary between the old mailbox's responses and the new one's.
        if (state instanceof Selected) {
            out.send(Response.untagged().atom("OK").code("CLOSED").text("Previous mailbox closed."));
        }
        if (!(cmd.mailbox() instanceof MailboxName.Valid(String name))) {
            out.no("NONEXISTENT", ((MailboxName.Invalid) cmd.mailbox()).message());
            return new Authenticated(user);
        }
        Optional<MailboxInfo> found = user.mail().find(name);
        if (found.isEmpty() || !found.get().selectable()) {
            out.no("NONEXISTENT", "Mailbox does not exist");
            return new Authenticated(user);
        }
        // RFC 9586: message sequence match data names messages by number.
        if (env.settings().uidOnly() && cmd.qresync().flatMap(q -> q.seqMatch()).isPresent()) {
            out.bad("UIDREQUIRED", "QRESYNC sequence match data uses message numbers; not after ENABLE UIDONLY");
            return state instanceof Selected ? new Authenticated(user) : state;
        }
        if (cmd.qresync().isPresent() && !env.settings().qresync()) {
            // RFC 7162 §3.2.5: QRESYNC parameters are only valid once ENABLE QRESYNC was issued.
            out.bad("QRESYNC must be enabled first");
            return state instanceof Selected ? new Authenticated(user) : state;
        }
        if (cmd.condstore()) env.enableCondstore(null); // reported by SELECT's own HIGHESTMODSEQ
        MailboxView view;
        try {
            view = MailboxView.open(user, env.store(), found.get(), cmd.readOnly(), env.conn()::settings);
        } catch (StoreException e) {
            StoreErrors.no(out, e);
            return new Authenticated(user);
        }
        SelectResponses.send(out, env.settings(), user.mail(), view);
        if (cmd.qresync().isPresent()) Resync.afterSelect(out, user.mail(), view, cmd.qresync().get(), env.settings());
        SelectResponses.mailboxId(out, user.mail(), view.info());
        out.ok(cmd.readOnly() ? "READ-ONLY" : "READ-WRITE", (cmd.readOnly() ? "Examine" : "Select") + " completed.");
        return new Selected(user, view);
    }

    /** RENAME: a source name that is not valid modified UTF-7 names no mailbox; such a new name is refused. */
    private void rename(UserContext user, Rename cmd) throws StoreException {
        switch (cmd.from()) {
            case MailboxName.Invalid bad -> env.out().no("NONEXISTENT", bad.message());
            case MailboxName.Valid(String from) -> {
                switch (cmd.to()) {
                    case MailboxName.Invalid bad -> env.out().no("CANNOT", bad.message());
                    case MailboxName.Valid(String to) -> {
                        user.mail().rename(from, to);
                        env.out().ok("Rename completed.");
                    }
                }
            }
        }
    }

    private void create(UserContext user, Create cmd) throws StoreException {
        if (!(cmd.mailbox() instanceof MailboxName.Valid(String valid))) {
            env.out().no("CANNOT", ((MailboxName.Invalid) cmd.mailbox()).message());
            return;
        }
        String name = valid;
        while (name.endsWith("/")) name = name.substring(0, name.length() - 1);
        if (name.isEmpty() || name.contains("//") || name.startsWith("/")) {
            env.out().no("CANNOT", "Invalid mailbox name");
            return;
        }
        if (name.indexOf('*') >= 0 || name.indexOf('%') >= 0) {
            env.out().no("CANNOT", "Mailbox names may not contain * or %");
            return;
        }
        // RFC 6154 §3: a use the server cannot honour (\All and \Flagged would be virtual) fails the CREATE.
        java.util.Set<String> uses = new java.util.TreeSet<>();
        for (String use : cmd.specialUse() == null ? java.util.Set.<String>of() : cmd.specialUse()) {
            Optional<String> known = CREATABLE_USES.stream().filter(use::equalsIgnoreCase).findFirst();
            if (known.isEmpty()) {
                env.out().no("USEATTR", "Only \\Archive, \\Drafts, \\Junk, \\Sent and \\Trash can be created");
                return;
            }
            uses.add(known.get());
        }
        MailboxInfo created = user.mail().create(name, uses);
        env.out().ok("MAILBOXID (" + user.mail().objectIds().mailbox(created) + ")", "Create completed."); // RFC 8474 §4.1
    }

    /**
     * RFC 3501 §6.3.4 / RFC 9051 §6.3.4: a \Noselect name with inferiors cannot go; RFC 9051 names the reason
     * HASCHILDREN. Otherwise the store deletes (a name with inferiors stays as \Noselect).
     */
    private void delete(UserContext user, String name) throws StoreException {
        Optional<MailboxInfo> m = user.mail().find(name);
        if (env.settings().imap4rev2() && m.isPresent() && !m.get().selectable()) {
            String prefix = name + "/";
            if (user.mail().list().stream().anyMatch(x -> x.name().startsWith(prefix))) {
                env.out().no("HASCHILDREN", "Mailbox has inferior hierarchical names");
                return;
            }
        }
        user.mail().delete(name);
        env.out().ok("Delete completed.");
    }

    private SessionState bad(SessionState state, String text) {
        env.out().bad(text);
        return state;
    }

    private void status(SessionState state, UserContext user, Status cmd) throws IOException, StoreException {
        // RFC 9051 §6.3.11: IMAP4rev2 has no \Recent, so no RECENT status item either (Appendix E.12).
        if (cmd.items().contains(StatusItem.RECENT) && env.settings().imap4rev2()) {
            env.out().bad("RECENT is not a STATUS item in IMAP4rev2");
            return;
        }
        if (!(cmd.mailbox() instanceof MailboxName.Valid(String name))) {
            env.out().no("NONEXISTENT", ((MailboxName.Invalid) cmd.mailbox()).message());
            return;
        }
        // RFC 7162 §3.1: STATUS (HIGHESTMODSEQ) enables CONDSTORE, reported at once if a mailbox is selected.
        if (cmd.items().contains(StatusItem.HIGHESTMODSEQ)) {
            env.enableCondstore(state instanceof Selected s ? s.view() : null);
        }
        Optional<MailboxStatus.Of> m = user.mail().statusOf(name);
        if (m.isEmpty()) {
            env.out().no("NONEXISTENT", "Mailbox does not exist");
            return;
        }
        MailboxInfo box = m.get().mailbox();
        StatusCommand.send(env.out(), box.name(), m.get().status(), cmd.items(),
                env.config().afterLogin().appendBytes(), user.mail().objectIds().mailbox(box));
        env.out().ok("Status completed.");
    }

    /**
     * RFC 5161 ENABLE (the authenticated state only: {@link Transitions}). ENABLED lists what this command turned
     * on and was not on before (§3.2, RFC 7162 §3.1); unknown names are ignored (§3.1).
     */
    SessionState enable(Authenticated state, AuthOnly cmd) throws IOException {
        switch (cmd) {
            case Enable c -> {
                List<String> enabled = new ArrayList<>();
                for (String cap : c.capabilities()) {
                    java.util.function.UnaryOperator<Settings> change = switch (cap) {
                        case "CONDSTORE" -> Settings::withCondstore;
                        case "QRESYNC" -> Settings::withQresync;
                        case "IMAP4REV2" -> Settings::withImap4rev2; // RFC 9051 Appendix A
                        case "UTF8=ACCEPT" -> Settings::withUtf8Accept; // RFC 6855 §3
                        case "UIDONLY" -> Settings::withUidOnly; // RFC 9586 §3
                        default -> null; // RFC 5161 §3.1: unknown or unsupported extensions are ignored
                    };
                    if (change != null && env.conn().settings(change) && !enabled.contains(cap)) enabled.add(spelled(cap));
                }
                env.out().send(Response.untagged().atom("ENABLED").raw(enabled.isEmpty() ? "" : " " + String.join(" ", enabled)));
                env.out().ok("Enable completed.");
            }
        }
        return state;
    }

    /** A capability as CAPABILITY spells it (ENABLE is case-insensitive, its names are upper-cased). */
    private static String spelled(String cap) {
        return cap.equals("IMAP4REV2") ? "IMAP4rev2" : cap;
    }

    /** RFC 4978: DEFLATE from the byte after the tagged OK, in both directions. */
    private SessionState compress(SessionState state, Compress cmd) {
        if (env.conn().compressed()) env.out().no("COMPRESSIONACTIVE", "Compression is already active");
        else if (!cmd.mechanism().equalsIgnoreCase("DEFLATE")) env.out().bad("Unknown compression mechanism");
        else {
            env.out().ok("DEFLATE active");
            env.out().then(env.conn()::compress);
        }
        return state;
    }
}
