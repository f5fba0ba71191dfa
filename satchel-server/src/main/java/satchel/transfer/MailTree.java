package satchel.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import satchel.wire.ModifiedUtf7;

/**
 * Finds the folders under a path given to {@code satchel import}: a Maildir in Dovecot's Maildir++ layout
 * ({@code .Folder}, {@code .Folder.Sub} beside the inbox's {@code cur/ new/ tmp/}) or in {@code LAYOUT=fs} (nested
 * directories), an mbox file, or a directory of mbox files. Folder names on disk are modified UTF-7, as Dovecot
 * writes them (RFC 3501 §5.1.3); a name that does not decode is taken as it is.
 */
public final class MailTree {
    private MailTree() {}

    /** How the path is laid out; AUTO decides by what is there. */
    public enum Layout { AUTO, MAILDIRPP, FS, MBOX }

    /** The folders under {@code root}, INBOX first; {@code mailbox} names the target of a single mbox file. */
    public static List<SourceFolder> folders(Path root, Layout layout, String mailbox) throws IOException {
        if (!Files.exists(root)) throw new IOException(root + " does not exist");
        Layout l = layout == Layout.AUTO ? detect(root) : layout;
        List<SourceFolder> out = switch (l) {
            case MAILDIRPP -> maildirPlusPlus(root);
            case FS -> fs(root);
            case MBOX -> mbox(root, mailbox);
            case AUTO -> throw new IllegalStateException();
        };
        out.sort(Comparator.comparing((SourceFolder f) -> !f.name().equals("INBOX")).thenComparing(SourceFolder::name));
        return out;
    }

    static Layout detect(Path root) throws IOException {
        if (!Files.isDirectory(root)) return Layout.MBOX;
        boolean maildir = isMaildir(root);
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.length() > 1 && isMaildir(p)) return Layout.MAILDIRPP;
                if (!n.startsWith(".") && Files.isDirectory(p) && !isMaildirPart(n)) maildir |= containsMaildir(p);
            }
        }
        return maildir ? Layout.FS : Layout.MBOX;
    }

    private static boolean isMaildir(Path p) {
        return Files.isDirectory(p.resolve("cur")) || Files.isDirectory(p.resolve("new"));
    }

    private static boolean isMaildirPart(String n) {
        return n.equals("cur") || n.equals("new") || n.equals("tmp");
    }

    private static boolean containsMaildir(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, 8)) {
            return s.anyMatch(p -> Files.isDirectory(p) && isMaildir(p));
        }
    }

    private static List<SourceFolder> maildirPlusPlus(Path root) throws IOException {
        List<SourceFolder> out = new ArrayList<>();
        if (isMaildir(root)) out.add(new MaildirSource("INBOX", root));
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") || n.equals(".") || n.equals("..") || !isMaildir(p)) continue;
                List<String> parts = new ArrayList<>();
                for (String part : n.substring(1).split("\\.", -1)) parts.add(decode(part));
                out.add(new MaildirSource(inbox(String.join("/", parts)), p));
            }
        }
        return out;
    }

    private static List<SourceFolder> fs(Path root) throws IOException {
        List<SourceFolder> out = new ArrayList<>();
        if (isMaildir(root)) out.add(new MaildirSource("INBOX", root));
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                if (p.equals(root) || !Files.isDirectory(p) || !isMaildir(p) || skipped(root, p)) continue;
                out.add(new MaildirSource(inbox(name(root.relativize(p))), p));
            }
        }
        return out;
    }

    /** Maildir parts and Dovecot's dot-files are not folders, nor is anything below them. */
    private static boolean skipped(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            String n = part.toString();
            if (isMaildirPart(n) || n.startsWith(".")) return true;
        }
        return false;
    }

    private static List<SourceFolder> mbox(Path root, String mailbox) throws IOException {
        List<SourceFolder> out = new ArrayList<>();
        if (Files.isRegularFile(root)) {
            out.add(new MboxSource(mailbox == null ? "INBOX" : mailbox, root));
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                if (!Files.isRegularFile(p) || skipped(root, p)) continue;
                String rel = name(root.relativize(p));
                if (rel.endsWith(".mbox")) rel = rel.substring(0, rel.length() - 5);
                out.add(new MboxSource(inbox(rel), p));
            }
        }
        return out;
    }

    private static String name(Path relative) {
        List<String> parts = new ArrayList<>();
        for (Path part : relative) parts.add(decode(part.toString()));
        return String.join("/", parts);
    }

    private static String inbox(String name) {
        return name.toUpperCase(Locale.ROOT).equals("INBOX") ? "INBOX" : name;
    }

    private static String decode(String onDisk) {
        try {
            return ModifiedUtf7.decode(onDisk);
        } catch (IllegalArgumentException notUtf7) {
            return onDisk;
        }
    }
}
