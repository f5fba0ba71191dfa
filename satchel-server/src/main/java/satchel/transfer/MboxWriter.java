package satchel.transfer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import satchel.store.MessageMeta;

/**
 * One mboxrd file: {@code From MAILER-DAEMON <date>}, the message with LF line ends, its flags as {@code Status},
 * {@code X-Status} and {@code X-Keywords} at the end of the header, every line matching {@code >*From } quoted
 * with one more {@code >}, and an empty line after it. The date is the internal date in this machine's zone, as
 * mbox writers do.
 */
final class MboxWriter implements MailExport.FolderWriter {
    private final OutputStream out;

    MboxWriter(Path root, List<String> parts) throws IOException {
        Path file = root.resolve(String.join("/", parts) + ".mbox");
        Files.createDirectories(file.getParent());
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    @Override
    public void write(MessageMeta meta, byte[] content) throws IOException {
        byte[] lf = LineEnds.toLf(content);
        String date = MboxHeaders.WRITE.format(meta.internalDate().atZone(ZoneId.systemDefault()));
        out.write(("From MAILER-DAEMON " + date + "\n").getBytes(StandardCharsets.US_ASCII));
        int end = MboxHeaders.headerEnd(lf);
        quoted(lf, 0, end);
        if (end == lf.length && (end == 0 || lf[end - 1] != '\n')) out.write('\n'); // a header with no end
        out.write(MboxHeaders.format(meta.flags()).getBytes(StandardCharsets.UTF_8));
        quoted(lf, end, lf.length);
        if (lf.length > 0 && lf[lf.length - 1] != '\n') out.write('\n');
        out.write('\n');
    }

    private void quoted(byte[] b, int from, int to) throws IOException {
        int line = from;
        while (line < to) {
            int eol = line;
            while (eol < to && b[eol] != '\n') eol++;
            int gt = line;
            while (gt < eol && b[gt] == '>') gt++;
            if (eol - gt >= 5 && new String(b, gt, 5, StandardCharsets.ISO_8859_1).equals("From ")) out.write('>');
            out.write(b, line, Math.min(eol + 1, to) - line);
            line = eol + 1;
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
