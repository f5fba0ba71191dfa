package satchel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/testing.md's first example is examples/junit5-jakarta-mail's WelcomeMailTest, and its Spring Boot section
 * examples/spring-boot's WelcomeMailerTest, verbatim; the build runs both: the page cannot drift from working code.
 */
class TestingDocTest {
    @Test
    void firstExampleIsWelcomeMailTest() throws Exception {
        String doc = Files.readString(Path.of("../docs/testing.md"));
        var m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).isTrue();
        Path example = Path.of("../examples/junit5-jakarta-mail/src/test/java/com/example/WelcomeMailTest.java");
        assertThat(m.group(1)).isEqualTo(Files.readString(example));
    }

    @Test
    void springSectionShowsTheSpringBootExample() throws Exception {
        String doc = Files.readString(Path.of("../docs/testing.md"));
        String section = doc.substring(doc.indexOf("## A Spring Boot test"));
        var m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).isTrue();
        Path example = Path.of("../examples/spring-boot/src/test/java/com/example/mail/WelcomeMailerTest.java");
        assertThat(m.group(1)).isEqualTo(Files.readString(example));
    }
}
