package satchel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import satchel.config.Logging.Format;

/** {@code logging.format} and its neighbours: read in any case, rejected with the line, printed back. */
class LoggingConfigTest {
    private static ServerConfig parse(String... lines) throws ConfigException {
        return ConfigFile.parse("satchel.conf", List.of(lines), ServerConfig.standalone(Path.of("data")), Path.of("/etc/satchel"));
    }

    @Test void formatIsTextUnlessJsonIsAsked() throws Exception {
        assertThat(parse().logging().format()).isEqualTo(Format.TEXT);
        Logging l = parse("logging.format = JSON", "logging.level = WARN", "logging.file = satchel.log").logging();
        assertThat(l).isEqualTo(new Logging("warn", Path.of("/etc/satchel/satchel.log"), Format.JSON));
        assertThat(parse("logging.file = x.log", "logging.format = json").logging().file()).isEqualTo(Path.of("/etc/satchel/x.log"));
    }

    @Test void anUnknownFormatNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> parse("logging.format = xml")).isInstanceOf(ConfigException.class)
                .hasMessage("satchel.conf:1: logging.format must be text or json, not \"xml\"");
    }

    @Test void thePrintedConfigurationShowsTheFormat() throws Exception {
        assertThat(ConfigPrinter.lines(parse("logging.format = json"))).contains("logging.format = json");
        assertThat(ConfigPrinter.lines(parse())).contains("logging.format = text");
    }
}
