package satchel.store;

import java.util.Set;

/**
 * A mailbox as listed. {@code name} is the full decoded name with "/" as delimiter and "INBOX" spelled in
 * upper case. {@code selectable} is false for a \Noselect placeholder left by DELETE of a parent.
 * {@code specialUse} holds RFC 6154 attributes such as "\Sent".
 */
public record MailboxInfo(MailboxId id, String name, long uidValidity, boolean selectable, boolean subscribed,
                          Set<String> specialUse) {
    public MailboxInfo { specialUse = Set.copyOf(specialUse); }
}
