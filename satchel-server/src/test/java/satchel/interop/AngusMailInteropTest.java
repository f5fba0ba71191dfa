package satchel.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import satchel.transcript.Target;

/**
 * A real client library against the server: Angus Mail (the Jakarta Mail implementation) logs in over plain
 * IMAP, STARTTLS and implicit TLS, manages folders, appends, copies, sets flags, expunges and idles. Runs against
 * the target chosen by {@code transcript.target}, like the transcripts.
 */
class AngusMailInteropTest {
    private Target target;
    private Target.Account alice;

    @BeforeEach void start() throws Exception {
        target = Target.open(true);
        alice = target.account("alice", "secret");
    }

    @AfterEach void stop() {
        if (target != null) target.close();
    }

    @Test void plainLoginAndLogout() throws Exception {
        Store store = Mail.connect(target, alice, Mail.Security.PLAIN);
        assertThat(store.isConnected()).isTrue();
        assertThat(store.getDefaultFolder().getSeparator()).isEqualTo('/');
        store.close();
        assertThat(store.isConnected()).isFalse();
    }

    @Test void implicitTlsLogin() throws Exception {
        assumeTrue(target.imaps() != null, "target has no implicit-TLS listener");
        try (Store store = Mail.connect(target, alice, Mail.Security.IMPLICIT_TLS)) {
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
    }

    @Test void startTlsLogin() throws Exception {
        assumeTrue(!target.kind().equals("dovecot"), "the Dovecot peer runs with ssl = no");
        try (Store store = Mail.connect(target, alice, Mail.Security.STARTTLS)) {
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
    }

    @Test void wrongPasswordIsRefused() {
        var wrong = new Target.Account(alice.login(), alice.password() + "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Mail.connect(target, wrong, Mail.Security.PLAIN))
                .isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
    }

    @Test void createsListsAndDeletesFolders() throws Exception {
        try (Store store = Mail.connect(target, alice, Mail.Security.PLAIN)) {
            Folder work = store.getFolder("Work");
            assertThat(work.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS)).isTrue();
            Folder plans = store.getFolder("Work/Plans");
            assertThat(plans.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(Arrays.stream(work.list()).map(Folder::getFullName)).containsExactly("Work/Plans");
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("INBOX", "Drafts", "Sent", "Trash", "Junk", "Work", "Work/Plans");
            assertThat(plans.delete(false)).isTrue();
            assertThat(plans.exists()).isFalse();
        }
    }

    @Test void appendCopyFlagAndExpunge() throws Exception {
        try (Store store = Mail.connect(target, alice, Mail.Security.PLAIN)) {
            Folder inbox = store.getFolder("INBOX");
            inbox.appendMessages(new Message[] {Mail.message("one", "first"), Mail.message("two", "second")});
            Folder keep = store.getFolder("Keep");
            assertThat(keep.create(Folder.HOLDS_MESSAGES)).isTrue();

            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.getMessageCount()).isEqualTo(2);
            Message first = inbox.getMessage(1);
            assertThat(first.getSubject()).isEqualTo("one");
            assertThat(((String) first.getContent()).strip()).isEqualTo("first");
            inbox.copyMessages(new Message[] {first}, keep);
            first.setFlag(Flags.Flag.FLAGGED, true);
            assertThat(inbox.getMessage(1).isSet(Flags.Flag.FLAGGED)).isTrue();
            first.setFlag(Flags.Flag.DELETED, true);
            Message[] gone = inbox.expunge();
            assertThat(gone).hasSize(1);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            assertThat(inbox.getMessage(1).getSubject()).isEqualTo("two");
            inbox.close(false);

            keep.open(Folder.READ_ONLY);
            assertThat(keep.getMessageCount()).isEqualTo(1);
            assertThat(keep.getMessage(1).getSubject()).isEqualTo("one");
            assertThat(keep.getMessage(1).isSet(Flags.Flag.FLAGGED)).isFalse();
            keep.close(false);
        }
    }

    @Test void idleListenerSeesNewMessage() throws Exception {
        try (Store watcher = Mail.connect(target, alice, Mail.Security.PLAIN);
             Store sender = Mail.connect(target, alice, Mail.Security.PLAIN)) {
            var inbox = (IMAPFolder) watcher.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            var arrived = new CountDownLatch(1);
            var subject = new AtomicReference<String>();
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override public void messagesAdded(MessageCountEvent e) {
                    try {
                        subject.set(e.getMessages()[0].getSubject());
                    } catch (jakarta.mail.MessagingException ex) {
                        subject.set(ex.toString());
                    }
                    arrived.countDown();
                }
            });
            var failure = new AtomicReference<Exception>();
            Thread idler = Thread.ofVirtual().start(() -> {
                try {
                    // idle(true) returns after the first notification; repeat until ours has come
                    while (arrived.getCount() > 0 && inbox.isOpen()) inbox.idle(true);
                } catch (Exception e) {
                    failure.set(e);
                }
            });
            sender.getFolder("INBOX").appendMessages(new Message[] {Mail.message("hello", "while idling")});
            assertThat(arrived.await(10, TimeUnit.SECONDS)).as("MessageCountListener fired").isTrue();
            assertThat(subject.get()).isEqualTo("hello");
            idler.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(failure.get()).isNull();
            inbox.close(false);
        }
    }
}
