package satchel.server;

/** Lets tests in other packages skip what needs the real session layer. */
public final class ImapServerSessionTestAccess {
    private ImapServerSessionTestAccess() {}

    public static boolean sessionImplemented() {
        return ImapServerSessionTest.sessionImplemented();
    }
}
