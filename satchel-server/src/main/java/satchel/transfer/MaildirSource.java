package satchel.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One Maildir folder ({@code cur/} and {@code new/}), with Dovecot's {@code dovecot-uidlist} and
 * {@code dovecot-keywords} beside them when present. Internal dates are the files' modification times, which is
 * where Dovecot keeps the received date; the {@code ,S=} and {@code ,W=} parts of names are only size hints and
 * are not trusted.
 */
final class MaildirSource implements SourceFolder {
    private final String name;
    private final Path dir;
    private final UidList uidList;
    private final List<String> keywords;
    private final List<Path> files;

    private record Entry(Path file, long uid) {}

    MaildirSource(String name, Path dir) throws IOException {
        this.name = name;
        this.dir = dir;
        Path list = dir.resolve(UidList.FILE);
        this.uidList = Files.isRegularFile(list) ? UidList.parse(lines(list)) : UidList.parse(List.of());
        Path kw = dir.resolve("dovecot-keywords");
        this.keywords = Files.isRegularFile(kw) ? MaildirFlags.parseKeywords(lines(kw)) : List.of();
        List<Path> all = new ArrayList<>();
        for (String sub : new String[] {"cur", "new"}) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> !p.getFileName().toString().startsWith(".")).forEach(all::add);
            }
        }
        this.files = all;
    }

    private static List<String> lines(Path p) throws IOException {
        return List.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8).split("\n"));
    }

    @Override public String name() { return name; }

    @Override public long uidValidity() { return uidList.uidValidity(); }

    @Override public long nextUid() { return uidList.nextUid(); }

    @Override public long count() { return files.size(); }

    @Override
    public void read(Sink sink) throws IOException {
        List<Entry> entries = new ArrayList<>(files.size());
        for (Path f : files) {
            Long uid = uidList.uids().get(MaildirFlags.base(f.getFileName().toString()));
            entries.add(new Entry(f, uid == null ? 0 : uid));
        }
        // UIDs ascending, then new mail without one in file-name order (which starts with the delivery time).
        entries.sort(Comparator.comparingLong((Entry e) -> e.uid() == 0 ? Long.MAX_VALUE : e.uid())
                .thenComparing(e -> e.file().getFileName().toString()));
        for (Entry e : entries) sink.accept(item(e));
    }

    private SourceFolder.Item item(Entry e) {
        String where = dir.relativize(e.file()).toString();
        byte[] raw;
        java.time.Instant date;
        try {
            raw = Files.readAllBytes(e.file());
            date = Files.getLastModifiedTime(e.file()).toInstant();
        } catch (IOException ex) {
            return Item.broken(where, "cannot read: " + ex.getMessage());
        }
        String problem = Messages.problem(raw);
        if (problem != null) return Item.broken(where, problem);
        return new Item(where, e.uid(), LineEnds.toCrlf(raw), null,
                MaildirFlags.parse(e.file().getFileName().toString(), keywords), date);
    }
}
