package satchel.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import satchel.store.MessageMeta;

/**
 * One Maildir++ folder: each message written to {@code tmp/}, then renamed into {@code cur/} (the Maildir delivery
 * rule, so a reader never sees half a file) as {@code <time>.S<uid>V<uidvalidity>.satchel,S=<size>,W=<crlf
 * size>:2,<flags>}, with the internal date as its modification time (where Dovecot keeps it). Closing writes the
 * {@code dovecot-uidlist} and {@code dovecot-keywords} beside them.
 */
final class MaildirWriter implements MailExport.FolderWriter {
    private final Path dir;
    private final long uidValidity;
    private final long uidNext;
    private final List<String> keywords = new ArrayList<>();
    private final StringBuilder uidList = new StringBuilder();
    private final Set<String> dropped = new TreeSet<>();

    MaildirWriter(Path root, List<String> parts, long uidValidity, long uidNext) throws IOException {
        this.dir = parts.equals(List.of("INBOX")) ? root : root.resolve("." + String.join(".", parts));
        this.uidValidity = uidValidity;
        this.uidNext = uidNext;
        for (String d : new String[] {"cur", "new", "tmp"}) Files.createDirectories(dir.resolve(d));
        if (!dir.equals(root)) Files.write(dir.resolve("maildirfolder"), new byte[0]); // Maildir++: marks a folder (for Courier, mbsync)
    }

    @Override
    public void write(MessageMeta meta, byte[] content) throws IOException {
        byte[] lf = LineEnds.toLf(content);
        String base = meta.internalDate().getEpochSecond() + ".S" + meta.uid() + "V" + uidValidity + ".satchel,S="
                + lf.length + ",W=" + content.length;
        String name = base + MaildirFlags.format(meta.flags(), keywords, dropped);
        Path tmp = dir.resolve("tmp").resolve(base);
        Files.write(tmp, lf);
        Files.setLastModifiedTime(tmp, FileTime.from(meta.internalDate()));
        Files.move(tmp, dir.resolve("cur").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        uidList.append(meta.uid()).append(" :").append(base).append('\n');
    }

    @Override
    public void close() throws IOException {
        String guid = java.util.UUID.randomUUID().toString().replace("-", "");
        Files.writeString(dir.resolve(UidList.FILE),
                "3 V" + uidValidity + " N" + uidNext + " G" + guid + "\n" + uidList, StandardCharsets.UTF_8);
        if (!keywords.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < keywords.size(); i++) sb.append(i).append(' ').append(keywords.get(i)).append('\n');
            Files.writeString(dir.resolve("dovecot-keywords"), sb, StandardCharsets.UTF_8);
        }
        if (!dropped.isEmpty()) throw new IOException(dir + ": more than 26 keywords; left out " + dropped);
    }
}
