package satchel.interop;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.util.Properties;
import satchel.transcript.Target;
import satchel.transcript.TrustAll;

/** Angus Mail stores connected to a {@link Target}, over plain IMAP, STARTTLS or implicit TLS. */
final class Mail {
    enum Security { PLAIN, STARTTLS, IMPLICIT_TLS }

    private Mail() {}

    static Store connect(Target target, Target.Account account, Security security) throws MessagingException {
        String protocol = security == Security.IMPLICIT_TLS ? "imaps" : "imap";
        InetSocketAddress address = security == Security.IMPLICIT_TLS ? target.imaps() : target.imap();
        var props = new Properties();
        String p = "mail." + protocol + ".";
        props.put(p + "connectiontimeout", "10000");
        props.put(p + "timeout", "10000");
        // The servers under test use self-signed certificates on loopback.
        props.put(p + "ssl.socketFactory", TrustAll.context().getSocketFactory());
        props.put(p + "ssl.checkserveridentity", "false");
        if (security == Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(address.getHostString(), address.getPort(), account.login(), account.password());
        return store;
    }

    static MimeMessage message(String subject, String text) throws MessagingException {
        var m = new MimeMessage((Session) null);
        m.setFrom(new InternetAddress("carol@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.org"));
        m.setSubject(subject);
        m.setText(text);
        m.saveChanges();
        return m;
    }
}
