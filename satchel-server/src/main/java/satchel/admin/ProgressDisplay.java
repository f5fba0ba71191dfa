package satchel.admin;

import java.io.PrintStream;
import satchel.store.StoreMaintenance.Progress;

/**
 * Shows how far a long operation has got, on standard error: a redrawn bar on a terminal, otherwise plain
 * lines (one when a phase starts and one per tenth done), so logs of scripted runs stay readable.
 */
final class ProgressDisplay implements Progress {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private String phase;
    private long lastTenth = -1;
    private boolean barOpen;

    ProgressDisplay(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override public void update(String phase, long done, long total) {
        boolean newPhase = !phase.equals(this.phase);
        this.phase = phase;
        if (terminal) {
            bar(phase, done, total);
            return;
        }
        long tenth = total > 0 ? done * 10 / total : -1;
        if (newPhase) lastTenth = -1;
        if (newPhase || (tenth != lastTenth && tenth >= 0)) {
            err.println(total > 0 ? phase + ": " + done + "/" + total + " (" + tenth * 10 + "%)" : phase + ": " + done);
            lastTenth = tenth;
        }
    }

    private void bar(String phase, long done, long total) {
        int filled = total > 0 ? (int) Math.min(WIDTH, done * WIDTH / total) : 0;
        String pct = total > 0 ? String.format("%3d%%", done * 100 / total) : "    ";
        err.print("\r" + String.format("%-10s", phase) + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
                + pct + " " + done + (total > 0 ? "/" + total : ""));
        err.flush();
        barOpen = true;
        if (total > 0 && done >= total) end();
    }

    /** Ends the bar's line so later output starts on a fresh one. */
    void end() {
        if (barOpen) err.println();
        barOpen = false;
    }
}
