package satchel.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import satchel.store.MailStore;
import satchel.store.MailboxInfo;
import satchel.store.MailboxSnapshot;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.store.UserMail;

/** The checked-in Dovecot Maildir, copied where a test may change it, and a store's mail as comparable values. */
final class Fixtures {
    private Fixtures() {}

    /** Dovecot 2.3.19.1 wrote it (see src/test/resources/import/README.md). */
    static Path dovecotMaildir(Path into) throws IOException {
        Path src = Path.of("src/test/resources/import/dovecot-maildir");
        try (Stream<Path> all = Files.walk(src)) {
            for (Path p : all.toList()) {
                Path t = into.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (Path folder : List.of(into, into.resolve(".Work"), into.resolve(".Archive"), into.resolve(".Work.Reports"))) {
            for (String d : new String[] {"cur", "new", "tmp"}) Files.createDirectories(folder.resolve(d));
        }
        return into;
    }

    /** One message as a test compares it: UID, flags, size, date and bytes. */
    record Msg(long uid, java.util.Set<String> flags, long size, java.time.Instant date, String content) {}

    /** Every selectable mailbox: name, UIDVALIDITY, UIDNEXT and its messages. */
    record Box(String name, long uidValidity, long uidNext, List<Msg> messages) {}

    static Map<String, Box> contents(MailStore store, User user) throws StoreException {
        UserMail mail = store.mail(user);
        Map<String, Box> out = new TreeMap<>();
        for (MailboxInfo b : mail.list()) {
            if (!b.selectable()) continue;
            MailboxSnapshot s = mail.snapshot(b.id());
            List<Msg> msgs = new ArrayList<>();
            for (MessageMeta m : s.messages()) {
                msgs.add(new Msg(m.uid(), m.flags(), m.size(), m.internalDate(),
                        new String(mail.content(b.id(), m.uid()), java.nio.charset.StandardCharsets.UTF_8)));
            }
            out.put(b.name(), new Box(b.name(), b.uidValidity(), s.uidNext(), msgs));
        }
        return out;
    }
}
