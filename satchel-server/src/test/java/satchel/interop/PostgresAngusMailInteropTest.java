package satchel.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import satchel.transcript.TargetStore;

/** The Angus Mail interop tests on the PostgreSQL store (the shared embedded server, an emptied database each). */
class PostgresAngusMailInteropTest extends AngusMailInteropTest {
    @BeforeAll static void onPostgres() {
        TargetStore.use("postgresql");
    }

    @AfterAll static void back() {
        TargetStore.use(null);
    }
}
