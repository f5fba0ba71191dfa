package satchel.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import satchel.store.StoreMaintenance.Progress;
import satchel.transfer.MailImport;
import satchel.transfer.MailTree;

/** {@code satchel import USER PATH}: a Maildir tree or mbox files into one user's mailboxes. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import mail into USER's mailboxes from PATH: a Maildir (Dovecot's Maildir++ layout with .Folder "
                + "directories, or LAYOUT=fs with nested ones), an mbox file, or a directory of mbox files.",
                "From a Maildir with Dovecot's dovecot-uidlist, each folder keeps its UIDVALIDITY and UIDs, so "
                        + "clients that synced before need not download anything again; keywords come from "
                        + "dovecot-keywords, flags from file names, internal dates from file times. mbox flags come "
                        + "from Status, X-Status and X-Keywords.",
                "Safe to rerun: messages already there are not imported twice. Messages that cannot be read are "
                        + "reported and skipped; each batch of messages is stored whole or not at all."})
final class ImportCommand implements Callable<Integer> {
    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "USER") String user;

    @Parameters(index = "1", paramLabel = "PATH") Path path;

    @Option(names = "--layout", paramLabel = "auto|maildir++|fs|mbox",
            description = "How PATH is laid out (default: decided by what is there).")
    String layout = "auto";

    @Option(names = "--mailbox", paramLabel = "NAME", description = "Target mailbox of a single mbox file (default INBOX).")
    String mailbox;

    @Option(names = "--quiet", description = "No progress display.") boolean quiet;

    ImportCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        MailTree.Layout l = switch (layout) {
            case "auto" -> MailTree.Layout.AUTO;
            case "maildir++" -> MailTree.Layout.MAILDIRPP;
            case "fs" -> MailTree.Layout.FS;
            case "mbox" -> MailTree.Layout.MBOX;
            default -> throw new Failure("unknown layout " + layout + ": use auto, maildir++, fs or mbox");
        };
        ProgressDisplay progress = new ProgressDisplay(io.err(), io.console() != null);
        MailImport.Summary[] summary = new MailImport.Summary[1];
        UserCommands.withStore(store, s -> {
            var u = s.user(user).orElseThrow(() -> new Failure("no such user: " + user));
            try {
                var folders = MailTree.folders(path, l, mailbox);
                summary[0] = new MailImport(s, u, quiet ? Progress.NONE : progress, line -> {
                    progress.end();
                    io.err().println("satchel import: " + line);
                }).run(folders);
            } catch (IOException e) {
                throw new Failure("cannot import " + path + ": " + e.getMessage(), e);
            } finally {
                progress.end();
            }
        });
        MailImport.Summary r = summary[0];
        io.out().printf("Imported %d folders (%d with their UIDs kept): %d messages, %d bytes; %d already there, "
                + "%d skipped as broken.%n", r.folders(), r.uidsKept(), r.messages(), r.bytes(), r.alreadyThere(), r.broken());
        return 0;
    }
}
