package satchel.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import satchel.protocol.Command.GetMetadata;
import satchel.protocol.Command.SetMetadata;
import satchel.protocol.MailboxName;
import satchel.protocol.Metadata;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.StoreException;
import satchel.store.UserMetadata.SetResult;
import satchel.wire.Response;

/**
 * GETMETADATA and SETMETADATA (RFC 5464 §4.2, §4.3), server and mailbox annotations. One user owns each mailbox,
 * so {@code /shared} mailbox entries are visible to exactly the users who see the mailbox: its owner. Beside what
 * users store, two entries are derived and read-only: the server's {@code /shared/admin} from the configuration
 * (§3.2.1.1) and each mailbox's {@code /private/specialuse} mirroring its RFC 6154 attributes (RFC 6154 §4).
 * Other server {@code /shared} entries would be shared by every user, so they are the administrator's, not a
 * client's, to set.
 */
final class MetadataCommands {
    static final String ADMIN = "/shared/admin";
    static final String SPECIAL_USE = "/private/specialuse";

    private final Env env;

    MetadataCommands(Env env) {
        this.env = env;
    }

    /** The resolved target: the server (no mailbox) or a mailbox of the user's. */
    private record Target(Optional<MailboxInfo> mailbox) {
        Optional<MailboxId> id() { return mailbox.map(MailboxInfo::id); }

        Response name(Response r) { return mailbox.isEmpty() ? r.string("") : r.mailbox(mailbox.get().name()); }
    }

    /** Empty after answering NO when the mailbox does not exist. */
    private Optional<Target> resolve(UserContext user, Metadata.Target target) throws StoreException {
        return switch (target) {
            case Metadata.Target.Server _ -> Optional.of(new Target(Optional.empty()));
            case Metadata.Target.Mailbox(MailboxName.Invalid bad) -> {
                env.out().no("NONEXISTENT", bad.message());
                yield Optional.empty();
            }
            case Metadata.Target.Mailbox(MailboxName.Valid(String name)) -> {
                Optional<MailboxInfo> box = user.mail().find(name);
                if (box.isEmpty()) env.out().no("NONEXISTENT", "Mailbox does not exist");
                yield box.map(b -> new Target(Optional.of(b)));
            }
        };
    }

    /** What the user sees on the target: stored entries plus the derived ones. */
    SortedMap<String, byte[]> visible(UserContext user, Optional<MailboxInfo> mailbox) throws StoreException {
        SortedMap<String, byte[]> all = new TreeMap<>(user.mail().metadata().entries(mailbox.map(MailboxInfo::id)));
        if (mailbox.isEmpty()) {
            env.config().metadata().admin().ifPresent(a -> all.put(ADMIN, a.getBytes(StandardCharsets.UTF_8)));
        } else if (!mailbox.get().specialUse().isEmpty()) {
            String uses = String.join(" ", new TreeSet<>(mailbox.get().specialUse()));
            all.put(SPECIAL_USE, uses.getBytes(StandardCharsets.US_ASCII));
        }
        return all;
    }

    void get(UserContext user, GetMetadata cmd) throws IOException, StoreException {
        Optional<Target> target = resolve(user, cmd.target());
        if (target.isEmpty()) return;
        SortedMap<String, byte[]> all = visible(user, target.get().mailbox());
        Map<String, byte[]> found = new LinkedHashMap<>();
        long longest = -1;
        for (String entry : cmd.entries()) {
            Map<String, byte[]> matches = matches(all, entry, cmd.options().depth());
            if (matches.isEmpty()) found.putIfAbsent(entry, null); // RFC 5464 §4.2: NIL, no such entry
            for (var m : matches.entrySet()) {
                long max = cmd.options().maxSize().orElse(Long.MAX_VALUE);
                if (m.getValue().length > max) longest = Math.max(longest, m.getValue().length); // §4.2.1
                else found.put(m.getKey(), m.getValue());
            }
        }
        if (!found.isEmpty()) {
            Response r = target.get().name(Response.untagged().atom("METADATA")).open();
            for (var e : found.entrySet()) value(r.astring(e.getKey()), e.getValue());
            env.out().send(r.close());
        }
        if (longest >= 0) env.out().ok("METADATA LONGENTRIES " + longest, "GETMETADATA completed.");
        else env.out().ok("GETMETADATA completed.");
    }

    /** The entry itself, and below it as deep as {@code depth} says (RFC 5464 §4.2.2). */
    private static Map<String, byte[]> matches(SortedMap<String, byte[]> all, String entry, Metadata.Depth depth) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (all.containsKey(entry)) out.put(entry, all.get(entry));
        if (depth == Metadata.Depth.ZERO) return out;
        String prefix = entry + "/";
        for (var e : all.subMap(prefix, entry + "0").entrySet()) { // '0' follows '/': exactly the names below
            if (depth == Metadata.Depth.ONE && e.getKey().indexOf('/', prefix.length()) >= 0) continue;
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** value = nstring / literal8: binary values (with NUL) only fit a literal8. */
    static Response value(Response r, byte[] v) {
        if (v == null) return r.nil();
        for (byte b : v) if (b == 0) return r.literal8(v, 0, v.length);
        return r.string(v);
    }

    void set(UserContext user, SetMetadata cmd) throws IOException, StoreException {
        Optional<Target> target = resolve(user, cmd.target());
        if (target.isEmpty()) return;
        MetadataPolicy policy = env.config().metadata();
        Map<String, byte[]> changes = new LinkedHashMap<>();
        for (Metadata.Value v : cmd.values()) {
            String e = v.entry();
            if (target.get().mailbox().isEmpty() ? e.startsWith("/shared/") : e.equals(SPECIAL_USE)) {
                env.out().no("CANNOT", "Entry " + e + " is read-only here");
                return;
            }
            if (e.startsWith("/private/") && !policy.privateEntries()) {
                env.out().no("METADATA NOPRIVATE", "Private annotations are not kept on this server");
                return;
            }
            if (v.value() != null && v.value().length > policy.limits().entryBytes()) {
                env.out().no("METADATA MAXSIZE " + policy.limits().entryBytes(), "Value of " + e + " too large");
                return;
            }
            changes.put(e, v.value());
        }
        SetResult result = user.mail().metadata().set(target.get().id(), changes, policy.limits());
        switch (result) {
            case DONE -> env.out().ok("SETMETADATA completed.");
            case TOO_MANY -> env.out().no("METADATA TOOMANY",
                    "At most " + policy.limits().entries() + " annotations per user");
            case TOO_MUCH -> env.out().no("METADATA TOOMANY",
                    "Annotations of a user take at most " + policy.limits().totalBytes() + " bytes");
        }
    }
}
