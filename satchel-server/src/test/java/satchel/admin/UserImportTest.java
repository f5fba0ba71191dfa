package satchel.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.auth.Scram;
import satchel.config.ServerConfig;
import satchel.server.Stores;
import satchel.store.MailStore;

/** {@code satchel user import}: good lines imported, bad ones reported by number without stopping the rest. */
class UserImportTest {
    @TempDir Path dir;
    private String data;
    private final Cli cli = new Cli();

    @BeforeEach void store() {
        data = dir.resolve("data").toString();
        assertThat(cli.run("init", "--data", data)).isZero();
    }

    @Test void importsGoodLinesAndReportsEachBadOneByNumber() throws Exception {
        String precomputed = Passwords.hash("pre secret");
        String scram = Scram.storedKeys("pre secret");
        Path file = Files.writeString(dir.resolve("users.txt"), String.join("\n",
                "# name:password",                          // 1
                "alice:first secret",                        // 2
                "",                                          // 3
                "bob:{PLAIN}{curly}:colon",                  // 4
                "carol:{ARGON2ID}" + precomputed + ":" + scram, // 5
                "dave:{ARGON2ID}" + precomputed,             // 6
                "bad name:pw",                               // 7
                "alice:again",                               // 8
                "erin",                                      // 9
                "frank:{ARGON2ID}$argon2id$garbage",         // 10
                "grace:{MD5}abc",                            // 11
                "heidi:",                                    // 12
                "existing:pw",                               // 13
                "zoe\u0308:pw") + "\n", StandardCharsets.UTF_8); // 14, stored as NFC
        try (MailStore s = Stores.open(ServerConfig.defaults(Path.of(data)))) {
            s.createUser("existing", Passwords.hash("old"), null);
        }

        assertThat(cli.run("user", "import", file.toString(), "--data", data, "--threads", "2")).isEqualTo(1);
        assertThat(cli.err().lines()).containsExactly(
                file + ":7: invalid user name \"bad name\": it contains the space or separator U+0020",
                file + ":8: user alice appears more than once in the file",
                file + ":9: expected name:password",
                file + ":10: not an Argon2id hash in PHC form ($argon2id$v=19$m=…,t=…,p=…$salt$hash)",
                file + ":11: unknown scheme {MD5}; expected {PLAIN} or {ARGON2ID}",
                file + ":12: the password must not be empty",
                file + ":13: user existing already exists");
        assertThat(cli.out()).startsWith("Imported 5 user(s) from " + file + " in ").endsWith("; 7 line(s) refused.\n");

        try (MailStore s = Stores.open(ServerConfig.defaults(Path.of(data)))) {
            assertThat(Passwords.verify("first secret", s.user("alice").orElseThrow().passwordHash())).isTrue();
            assertThat(Scram.Keys.parse(s.user("alice").orElseThrow().scram())).isPresent();
            assertThat(Passwords.verify("{curly}:colon", s.user("bob").orElseThrow().passwordHash())).isTrue();
            assertThat(s.user("carol").orElseThrow().passwordHash()).isEqualTo(precomputed);
            assertThat(s.user("carol").orElseThrow().scram()).isEqualTo(scram);
            assertThat(Passwords.verify("pre secret", s.user("dave").orElseThrow().passwordHash())).isTrue();
            assertThat(s.user("dave").orElseThrow().scram()).isNull();
            assertThat(Passwords.verify("old", s.user("existing").orElseThrow().passwordHash())).isTrue();
            assertThat(s.user("zo\u00eb")).isPresent();
            assertThat(s.user("frank")).isEmpty();
        }
    }

    @Test void manyUsersFromStandardInputAllImported() throws Exception {
        String lines = IntStream.range(0, 12).mapToObj(i -> "user" + i + ":pw" + i).collect(Collectors.joining("\n"));
        var in = new java.io.ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));
        var out = new java.io.ByteArrayOutputStream();
        var io = new Io(in, new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err, null, null);
        assertThat(Main.run(io, "user", "import", "-", "--data", data)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Imported 12 user(s) from (standard input)")
                .contains("0 line(s) refused");
        assertThat(cli.run("user", "list", "--data", data)).isZero();
        assertThat(cli.out().lines()).hasSize(12).contains("user0", "user11");
    }

    @Test void unreadableOrNonUtf8FilesFailWithOneLine() throws Exception {
        Path missing = dir.resolve("nope.txt");
        assertThat(cli.run("user", "import", missing.toString(), "--data", data)).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: FILE: cannot read " + missing + ": no such file or directory\n");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "j\u00fcrgen:pw\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(cli.run("user", "import", latin1.toString(), "--data", data)).isEqualTo(1);
        assertThat(cli.err()).isEqualTo("satchel: FILE: " + latin1 + " is not UTF-8 text\n");
        assertThat(cli.run("user", "import", latin1.toString(), "--threads", "0", "--data", data)).isEqualTo(2);
        assertThat(cli.err()).contains("--threads");
    }
}
