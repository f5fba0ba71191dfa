package satchel.transcript;

/**
 * Which store an in-process Satchel target runs on: what a test class chose with {@link #use} (the PostgreSQL
 * runs of the transcripts and interop tests), else the system property {@code transcript.store} ({@code memory},
 * {@code sqlite} or {@code postgresql}; default memory). Test classes run one at a time in the JVM.
 */
public final class TargetStore {
    private static volatile String chosen;

    private TargetStore() {}

    /** {@code kind} for the targets opened from now on; null goes back to the system property. */
    public static void use(String kind) {
        chosen = kind;
    }

    static String current() {
        String c = chosen;
        return c != null ? c : System.getProperty("transcript.store", "memory");
    }
}
