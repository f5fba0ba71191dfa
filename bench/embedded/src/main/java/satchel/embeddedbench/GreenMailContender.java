package satchel.embeddedbench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * GreenMail with SMTP, IMAP and IMAPS on dynamic ports. Isolation is {@code purgeEmailFromAllMailboxes()}; its JUnit 5
 * extension's default per-method lifecycle restarts the whole server instead, which the harness measures as well.
 */
final class GreenMailContender implements Contender {
    private GreenMail greenMail;

    @Override public Contender start() {
        ServerSetup[] setups = {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort(),
                ServerSetupTest.IMAPS.dynamicPort()};
        // GreenMail gives up on a server not up within 2 s; a cold IMAPS (its keystore) misses that on a busy machine
        for (ServerSetup s : setups) s.setServerStartupTimeout(60_000);
        greenMail = new GreenMail(setups);
        greenMail.start(); // returns once every server accepts connections
        greenMail.setUser("alice@localhost", "alice", "pw");
        greenMail.setUser("bob@localhost", "bob", "pw");
        return this;
    }

    @Override public void isolate() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @Override public void deliver(byte[] rfc822) throws Exception {
        greenMail.getUserManager().getUser("alice").deliver(GreenMailUtil.newMimeMessage(
                new java.io.ByteArrayInputStream(rfc822)));
    }

    @Override public String host() { return greenMail.getImap().getBindTo(); }

    @Override public int smtpPort() { return greenMail.getSmtp().getPort(); }

    @Override public int imapPort() { return greenMail.getImap().getPort(); }

    @Override public int imapsPort() { return greenMail.getImaps().getPort(); }

    @Override public void close() {
        greenMail.stop();
    }
}
