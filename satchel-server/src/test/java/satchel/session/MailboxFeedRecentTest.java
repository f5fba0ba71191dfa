package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.StoreFixture;
import satchel.store.memory.MemoryMailStore;
import satchel.store.sqlite.SqliteMailStore;
import org.junit.jupiter.api.Test;

/**
 * \Recent claims through a node's feed on a store one process writes in queue order (SQLite): after one claim it
 * waited for, the feed knows the store's answer and queues the rest without waiting (no commit in an APPEND's or a
 * STORE's way), and every session still gets each message as \Recent exactly once, the store agreeing afterwards.
 */
class MailboxFeedRecentTest extends StoreFixture {
    @Override
    protected MailStore open(Path dir) throws Exception {
        return SqliteMailStore.open(dir);
    }

    @Test
    void claimsAfterTheFirstAreQueuedAndTheStoreEndsWhereTheFeedSays() throws Exception {
        MailboxId inbox = inbox();
        append(inbox, 3);
        MailboxInfo info = mail.find("INBOX").orElseThrow();
        MailboxFeed feed = MailboxFeed.acquire(store, alice.id(), info);
        try {
            assertThat(feed.claimRecent(mail, 4)).as("the first claim asks the store").isEqualTo(1);
            assertThat(mail.claimRecentQueued(inbox, 4)).as("SQLite queues a claim").isTrue();
            append(inbox, 2);
            assertThat(feed.claimRecent(mail, 6)).as("4 and 5 are this caller's").isEqualTo(4);
            assertThat(feed.claimRecent(mail, 6)).as("another session: nothing left").isEqualTo(6);
            append(inbox, 1);
            assertThat(feed.claimRecent(mail, 7)).isEqualTo(6);
        } finally {
            feed.release();
        }
        // A claim made after them, through the store, comes after them in the writer's queue.
        assertThat(mail.claimRecent(inbox, 7)).isEqualTo(7);

        store.close();
        store = open(dir);
        mail = store.mail(store.user("alice").orElseThrow());
        assertThat(mail.claimRecent(inbox, 7)).as("committed before close").isEqualTo(7);
        append(inbox, 1);
        MailboxFeed again = MailboxFeed.acquire(store, alice.id(), mail.find("INBOX").orElseThrow());
        try {
            assertThat(again.claimRecent(mail, 8)).as("a new feed asks the store first").isEqualTo(7);
        } finally {
            again.release();
        }
    }

    @Test
    void storesOtherProcessesWriteOrThatRunClaimsAtOnceDoNotQueue() throws Exception {
        try (MailStore memory = new MemoryMailStore()) {
            var m = memory.mail(memory.createUser("bob", "$hash$bob", null));
            assertThat(m.claimRecentQueued(m.find("INBOX").orElseThrow().id(), 1)).isFalse();
        }
    }
}
