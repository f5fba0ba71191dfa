package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated MIME trees: the parse recovers the tree exactly, and serialisation round-trips. */
class StructureProperties {
    /** A generated entity: a leaf with its exact body, a multipart, or an encapsulated message. */
    sealed interface Node {
        record Leaf(String type, String body) implements Node {}
        record Multi(String subtype, List<Node> parts) implements Node {}
        record Msg(Node inner) implements Node {}
    }

    @Provide Arbitrary<Node> trees() {
        return Arbitraries.randomValue(r -> gen(r, 0));
    }

    private static Node gen(Random r, int depth) {
        int kind = depth >= 4 ? 0 : r.nextInt(5);
        if (kind == 3) {
            List<Node> parts = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) parts.add(gen(r, depth + 1));
            return new Node.Multi(List.of("mixed", "alternative", "related").get(r.nextInt(3)), parts);
        }
        if (kind == 4) return new Node.Msg(gen(r, depth + 1));
        StringBuilder body = new StringBuilder();
        for (int i = 0, n = r.nextInt(6); i < n; i++) {
            for (int j = 0, len = r.nextInt(30); j < len; j++) body.append("abc xyz=éü09;:\"".charAt(r.nextInt(15)));
            if (i < n - 1 || r.nextBoolean()) body.append("\r\n");
        }
        return new Node.Leaf(List.of("text/plain", "text/html", "application/pdf", "image/png").get(r.nextInt(4)), body.toString());
    }

    private static void render(Node n, StringBuilder out, int[] counter) {
        switch (n) {
            case Node.Leaf l -> out.append("Content-Type: ").append(l.type()).append("\r\n\r\n").append(l.body());
            case Node.Multi m -> {
                String b = "=_b" + counter[0]++;
                out.append("Content-Type: multipart/").append(m.subtype()).append("; boundary=\"").append(b).append("\"\r\n\r\n");
                out.append("preamble\r\n");
                for (Node c : m.parts()) {
                    out.append("--").append(b).append("\r\n");
                    render(c, out, counter);
                    out.append("\r\n");
                }
                out.append("--").append(b).append("--\r\nepilogue\r\n");
            }
            case Node.Msg m -> {
                out.append("Content-Type: message/rfc822\r\n\r\nSubject: inner ").append(counter[0]++).append("\r\n");
                render(m.inner(), out, counter);
            }
        }
    }

    static byte[] bytes(Node root) {
        StringBuilder s = new StringBuilder("Subject: generated\r\nFrom: gen@example.org\r\n");
        render(root, s, new int[1]);
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Preorder shape: type, and for leaves the exact body length in octets. */
    private static void shape(Node n, List<String> out) {
        switch (n) {
            case Node.Leaf l -> out.add(l.type() + " " + l.body().getBytes(StandardCharsets.UTF_8).length);
            case Node.Multi m -> {
                out.add("multipart/" + m.subtype());
                m.parts().forEach(c -> shape(c, out));
            }
            case Node.Msg m -> {
                out.add("message/rfc822");
                shape(m.inner(), out);
            }
        }
    }

    private static void shape(Part p, List<String> out) {
        switch (p.body()) {
            case PartBody.Single _ -> out.add(p.mimeType() + " " + p.bodyLength());
            case PartBody.Multipart mp -> {
                out.add(p.mimeType());
                mp.parts().forEach(c -> shape(c, out));
            }
            case PartBody.Message m -> {
                out.add(p.mimeType());
                shape(m.message(), out);
            }
        }
    }

    @Property(tries = 300)
    void parseRecoversTheGeneratedTree(@ForAll("trees") Node tree) {
        List<String> expected = new ArrayList<>(), actual = new ArrayList<>();
        shape(tree, expected);
        shape(MessageStructure.parse(bytes(tree)).root(), actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 300)
    void serialisationRoundTrips(@ForAll("trees") Node tree) {
        MessageStructure s = MessageStructure.parse(bytes(tree));
        MessageStructure back = MessageStructure.fromBytes(s.toBytes());
        assertThat(back).isEqualTo(s);
        assertThat(back.toBytes()).isEqualTo(s.toBytes());
    }

    @Property(tries = 200)
    void arbitraryBytesNeverBreakTheParser(@ForAll byte[] junk) {
        MessageStructure s = MessageStructure.parse(junk);
        assertThat(MessageStructure.fromBytes(s.toBytes())).isEqualTo(s);
    }
}
