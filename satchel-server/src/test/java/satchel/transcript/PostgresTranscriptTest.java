package satchel.transcript;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every transcript again on the PostgreSQL store (the shared embedded server; each transcript gets an emptied
 * database of its own), so both SQL backends answer the same protocol in every {@code ./mvnw test}.
 */
class PostgresTranscriptTest extends TranscriptTest {
    @BeforeAll static void onPostgres() {
        TargetStore.use("postgresql");
    }

    @AfterAll static void back() {
        TargetStore.use(null);
    }
}
