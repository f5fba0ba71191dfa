package satchel.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import satchel.embedded.Mailbox;
import satchel.embedded.Satchel;

/**
 * Runs an embedded {@link Satchel} for a test class (JUnit 5):
 *
 * <pre>{@code
 * @RegisterExtension
 * static SatchelExtension mail = SatchelExtension.perMethod().user("alice", "secret");
 *
 * @Test void arrives(Satchel satchel) { ... satchel.inbox("alice").awaitMessages(1, Duration.ofSeconds(5)); }
 * }</pre>
 *
 * One server per class either way (ports stay the same for the whole class); {@link #perMethod} purges every
 * mailbox before each test (users dropped and created again: milliseconds), {@link #perClass} keeps mail across
 * the class's tests. Registered on an instance field instead of a static one, the server lives for one test. A
 * test parameter of type {@link Satchel} gets the running server. When a test fails, what every mailbox held is
 * attached to the failure (as a suppressed exception).
 */
public final class SatchelExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {
    private final boolean purgeEachTest;
    private final Map<String, String> users = new LinkedHashMap<>();
    private Path dataDir;
    private int imap;
    private int imaps;
    private int smtp;
    private String[] domains = {};
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Satchel satchel;
    private boolean startedForClass;

    private SatchelExtension(boolean purgeEachTest) {
        this.purgeEachTest = purgeEachTest;
    }

    /** Fresh mailboxes for every test. */
    public static SatchelExtension perMethod() {
        return new SatchelExtension(true);
    }

    /** One server and its mail for the whole class. */
    public static SatchelExtension perClass() {
        return new SatchelExtension(false);
    }

    public SatchelExtension user(String name, String password) {
        users.put(name, password);
        return this;
    }

    /** Fixed ports (0, the default, picks free ones). */
    public SatchelExtension ports(int imap, int imaps, int smtp) {
        this.imap = imap;
        this.imaps = imaps;
        this.smtp = smtp;
        return this;
    }

    /** Local domains; SMTP refuses others (default: any domain, the local part names the user). */
    public SatchelExtension domain(String... names) {
        this.domains = names.clone();
        return this;
    }

    /** A SQLite store in {@code dir} instead of memory. */
    public SatchelExtension dataDirectory(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /**
     * A setting by its configuration-file key (docs/configuration.md), e.g. {@code config("timeouts.idle", "30m")};
     * see {@link Satchel.Builder#config} for what it accepts. Keys the builder decides itself are refused here, at
     * once; values are checked when the server starts.
     */
    public SatchelExtension config(String key, String value) {
        Satchel.builder().config(key, value); // a refused key fails where it is written, not when the class starts
        settings.put(key, value);
        return this;
    }

    /** The running server (between the class's start and end). */
    public Satchel satchel() {
        if (satchel == null) throw new IllegalStateException("the Satchel server runs only while tests run");
        return satchel;
    }

    public String host() { return satchel().host(); }

    public int imapPort() { return satchel().imapPort(); }

    public int imapsPort() { return satchel().imapsPort(); }

    public int smtpPort() { return satchel().smtpPort(); }

    public Mailbox inbox(String user) { return satchel().inbox(user); }

    public Mailbox mailbox(String user, String name) { return satchel().mailbox(user, name); }

    public void deliver(String user, byte[] rfc822) { satchel().deliver(user, rfc822); }

    private void start() {
        var b = Satchel.builder().imap(imap).imaps(imaps).smtp(smtp).domain(domains);
        if (dataDir != null) b.dataDirectory(dataDir);
        users.forEach(b::user);
        settings.forEach(b::config);
        try {
            satchel = b.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Satchel: " + e.getMessage(), e);
        }
    }

    private void stop() {
        if (satchel != null) satchel.close();
        satchel = null;
    }

    @Override public void beforeAll(ExtensionContext context) {
        start();
        startedForClass = true;
    }

    @Override public void afterAll(ExtensionContext context) {
        stop();
        startedForClass = false;
    }

    @Override public void beforeEach(ExtensionContext context) {
        if (!startedForClass) start(); // an instance field: one server per test
        else if (purgeEachTest) satchel.purge();
    }

    @Override public void afterEach(ExtensionContext context) {
        if (!startedForClass) stop();
    }

    @Override public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Satchel.class;
    }

    @Override public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return satchel();
    }

    @Override public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (satchel != null) failure.addSuppressed(new MailboxContents(satchel.describe()));
        throw failure;
    }

    /** What the server held when a test failed, shown under the failure. */
    static final class MailboxContents extends Exception {
        MailboxContents(String contents) {
            super("Satchel mailboxes at the failure:\n" + contents, null, false, false);
        }
    }
}
