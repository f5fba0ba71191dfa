package satchel.transfer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One mbox file. A message starts at a {@code From } line at the start of the file or after an empty line; the
 * empty line before the next one belongs to the separator. Body lines quoted as {@code >From }, {@code >>From }…
 * lose one {@code >} (mboxrd; for mboxo files, as mutt writes them, this is the same for every line mutt quoted).
 * Flags come from {@code Status}/{@code X-Status}/{@code X-Keywords} ({@link MboxHeaders}), the internal date
 * from the {@code From } line.
 */
final class MboxSource implements SourceFolder {
    private final String name;
    private final Path file;
    private long count = -1;

    MboxSource(String name, Path file) {
        this.name = name;
        this.file = file;
    }

    @Override public String name() { return name; }

    @Override public long uidValidity() { return 0; }

    @Override public long nextUid() { return 0; }

    @Override
    public long count() {
        if (count < 0) {
            long[] n = {0};
            try {
                scan((_, _, _) -> n[0]++, false);
            } catch (IOException e) {
                n[0] = 0; // read() will report it
            }
            count = n[0];
        }
        return count;
    }

    @Override
    public void read(Sink sink) throws IOException {
        scan((start, fromLine, content) -> {
            String where = file.getFileName() + "@" + start;
            String problem = Messages.problem(content);
            if (problem != null) {
                sink.accept(Item.broken(where, problem));
                return;
            }
            MboxHeaders.Parsed p = MboxHeaders.parse(content);
            if (p.internal()) return; // the folder-data pseudo message UW-IMAP and Dovecot keep first
            Instant date = MboxHeaders.fromLineDate(fromLine);
            sink.accept(new Item(where, 0, LineEnds.toCrlf(p.content()), null, p.flags(), date));
        }, true);
    }

    private interface Found {
        void message(long offset, String fromLine, byte[] content) throws IOException;
    }

    private void scan(Found found, boolean keep) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream msg = null;
            String fromLine = null;
            boolean prevBlank = true;
            long offset = 0, start = 0;
            byte[] line;
            while ((line = readLine(in)) != null) {
                long at = offset;
                offset += line.length;
                if (prevBlank && startsWith(line, 0, "From ")) {
                    if (msg != null) found.message(start, fromLine, withoutSeparator(msg));
                    msg = new ByteArrayOutputStream();
                    fromLine = new String(line, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
                    start = at;
                    prevBlank = false;
                    continue;
                }
                prevBlank = blank(line);
                if (msg == null) {
                    if (prevBlank) continue;
                    throw new IOException(file + " is not an mbox file (no \"From \" line at the start)");
                }
                if (keep) unquote(line, msg);
            }
            if (msg != null) found.message(start, fromLine, withoutSeparator(msg));
        }
    }

    /** A line with its LF, or the last one without; null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') break;
        }
        return line.size() == 0 && b < 0 ? null : line.toByteArray();
    }

    private static boolean blank(byte[] line) {
        return line.length == 1 && line[0] == '\n' || line.length == 2 && line[0] == '\r' && line[1] == '\n';
    }

    private static boolean startsWith(byte[] b, int from, String prefix) {
        if (b.length - from < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (b[from + i] != prefix.charAt(i)) return false;
        return true;
    }

    /** mboxrd: ">From " loses its first ">", however many there are. */
    private static void unquote(byte[] line, ByteArrayOutputStream out) {
        int i = 0;
        while (i < line.length && line[i] == '>') i++;
        if (i > 0 && startsWith(line, i, "From ")) out.write(line, 1, line.length - 1);
        else out.write(line, 0, line.length);
    }

    private static byte[] withoutSeparator(ByteArrayOutputStream msg) {
        byte[] b = msg.toByteArray();
        int n = b.length;
        if (n >= 2 && b[n - 1] == '\n' && b[n - 2] == '\n') n -= 1;
        else if (n >= 4 && b[n - 1] == '\n' && b[n - 2] == '\r' && b[n - 3] == '\n' && b[n - 4] == '\r') n -= 2;
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }
}
