package satchel.attack;

/**
 * One class of hostile client. {@link #run} must stop by itself: every loop is bounded by a count from
 * {@link Sizes} and by {@link Ctx#deadline}; the runner closes whatever it left open.
 */
interface Attack {
    /** Short id, e.g. "a-flood-plain"; the letter is the class in issue 10. */
    String name();

    /** One line for docs and the table's legend. */
    String what();

    /** Needs the implicit-TLS port (skipped when there is none). */
    default boolean needsTls() { return false; }

    /** Ends the server (the shutdown class): run last, and the server is not expected alive afterwards. */
    default boolean endsServer() { return false; }

    /** A measurement, not an attack: no verdict (the legitimate client may be refused while it runs). */
    default boolean measurement() { return false; }

    /** Work before the timed window, e.g. filling a mailbox. */
    default void prepare(Ctx ctx) throws Exception {}

    /** Attacks until done or the deadline; returns a short note of what happened, for the table. */
    String run(Ctx ctx) throws Exception;
}
