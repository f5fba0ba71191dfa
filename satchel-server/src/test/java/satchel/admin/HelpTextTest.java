package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --help} of the commands an operator reaches for when something is wrong says what they do. */
class HelpTextTest {
    private final Cli cli = new Cli();

    @Test void checkExplainsRepairAndExitCodes() {
        assertThat(cli.run("check", "--help")).isZero();
        assertThat(cli.out()).contains("Usage: satchel check", "--repair", "nothing is changed",
                "Exit codes: 0 consistent (or all repaired), 3 problems remain, 1 the check");
    }

    @Test void traceOffSaysWhatStopsAndWhatStays() {
        assertThat(cli.run("trace", "off", "--help")).isZero();
        String help = cli.out();
        assertThat(help).contains("Usage: satchel trace off", "(--all |", "--all", "Stop every trace.",
                "traces already running end with their", "trace files are kept");
        assertThat(help).as("options shared with trace on read right for off").doesNotContain("traced from");
    }
}
