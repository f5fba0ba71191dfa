package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import satchel.embedded.ReceivedMessage;
import satchel.embedded.Satchel;
import satchel.junit.SatchelExtension;

class WelcomeMailTest {
    @RegisterExtension
    static SatchelExtension mail = SatchelExtension.perMethod()
            .user("alice", "secret")
            .user("app", "app-password");

    @Test
    void welcomeMailArrives(Satchel satchel) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", satchel.host());
        props.put("mail.smtp.port", String.valueOf(satchel.smtpPort()));
        props.put("mail.smtp.auth", "true");
        props.put("mail.imap.host", satchel.host());
        props.put("mail.imap.port", String.valueOf(satchel.imapPort()));
        Session session = Session.getInstance(props, new jakarta.mail.Authenticator() {
            @Override protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("app", "app-password");
            }
        });

        // What the application under test would do:
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("app@localhost"));
        message.setRecipients(Message.RecipientType.TO, "alice@localhost");
        message.setSubject("Welcome");
        message.setText("Hello Alice");
        Transport.send(message);

        // Read it over IMAP, as a mail client would:
        try (Store store = session.getStore("imap")) {
            store.connect("alice", "secret");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(1, inbox.getMessageCount());
            assertEquals("Welcome", inbox.getMessage(1).getSubject());
        }

        // Or look without a protocol:
        ReceivedMessage received = satchel.inbox("alice").awaitMessages(1, Duration.ofSeconds(5)).getFirst();
        assertEquals("Welcome", received.subject());
    }
}
