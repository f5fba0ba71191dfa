package satchel.store;

import java.util.Optional;

/**
 * A user's own quota limits, set by an administrator ({@code satchel quota set}); an empty resource follows the
 * configured default, so changing the configuration moves every user who has no limit of their own.
 */
public record QuotaOverride(Optional<Limit> storage, Optional<Limit> messages) {
    public static final QuotaOverride NONE = new QuotaOverride(Optional.empty(), Optional.empty());

    public QuotaOverride {
        if (storage == null || messages == null) throw new IllegalArgumentException("missing quota override");
    }

    /** {@code other}'s resources where it has them, this one's elsewhere (a partial {@code quota set}). */
    public QuotaOverride updatedBy(QuotaOverride other) {
        return new QuotaOverride(other.storage.or(() -> storage), other.messages.or(() -> messages));
    }
}
