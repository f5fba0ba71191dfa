package satchel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Writes a Maildir the way Dovecot lays one out, for the import benchmark: Maildir++ (INBOX at the top, .Work,
 * .Work.Reports, .Archive), LF line ends, {@code ,S=} and {@code ,W=} in names, flags and keyword letters after
 * {@code :2,}, a {@code dovecot-uidlist} with gaps where messages were expunged, {@code dovecot-keywords}, and file
 * times as internal dates. Messages come from {@link MessageGen}, text only (2 to 20 KiB of body, about 9 KiB on average).
 * <pre>java -cp … satchel.bench.MaildirGen DIR COUNT [--flat]</pre>
 * {@code --flat}: every message in INBOX (one big mailbox, for the scale-out benchmark).
 */
public final class MaildirGen {
    private static final String[] FOLDERS = {"", ".Work", ".Work.Reports", ".Archive"};
    private static final String[] FLAGS = {"S", "S", "S", "FS", "RS", "", "Sa", "Sab", "PS", "D"};

    private MaildirGen() {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        MessageGen gen = new MessageGen(42, false);
        SplittableRandom random = new SplittableRandom(7);
        long bytes = 0;
        boolean flat = args.length > 2 && args[2].equals("--flat");
        for (int f = 0; f < (flat ? 1 : FOLDERS.length); f++) {
            Path dir = root.resolve(FOLDERS[f].isEmpty() ? "." : FOLDERS[f]).normalize();
            for (String d : new String[] {"cur", "new", "tmp"}) Files.createDirectories(dir.resolve(d));
            if (!FOLDERS[f].isEmpty()) Files.write(dir.resolve("maildirfolder"), new byte[0]);
            Files.writeString(dir.resolve("dovecot-keywords"), "0 $Label1\n1 project-x\n");
            // INBOX gets half the mail, the folders share the rest.
            int n = flat ? count : f == 0 ? count / 2 : (count - count / 2) / 3 + (f <= (count - count / 2) % 3 ? 1 : 0);
            StringBuilder list = new StringBuilder();
            long uid = 0;
            for (int i = 0; i < n; i++) {
                uid += random.nextInt(10) == 0 ? 2 : 1; // one in ten followed an expunged message
                byte[] lf = new String(gen.next("gen-" + f + "-" + i), StandardCharsets.UTF_8)
                        .replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
                long crlf = lf.length + new String(lf, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
                long time = 1_700_000_000L + uid * 600;
                String base = time + ".M" + i + "P" + f + ".bench,S=" + lf.length + ",W=" + crlf;
                Path file = dir.resolve("cur").resolve(base + ":2," + FLAGS[random.nextInt(FLAGS.length)]);
                Files.write(file, lf);
                Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(time)));
                list.append(uid).append(" :").append(base).append('\n');
                bytes += lf.length;
            }
            Files.writeString(dir.resolve("dovecot-uidlist"), "3 V" + (1_700_000_000L + f) + " N" + (uid + 1)
                    + " G0123456789abcdef0123456789abcdef\n" + list);
        }
        System.out.printf("%d messages, %d bytes in %s%n", count, bytes, root);
    }
}
