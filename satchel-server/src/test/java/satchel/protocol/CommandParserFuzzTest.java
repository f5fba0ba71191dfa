package satchel.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import satchel.wire.ImapReader;
import satchel.wire.Limits;

/**
 * Jazzer target: CommandParser over arbitrary bytes with strict limits must fail only with ProtocolException
 * (or end of stream) and must always make progress. Runs the seeds in CommandParserFuzzTestInputs in normal
 * test runs; JAZZER_FUZZ=1 fuzzes for real.
 */
class CommandParserFuzzTest {
    private static final Limits STRICT = new Limits(256, 256, 1024, 4, 3);

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) throws IOException {
        ImapReader r = new ImapReader(new ByteArrayInputStream(data));
        r.setLimits(STRICT);
        Drain.all(r);
    }
}
