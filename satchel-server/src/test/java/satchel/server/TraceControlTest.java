package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.server.TraceControl.Rule;
import satchel.session.TraceSink;

class TraceControlTest {
    @TempDir Path dir;

    @Test void anAddrRuleMayNameANetwork() throws Exception {
        TraceControl.write(dir, List.of(new Rule(Rule.Kind.ADDR, "192.0.2.0/24"),
                new Rule(Rule.Kind.ADDR, "2001:db8:0:0:0:0:0:0/32")));
        var traces = new TraceControl(dir);
        try (TraceSink inside = traces.forAddress("192.0.2.7", 1);
             TraceSink inside6 = traces.forAddress("2001:db8:0:0:0:0:0:9", 2)) {
            assertThat(inside).isNotNull();
            assertThat(inside6).isNotNull();
        }
        assertThat(traces.forAddress("192.0.3.7", 3)).isNull();
        assertThat(traces.forAddress("stdio", 4)).isNull();
    }
}
