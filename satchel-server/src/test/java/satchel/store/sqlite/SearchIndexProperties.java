package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import satchel.mime.MessageStructure;
import satchel.protocol.SearchKey;
import satchel.session.MessageData;
import satchel.session.SearchEvaluator;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.TextQuery;
import satchel.store.UserMail;

/**
 * The index may only narrow: for generated text with awkward Unicode case (ß/ẞ/SS, σ/ς/Σ, İ/ı, ſ, é/É, emoji,
 * quotes), every message the session's exact check matches is among the store's candidates.
 */
class SearchIndexProperties {
    private static final String[] PIECES = {"a", "A", "b", "s", "S", "ss", "SS", "ß", "ẞ", "ſ", "σ", "ς", "Σ", "İ",
        "i", "ı", "I", "é", "É", "e\u0301", "😀", " ", ":", "\"", "=", "ab", "Straße", "ΟΔΟΣ", "x"};
    private static Path dir;
    private static SqliteMailStore store;
    private static UserMail mail;
    private static int boxes;

    @BeforeContainer
    static void open() throws Exception {
        dir = Files.createTempDirectory("satchel-index-props");
        store = SqliteMailStore.open(dir);
        mail = store.mail(store.createUser("p", "h", null));
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Provide
    Arbitrary<List<String>> texts() {
        Arbitrary<String> text = Arbitraries.of(PIECES).list().ofMinSize(0).ofMaxSize(14).map(l -> String.join("", l));
        return text.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 60)
    void candidatesAreASupersetOfExactMatches(@ForAll("texts") List<String> texts, @ForAll long seed) throws Exception {
        MailboxId box = mail.create("B" + boxes++, Set.of()).id();
        List<NewMessage> messages = new ArrayList<>();
        for (String t : texts) {
            String raw = "Subject: " + t + "\r\nX-Note: " + t + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + t;
            messages.add(new NewMessage(raw.getBytes(StandardCharsets.UTF_8), Set.of(), Instant.EPOCH));
        }
        mail.append(box, messages);
        List<Long> uids = new ArrayList<>();
        for (int i = 1; i <= texts.size(); i++) uids.add((long) i);
        Map<Long, MessageStructure> structures = mail.structures(box, uids);
        Random r = new Random(seed);
        for (String needle : needles(texts, r)) {
            for (SearchKey key : List.of(new SearchKey.Body(needle), new SearchKey.Text(needle),
                    new SearchKey.Header("SUBJECT", needle), new SearchKey.Header("x-note", needle))) {
                Set<Long> exact = new TreeSet<>();
                for (long uid : uids) if (SearchEvaluator.matches(key, message(uid, structures.get(uid)), null)) exact.add(uid);
                Set<Long> candidates = mail.textCandidates(box, List.of(query(key))).orElse(Set.copyOf(uids));
                assertThat(candidates).as("%s in %s", key, texts).containsAll(exact);
            }
        }
    }

    /** Substrings of the texts, re-cased at random, and a few unrelated strings. */
    private static List<String> needles(List<String> texts, Random r) {
        List<String> out = new ArrayList<>();
        for (String t : texts) {
            int[] cps = t.codePoints().toArray();
            for (int k = 0; k < 4 && cps.length > 0; k++) {
                int from = r.nextInt(cps.length), to = from + r.nextInt(cps.length - from + 1);
                String s = new String(cps, from, to - from);
                out.add(switch (r.nextInt(3)) {
                    case 0 -> s.toUpperCase(Locale.ROOT);
                    case 1 -> s.toLowerCase(Locale.ROOT);
                    default -> s;
                });
            }
        }
        for (int k = 0; k < 3; k++) out.add(PIECES[r.nextInt(PIECES.length)] + PIECES[r.nextInt(PIECES.length)]
                + PIECES[r.nextInt(PIECES.length)]);
        return out;
    }

    private static TextQuery query(SearchKey key) {
        return switch (key) {
            case SearchKey.Body b -> TextQuery.body(b.text());
            case SearchKey.Text t -> TextQuery.text(t.text());
            case SearchKey.Header h -> TextQuery.header(h.field(), h.value());
            default -> throw new IllegalArgumentException();
        };
    }

    private static MessageData message(long uid, MessageStructure s) {
        return new MessageData() {
            @Override public long seq() { return uid; }
            @Override public long uid() { return uid; }
            @Override public long modSeq() { return 1; }
            @Override public Set<String> flags() { return Set.of(); }
            @Override public boolean recent() { return false; }
            @Override public long size() { return 0; }
            @Override public Instant internalDate() { return Instant.EPOCH; }
            @Override public MessageStructure structure() { return s; }
            @Override public byte[] content() { throw new AssertionError("headers are never truncated here"); }
            @Override public satchel.store.MessageObjects objects() { throw new AssertionError("text keys only"); }
        };
    }
}
