package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The fan-out trace logs one line per bell, once every session reported, with the spread of each hop. */
class FanOutTraceTest {
    private final List<String> lines = new ArrayList<>();
    private final Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getName().equals("debug") && args.length == 1) lines.add((String) args[0]);
                return method.getReturnType() == boolean.class ? true : null;
            });

    @Test
    void logsOnceEverySessionReported() {
        FanOutTrace t = new FanOutTrace(7, 115, 3);
        long bell = System.nanoTime(); // the trace's own clock started at or just before this
        t.read(bell, bell + 2_000_000);
        t.session(bell + 10_000_000, bell + 11_000_000, bell + 12_000_000, log);
        t.session(bell + 20_000_000, bell + 21_000_000, bell + 22_000_000, log);
        assertThat(lines).as("not before the last session").isEmpty();
        t.session(bell + 30_000_000, bell + 31_000_000, bell + 40_000_000, log);
        t.session(bell + 50_000_000, bell + 51_000_000, bell + 52_000_000, log); // a late one: ignored
        t.log(log); // the next bell's flush of an incomplete trace: already logged
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("Fan-out of bell 7 of mailbox 115: 3 of 3 sessions; read ")
                .matches(".*woke 2\\d\\.\\d/3\\d\\.\\d/3\\d\\.\\d, synced 2\\d\\.\\d/3\\d\\.\\d/3\\d\\.\\d,"
                        + " flushed 2\\d\\.\\d/4\\d\\.\\d/4\\d\\.\\d .*");
    }

    @Test
    void anIncompleteTraceIsLoggedAtTheNextBell() {
        FanOutTrace t = new FanOutTrace(8, 115, 1000);
        long now = System.nanoTime();
        t.session(now, now, now, log);
        assertThat(lines).isEmpty();
        t.log(log);
        assertThat(lines).singleElement().asString().contains("1 of 1000 sessions; read -..- ms");
    }
}
