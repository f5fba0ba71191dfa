package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import satchel.store.NewMessage;
import satchel.store.UserMail;

/**
 * A session of this node that learns of new messages while an APPEND that may claim \Recent in its own write is under
 * way ({@link MailboxFeed#folding}) waits for it rather than claim in the store: once it is done, the node knows
 * whether it claimed them (issue 11: the claim folded into the APPEND's write, no second write from anyone). If it
 * claimed nothing, the session claims as before. Memory store; the claims that reach the store are counted.
 */
class MailboxFeedFoldTest {
    private final AtomicInteger storeClaims = new AtomicInteger();

    @Test
    void aSessionThatLearnsOfAFoldedAppendsMessageWaitsForItAndClaimsNothing() throws Exception {
        OneUserMail u = OneUserMail.create();
        UserMail mail = counted(u);
        MailboxFeed feed = MailboxFeed.acquire(u.store(), u.user().id(), u.inbox());
        try {
            assertThat(feed.claimRecent(mail, 1)).isEqualTo(1); // the appender's SELECT of the empty INBOX
            CompletableFuture<Void> fold = feed.folding();
            UserMail.Appended stored = mail.appendClaiming(u.inbox(), List.of(message(1)), 1).await();
            assertThat(stored.claimed()).isTrue();
            // Another session heard the bell and reads the message before the appender has told the feed.
            CompletableFuture<Long> other = CompletableFuture.supplyAsync(() -> claim(feed, mail, 2));
            Thread.sleep(100);
            assertThat(other).as("waits for the APPEND under way").isNotDone();
            feed.folded(fold, 2);
            assertThat(other.get(5, TimeUnit.SECONDS)).as("nothing \\Recent for it").isEqualTo(2);
            assertThat(storeClaims.get()).as("claims that reached the store after SELECT's").isEqualTo(1);
        } finally {
            feed.release();
        }
    }

    @Test
    void whenTheAppendClaimedNothingTheWaitingSessionClaimsItself() throws Exception {
        OneUserMail u = OneUserMail.create();
        UserMail mail = counted(u);
        MailboxFeed feed = MailboxFeed.acquire(u.store(), u.user().id(), u.inbox());
        try {
            u.append(1); // delivered, claimed by nobody yet
            CompletableFuture<Void> fold = feed.folding();
            CompletableFuture<Long> other = CompletableFuture.supplyAsync(() -> claim(feed, mail, 2));
            Thread.sleep(100);
            assertThat(other).isNotDone();
            feed.folded(fold, 0); // e.g. the appender had seen an unclaimed message: no claim in its write
            assertThat(other.get(5, TimeUnit.SECONDS)).as("message 1 is \\Recent for the waiting session").isEqualTo(1);
            assertThat(storeClaims.get()).isEqualTo(1);
        } finally {
            feed.release();
        }
    }

    private static long claim(MailboxFeed feed, UserMail mail, long uidNext) {
        try {
            return feed.claimRecent(mail, uidNext);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    private static NewMessage message(int i) {
        byte[] text = ("Subject: m" + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        return new NewMessage(text, Set.of(), null);
    }

    /** The user's mail with the claims that reach the store counted. */
    private UserMail counted(OneUserMail u) {
        return (UserMail) Proxy.newProxyInstance(UserMail.class.getClassLoader(), new Class<?>[] {UserMail.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("claimRecent")) storeClaims.incrementAndGet();
                    try {
                        return method.invoke(u.mail(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
