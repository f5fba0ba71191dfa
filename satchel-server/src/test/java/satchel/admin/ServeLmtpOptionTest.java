package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --lmtp}: a bad value is a usage error naming the option; a public address is refused, saying why. */
class ServeLmtpOptionTest {
    @TempDir Path dir;
    private final Cli cli = new Cli();

    @Test void badValueIsUsageError() {
        assertThat(cli.run("serve", "--data", dir.toString(), "--lmtp", "nohost")).isEqualTo(2);
        assertThat(cli.err()).contains("Invalid value for option '--lmtp'");
    }

    @Test void nonLoopbackIsRefusedWithTheReason() {
        assertThat(cli.run("serve", "--data", dir.toString(), "--imap", "off", "--imaps", "off", "--metrics", "off",
                "--lmtp", "0.0.0.0:0")).isEqualTo(1);
        assertThat(cli.err()).contains("not a loopback address").contains("lmtp.allow-non-loopback = true");
    }
}
