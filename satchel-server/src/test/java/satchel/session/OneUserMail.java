package satchel.session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import satchel.store.MailboxInfo;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;

/** One user's mail on a memory store, its INBOX and small numbered messages: for tests of views and their feed. */
record OneUserMail(MemoryMailStore store, User user, UserMail mail, MailboxInfo inbox) {
    static OneUserMail create() throws StoreException {
        MemoryMailStore store = new MemoryMailStore();
        store.createUser("u", "x", "x");
        User user = store.user("u").orElseThrow();
        UserMail mail = store.mail(user);
        return new OneUserMail(store, user, mail, mail.find("INBOX").orElseThrow());
    }

    /** Appends message {@code i} ("Subject: m{i}") to the INBOX without flags. */
    void append(int i) throws StoreException {
        append(i, Set.of());
    }

    void append(int i, Set<String> flags) throws StoreException {
        byte[] msg = ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        mail.append(inbox.id(), List.of(new NewMessage(msg, flags, null)));
    }

    /** The session's view of this user, reading through {@code through}. */
    UserContext context(UserMail through) {
        return new UserContext(user, through);
    }

    interface Hook {
        void run() throws Exception;
    }

    /** This user's mail, with {@code hook} run before every {@code changesSince} (to count, hold or fail it). */
    UserMail beforeChangesSince(Hook hook) {
        return (UserMail) Proxy.newProxyInstance(UserMail.class.getClassLoader(), new Class<?>[] {UserMail.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("changesSince")) hook.run();
                    try {
                        return method.invoke(mail, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
