package satchel.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import satchel.auth.UserNames;
import satchel.store.MailStore;
import satchel.store.MailboxNames;
import satchel.store.StoreException;
import satchel.store.User;

/**
 * Maps a recipient address to a local user: {@code user@domain} is the user named by the local part, when the
 * domain is one of ours (or any domain, when none is configured), without regard to case; {@code user+detail}
 * delivers into the mailbox named by the detail when the user has one that can hold mail, otherwise INBOX (as
 * Dovecot's {@code lmtp_save_to_detail_mailbox}). A name that exists exactly wins over one that differs in case;
 * two users differing only in case are ambiguous and refused. Thread-safe.
 */
public final class Recipients {
    private final MailStore store;
    private final List<String> domains;

    /** {@code domains} in lower case; empty accepts any domain. */
    public Recipients(MailStore store, List<String> domains) {
        this.store = store;
        this.domains = List.copyOf(domains);
    }

    /** The recipient an RCPT TO address names (without angle brackets); a refusal says why, with its status. */
    public Recipient resolve(String address) throws DeliveryException {
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        String domain = at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            local = local.substring(1, local.length() - 1).replaceAll("\\\\(.)", "$1"); // RFC 5321 quoted-string
        }
        if (local.isEmpty()) throw new DeliveryException(Status.unknownUser("<" + address + ">: no such user here"));
        if (!domains.isEmpty() && !domains.contains(domain)) {
            // RFC 3463 X.1.2: bad destination system address (not a domain we deliver for).
            throw new DeliveryException(new Status(550, "5.1.2", "<" + address + ">: not a local domain"));
        }
        Optional<User> user = user(local);
        String detail = null;
        int plus = local.indexOf('+');
        if (user.isEmpty() && plus > 0) {
            user = user(local.substring(0, plus));
            detail = local.substring(plus + 1);
        }
        if (user.isEmpty()) throw new DeliveryException(Status.unknownUser("<" + address + ">: no such user here"));
        String mailbox = detail == null || detail.isEmpty() ? MailboxNames.INBOX : detailMailbox(user.get(), detail);
        return new Recipient(user.get(), mailbox, address);
    }

    /** The user {@code name} names exactly (after NFC) for {@code satchel deliver}, into {@code mailbox}. */
    public Recipient local(String name, String mailbox) throws DeliveryException {
        try {
            User u = store.user(UserNames.normalize(name)).orElseThrow(() ->
                    new DeliveryException(Status.unknownUser("no such user: " + name)));
            return new Recipient(u, MailboxNames.normalize(mailbox), u.name());
        } catch (StoreException e) {
            throw new DeliveryException(Status.unavailable(e.getMessage()), e);
        }
    }

    private Optional<User> user(String local) throws DeliveryException {
        String name = UserNames.normalize(local);
        try {
            Optional<User> exact = store.user(name);
            if (exact.isPresent()) return exact;
            Optional<User> lower = store.user(name.toLowerCase(Locale.ROOT));
            if (lower.isPresent()) return lower;
            // Rare (an unknown name, or one stored with capitals): look through all users once.
            List<User> matches = store.users().stream().filter(u -> u.name().equalsIgnoreCase(name)).toList();
            if (matches.size() > 1) {
                throw new DeliveryException(Status.unknownUser("<" + local + ">: ambiguous, names "
                        + matches.size() + " users that differ only in case"));
            }
            return matches.stream().findFirst();
        } catch (StoreException e) {
            throw new DeliveryException(Status.unavailable("Mail store unavailable, try again later"), e);
        }
    }

    /** The detail's mailbox when it exists and is selectable, else INBOX; matched like any mailbox name. */
    private String detailMailbox(User user, String detail) throws DeliveryException {
        try {
            String name = MailboxNames.normalize(detail);
            return store.mail(user).find(name).filter(m -> m.selectable()).map(m -> m.name()).orElse(MailboxNames.INBOX);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.CANNOT) return MailboxNames.INBOX; // not a valid name: INBOX
            throw new DeliveryException(Status.unavailable("Mail store unavailable, try again later"), e);
        }
    }
}
