package satchel.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import satchel.store.StoreMaintenance.Progress;
import satchel.transfer.MailExport;

/** {@code satchel export USER DIR --format maildir|mbox}: a user's mail as files other programs read. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export USER's mail into DIR (new or empty): as a Maildir++ tree (INBOX at the top, .Folder "
                + "directories below, readable by mutt, mbsync and Dovecot; dovecot-uidlist and dovecot-keywords "
                + "keep UIDs and keywords for a later import) or as mboxrd files (Folder.mbox, Folder/Sub.mbox)."})
final class ExportCommand implements Callable<Integer> {
    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    @Parameters(index = "0", paramLabel = "USER") String user;

    @Parameters(index = "1", paramLabel = "DIR") Path dir;

    @Option(names = "--format", paramLabel = "maildir|mbox", description = "maildir (default) or mbox.")
    String format = "maildir";

    @Option(names = "--mailbox", paramLabel = "NAME", description = "Export only this mailbox.") String mailbox;

    @Option(names = "--quiet", description = "No progress display.") boolean quiet;

    ExportCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        MailExport.Format f = switch (format) {
            case "maildir" -> MailExport.Format.MAILDIR;
            case "mbox" -> MailExport.Format.MBOX;
            default -> throw new Failure("unknown format " + format + ": use maildir or mbox");
        };
        ProgressDisplay progress = new ProgressDisplay(io.err(), io.console() != null);
        MailExport.Summary[] summary = new MailExport.Summary[1];
        UserCommands.withStore(store, true, s -> {
            var u = s.user(user).orElseThrow(() -> new Failure("no such user: " + user));
            try {
                summary[0] = new MailExport(s.mail(u), quiet ? Progress.NONE : progress, line -> {
                    progress.end();
                    io.err().println("satchel export: " + line);
                }).run(dir, f, mailbox);
            } catch (IOException e) {
                throw new Failure("cannot export to " + dir + ": " + e.getMessage(), e);
            } finally {
                progress.end();
            }
        });
        MailExport.Summary r = summary[0];
        io.out().printf("Exported %d folders: %d messages, %d bytes%s.%n", r.folders(), r.messages(), r.bytes(),
                r.skippedFolders() == 0 ? "" : "; " + r.skippedFolders() + " folders left out (see above)");
        return r.skippedFolders() == 0 ? 0 : 1;
    }
}
