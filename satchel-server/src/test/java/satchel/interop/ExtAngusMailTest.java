package satchel.interop;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import satchel.embedded.Satchel;

/**
 * Angus Mail (Jakarta Mail) against Satchel: UIDPLUS through {@code appendUIDMessages} and {@link UIDFolder},
 * MOVE through {@code moveMessages} (which Angus only sends as MOVE when the capability is advertised) and
 * IDLE through {@code IMAPFolder.idle()} woken by a message another connection appends.
 */
class ExtAngusMailTest {
    private Server server;
    private Store store;

    /** A server with user alice (password "secret"): its IMAP port, and what stops it. */
    record Server(int port, AutoCloseable stop) {}

    /** The server under test: the public embedded one here, PostgreSQL in {@link PostgresExtAngusMailTest}. */
    Server newServer() throws Exception {
        Satchel satchel = Satchel.builder().imap(0).user("alice", "secret").start();
        return new Server(satchel.imapPort(), satchel);
    }

    @BeforeEach void start() throws Exception {
        server = newServer();
        store = connect();
    }

    @AfterEach void stop() throws Exception {
        store.close();
        server.stop().close();
    }

    private Store connect() throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.host", "127.0.0.1");
        p.put("mail.imap.port", String.valueOf(server.port()));
        p.put("mail.imap.connectiontimeout", "10000");
        p.put("mail.imap.timeout", "20000");
        if (Boolean.getBoolean("ext.maildebug")) p.put("mail.debug", "true");
        Store s = Session.getInstance(p).getStore("imap");
        s.connect("alice", "secret");
        return s;
    }

    private MimeMessage message(String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("bob@example.org"));
        m.setRecipients(Message.RecipientType.TO, "alice@example.org");
        m.setSubject(subject);
        m.setText("Body of " + subject + "\r\n");
        m.saveChanges();
        return m;
    }

    @Test void capabilitiesSeenByAngus() throws Exception {
        IMAPStore s = (IMAPStore) store;
        for (String cap : new String[] {"UIDPLUS", "MOVE", "IDLE", "CONDSTORE", "QRESYNC", "SPECIAL-USE"}) {
            assertThat(s.hasCapability(cap)).as(cap).isTrue();
        }
    }

    @Test void appendUidsAndMove() throws Exception {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        AppendUID[] appended = inbox.appendUIDMessages(new Message[] {message("one"), message("two"), message("three")});
        assertThat(appended).hasSize(3);
        assertThat(appended[0].uidvalidity).isEqualTo(inbox.getUIDValidity());
        assertThat(new long[] {appended[0].uid, appended[1].uid, appended[2].uid}).containsExactly(1, 2, 3);
        assertThat(inbox.getMessageByUID(2).getSubject()).isEqualTo("two");
        assertThat(((IMAPFolder) store.getFolder("INBOX")).getUIDNext()).isEqualTo(4); // STATUS, not SELECT's cache

        IMAPFolder archive = (IMAPFolder) store.getFolder("Archive");
        Message[] moving = {inbox.getMessageByUID(1), inbox.getMessageByUID(3)};
        inbox.moveMessages(moving, archive);
        // Angus applies the EXPUNGE responses to its messages; its cached count waits for a folder-level expunge.
        assertThat(moving[0].isExpunged()).isTrue();
        assertThat(moving[1].isExpunged()).isTrue();
        assertThat(store.getFolder("INBOX").getMessageCount()).isEqualTo(1); // STATUS
        assertThat(inbox.getMessageByUID(2).getSubject()).isEqualTo("two");

        // COPYUID of the MOVE, as Angus reports it.
        AppendUID[] moved = inbox.moveUIDMessages(new Message[] {inbox.getMessageByUID(2)}, archive);
        assertThat(moved).hasSize(1);
        assertThat(moved[0].uid).isEqualTo(3);
        assertThat(store.getFolder("INBOX").getMessageCount()).isZero();

        archive.open(Folder.READ_ONLY);
        assertThat(archive.getMessageCount()).isEqualTo(3);
        assertThat(archive.getMessageByUID(3).getSubject()).isEqualTo("two");
        assertThat(archive.getMessageByUID(1).getSubject()).isEqualTo("one");
        archive.close(false);
        inbox.close(false);
    }

    @Test void uidFolderAndExpunge() throws Exception {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        inbox.appendUIDMessages(new Message[] {message("a"), message("b"), message("c")});
        Message[] byRange = inbox.getMessagesByUID(2, UIDFolder.LASTUID);
        assertThat(byRange).hasSize(2);
        inbox.getMessageByUID(2).setFlag(Flags.Flag.DELETED, true);
        inbox.getMessageByUID(3).setFlag(Flags.Flag.DELETED, true);
        // UID EXPUNGE (UIDPLUS) of one \Deleted message leaves the other.
        inbox.expunge(new Message[] {inbox.getMessageByUID(3)});
        assertThat(inbox.getMessageCount()).isEqualTo(2);
        assertThat(inbox.getMessageByUID(2).isSet(Flags.Flag.DELETED)).isTrue();
        assertThat(inbox.getMessageByUID(3)).isNull();
        inbox.close(false);
    }

    @Test void idleWakesOnNewMail() throws Exception {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        CountDownLatch arrived = new CountDownLatch(1);
        inbox.addMessageCountListener(new MessageCountAdapter() {
            @Override public void messagesAdded(MessageCountEvent e) {
                arrived.countDown();
            }
        });
        Thread idler = Thread.ofPlatform().start(() -> {
            try {
                while (arrived.getCount() > 0) inbox.idle(true);
            } catch (Exception e) {
                // the folder closes at the end of the test
            }
        });
        // Deliver from another connection until the idler has noticed (the first may land before IDLE starts).
        try (Store other = connect()) {
            Folder otherInbox = other.getFolder("INBOX");
            for (int i = 0; i < 5 && !arrived.await(i == 0 ? 0 : 2, TimeUnit.SECONDS); i++) {
                otherInbox.appendMessages(new Message[] {message("new " + i)});
            }
        }
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        idler.join(10_000);
        assertThat(inbox.getMessageCount()).isPositive();
        inbox.close(false);
    }
}
