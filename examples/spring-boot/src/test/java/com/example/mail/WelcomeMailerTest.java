package com.example.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import satchel.embedded.ReceivedMessage;
import satchel.junit.SatchelExtension;

@SpringBootTest
class WelcomeMailerTest {
    @RegisterExtension
    static SatchelExtension mail = SatchelExtension.perMethod()
            .user("alice", "secret")
            .user("app", "app-password");

    // Read when the context starts, after the extension has started the server: the ports are known by then.
    @DynamicPropertySource
    static void mailProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", mail::host);
        registry.add("spring.mail.port", mail::smtpPort);
        registry.add("spring.mail.username", () -> "app");
        registry.add("spring.mail.password", () -> "app-password");
        registry.add("spring.mail.properties.mail.smtp.auth", () -> "true");
    }

    @Autowired
    WelcomeMailer mailer;

    @Test
    void welcomeMailReachesTheInbox() {
        mailer.welcome("alice@localhost", "Alice");

        List<ReceivedMessage> inbox = mail.inbox("alice").awaitMessages(1, Duration.ofSeconds(5));
        assertEquals("Welcome, Alice", inbox.getFirst().subject());
        assertTrue(inbox.getFirst().body().contains("your account is ready"));
    }

    @Test
    void everyTestStartsWithAnEmptyInbox() {
        assertEquals(0, mail.inbox("alice").messages().size());
        mailer.welcome("alice@localhost", "Alice");
        assertEquals(1, mail.inbox("alice").awaitMessages(1, Duration.ofSeconds(5)).size());
    }
}
