package satchel.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import satchel.mime.MessageStructure;
import satchel.store.sql.SearchDocument;
import satchel.store.sql.TrigramRuns;

/**
 * {@link TrigramRuns#of} over the full-text columns of 2,000 generated messages, one thread (issue 11): bytes allocated
 * and CPU per message, passes 5–12 (the first four warm up).
 *   java -cp ... satchel.bench.TrigramBench
 */
public final class TrigramBench {
    public static void main(String[] args) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        MessageGen gen = new MessageGen(4242, true);
        List<String[]> docs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) docs.add(SearchDocument.of(MessageStructure.parse(gen.next("t" + i))));
        long sink = 0;
        for (int pass = 0; pass < 12; pass++) {
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long c0 = threads.getCurrentThreadCpuTime();
            for (String[] d : docs) for (String col : d) sink += TrigramRuns.of(col).length();
            long a = threads.getCurrentThreadAllocatedBytes() - a0;
            long c = threads.getCurrentThreadCpuTime() - c0;
            if (pass >= 4) System.out.printf("pass %d: %.1f KB allocated, %.1f us CPU per message%n", pass, a / 1024.0 / docs.size(), c / 1e3 / docs.size());
        }
        System.out.println(sink);
    }
}
