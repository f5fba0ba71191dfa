package satchel.session;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import satchel.mime.MessageStructure;
import satchel.protocol.FetchItem;
import satchel.protocol.FetchItem.Section;
import satchel.protocol.FetchItem.SectionText;
import satchel.protocol.SearchKey;
import satchel.wire.Response;

/**
 * Arbitrary bytes through parse, serialisation, FETCH rendering and SEARCH. Without JAZZER_FUZZ set this
 * replays the seed corpus (and empty input) as a regular test; with it, Jazzer fuzzes.
 */
class FetchFuzzTest {
    private static final List<FetchItem> ITEMS = List.of(new FetchItem.BodyStructure(true), new FetchItem.BodyStructure(false),
            new FetchItem.Envelope(),
            new FetchItem.BodySection(new Section(List.of(1), SectionText.NONE, List.of()), true, null),
            new FetchItem.BodySection(new Section(List.of(1, 1), SectionText.MIME, List.of()), true, null),
            new FetchItem.BodySection(new Section(List.of(2), SectionText.HEADER_FIELDS, List.of("To")), true, null),
            new FetchItem.BodySection(new Section(List.of(), SectionText.TEXT, List.of()), true, new FetchItem.Partial(3, 10)));

    @FuzzTest(maxDuration = "30s")
    void parseRenderSearch(byte[] data) {
        MessageStructure s = MessageStructure.parse(data);
        MessageStructure back = MessageStructure.fromBytes(s.toBytes());
        if (!back.equals(s)) throw new AssertionError("round trip changed the structure");
        var m = new FetchTestMessage(1, 1, 1, Set.of(), false, Instant.EPOCH, data);
        FetchRenderer.render(Response.untagged(), ITEMS, m);
        SearchEvaluator.matches(new SearchKey.And(List.of(new SearchKey.Body("x"), new SearchKey.Header("To", "a"),
                new SearchKey.Text("é"))), m, new SearchEvaluator.Context(1, 1, Set.of()));
    }
}
