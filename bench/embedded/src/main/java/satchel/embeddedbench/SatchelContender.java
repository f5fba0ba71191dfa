package satchel.embeddedbench;

import satchel.embedded.Satchel;

/** The embedded Satchel, in memory; isolation is {@link Satchel#purge}, what SatchelExtension.perMethod() does. */
final class SatchelContender implements Contender {
    private Satchel satchel;

    @Override public Contender start() throws java.io.IOException {
        satchel = Satchel.builder().inMemory().user("alice", "pw").user("bob", "pw").imap(0).imaps(0).smtp(0).start();
        return this;
    }

    @Override public void isolate() {
        satchel.purge();
    }

    @Override public void deliver(byte[] rfc822) {
        satchel.deliver("alice", rfc822);
    }

    @Override public String host() { return satchel.host(); }

    @Override public int smtpPort() { return satchel.smtpPort(); }

    @Override public int imapPort() { return satchel.imapPort(); }

    @Override public int imapsPort() { return satchel.imapsPort(); }

    @Override public void close() {
        satchel.close();
    }
}
