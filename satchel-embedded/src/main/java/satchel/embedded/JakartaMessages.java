package satchel.embedded;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The only class that touches Jakarta Mail, loaded only when {@link Satchel#deliver(MimeMessage)} is called. */
final class JakartaMessages {
    private JakartaMessages() {}

    record Parts(byte[] bytes, List<String> recipients) {}

    static Parts split(MimeMessage message) {
        var out = new ByteArrayOutputStream();
        List<String> to = new ArrayList<>();
        try {
            message.saveChanges();
            message.writeTo(out);
            Address[] all = message.getAllRecipients();
            if (all != null) {
                for (Address a : all) if (a instanceof InternetAddress ia) to.add(ia.getAddress());
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("cannot write the message: " + e.getMessage(), e);
        }
        if (to.isEmpty()) throw new IllegalArgumentException("the message has no recipients");
        return new Parts(out.toByteArray(), to);
    }
}
