package com.example.mail;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/** The code under test: it knows only Spring's JavaMailSender, configured by spring.mail.* as in production. */
@Service
public class WelcomeMailer {
    private final JavaMailSender sender;

    public WelcomeMailer(JavaMailSender sender) {
        this.sender = sender;
    }

    public void welcome(String address, String name) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom("app@localhost");
        message.setTo(address);
        message.setSubject("Welcome, " + name);
        message.setText("Hello " + name + ", your account is ready.");
        sender.send(message);
    }
}
