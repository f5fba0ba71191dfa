package satchel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lmtp keys: off by default, TCP or a socket path (relative to the file), domains, mode. */
class LmtpConfigTest {
    private static ServerConfig parse(String... lines) throws ConfigException {
        return ConfigFile.parse("t.conf", List.of(lines), ServerConfig.standalone(Path.of("data")), Path.of("/etc/satchel"));
    }

    @Test void offByDefault() throws Exception {
        assertThat(parse().lmtp()).isEqualTo(Lmtp.off());
        assertThat(Lmtp.off().listen()).isNull();
        assertThat(parse("lmtp = off").lmtp().listen()).isNull();
    }

    @Test void tcpOrSocketPath() throws Exception {
        assertThat(parse("lmtp = 127.0.0.1:24").lmtp().listen()).isEqualTo("127.0.0.1:24");
        assertThat(parse("lmtp = run/lmtp.sock").lmtp().listen()).isEqualTo("/etc/satchel/run/lmtp.sock");
        assertThat(parse("lmtp = /var/spool/postfix/satchel/lmtp").lmtp().listen())
                .isEqualTo("/var/spool/postfix/satchel/lmtp");
        assertThatThrownBy(() -> parse("lmtp = localhost")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.conf:1: lmtp: expected host:port, a socket path or off");
    }

    @Test void domainsModeAndLoopback() throws Exception {
        Lmtp l = parse("lmtp.domains = Example.ORG, example.net", "lmtp.socket-mode = 0600",
                "lmtp.allow-non-loopback = true").lmtp();
        assertThat(l.domains()).containsExactly("example.org", "example.net");
        assertThat(l.socketMode()).isEqualTo("0600");
        assertThat(l.allowNonLoopback()).isTrue();
        assertThat(parse("lmtp.domains = any").lmtp().domains()).isEmpty();
        assertThatThrownBy(() -> parse("lmtp.socket-mode = 0999")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("octal");
        assertThatThrownBy(() -> parse("lmtp.domains = a@b")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a domain");
    }

    @Test void printedBackTheSame() throws Exception {
        ServerConfig c = parse("lmtp = /run/satchel/lmtp", "lmtp.domains = example.org");
        ServerConfig again = ConfigFile.parse("p", ConfigPrinter.lines(c), ServerConfig.standalone(Path.of("data")),
                Path.of("/"));
        assertThat(again.lmtp()).isEqualTo(c.lmtp());
    }
}
