package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** SUBSCRIBE / UNSUBSCRIBE / LSUB (RFC 3501 §6.3.6-§6.3.7). */
public abstract class SubscriptionsContract extends StoreFixture {
    @Test
    void subscribeAndUnsubscribe() throws Exception {
        mail.create("Lists", Set.of());
        mail.subscribe("Lists", true);
        mail.subscribe("Lists", true); // idempotent
        assertThat(mail.subscriptions()).contains("Lists").isSorted();
        assertThat(mail.find("Lists").orElseThrow().subscribed()).isTrue();
        mail.subscribe("Lists", false);
        assertThat(mail.subscriptions()).doesNotContain("Lists");
        assertThat(mail.find("Lists").orElseThrow().subscribed()).isFalse();
    }

    @Test
    void subscriptionsSurviveDeleteAndMayNameNothing() throws Exception {
        mail.create("Gone", Set.of());
        mail.subscribe("Gone", true);
        mail.delete("Gone"); // RFC 3501 §6.3.6: the server MUST NOT drop it on its own
        assertThat(mail.subscriptions()).contains("Gone");
        mail.subscribe("Never/Created", true);
        assertThat(mail.subscriptions()).contains("Never/Created");
        // A mailbox created later under that name shows as subscribed.
        assertThat(mail.create("Gone", Set.of()).subscribed()).isTrue();
    }

    @Test
    void inboxSubscriptionIsCaseInsensitive() throws Exception {
        mail.subscribe("inbox", false);
        assertThat(mail.subscriptions()).doesNotContain("INBOX");
        mail.subscribe("Inbox", true);
        assertThat(mail.subscriptions()).contains("INBOX");
    }
}
