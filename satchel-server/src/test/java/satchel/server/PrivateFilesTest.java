package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.config.ServerConfig;
import satchel.config.Tls;
import satchel.store.MailStore;
import satchel.store.NewMessage;
import satchel.store.UserMail;

/**
 * The data directory holds all mail and the password hashes: 0700, and 0600 for every file in it (database,
 * WAL, SHM, tls/, traces/), whatever the umask; modes left by an older version are tightened at start.
 */
class PrivateFilesTest {
    @TempDir Path tmp;

    @BeforeEach
    void umaskLetsOthersRead() throws Exception {
        // Only meaningful where the umask would leave files readable by others (the usual 022).
        Path probe = Files.createFile(tmp.resolve("probe"));
        assumeTrue(mode(probe).equals("rw-r--r--"), "umask is not 022");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataDirectoryIsPrivate() throws Exception {
        Path data = tmp.resolve("data");
        ServerConfig config = ServerConfig.defaults(data);
        try (MailStore store = Stores.open(config)) {
            UserMail mail = store.mail(store.createUser("alice", "$hash", null));
            mail.append(mail.find("INBOX").orElseThrow().id(), List.of(new NewMessage(
                    "Subject: x\r\n\r\nbody\r\n".getBytes(), Set.of(), Instant.EPOCH)));
            TlsContexts.files(new Tls.SelfSigned(), data);
            TraceControl.write(config.traces(), List.of());
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(Files.exists(data.resolve("satchel.db-wal"))).isTrue();
            try (var files = Files.walk(data)) {
                for (Path p : files.toList()) {
                    assertThat(mode(p)).as(data.relativize(p).toString())
                            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                }
            }
        }
    }

    @Test
    void anExistingDataDirectoryIsTightenedAtStart() throws Exception {
        Path data = tmp.resolve("data");
        ServerConfig config = ServerConfig.defaults(data);
        Stores.open(config).close();
        TlsContexts.files(new Tls.SelfSigned(), data);
        TraceControl.write(config.traces(), List.of());
        try (var files = Files.walk(data)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Stores.open(config).close();
        try (var files = Files.walk(data)) {
            for (Path p : files.toList()) {
                assertThat(mode(p)).as(data.relativize(p).toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }
}
