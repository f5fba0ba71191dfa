package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kept statements: handed out again reset, never shared while in use, refused once given back. */
class StatementCacheTest {
    Connection c;

    @BeforeEach
    void open() throws Exception {
        c = StatementCache.wrap(DriverManager.getConnection("jdbc:sqlite::memory:"));
        try (PreparedStatement ps = c.prepareStatement("CREATE TABLE t (a INTEGER, b TEXT)")) {
            ps.execute();
        }
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private long count() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM t"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTextGetsItsStatementBackResetAfterClose() throws Exception {
        PreparedStatement first = c.prepareStatement("INSERT INTO t (a, b) VALUES (?, ?)");
        first.setLong(1, 1);
        first.setString(2, "x");
        first.addBatch();
        first.close(); // the batch is dropped, not run
        assertThat(first.isClosed()).isTrue();
        assertThatThrownBy(() -> first.setLong(1, 2)).isInstanceOf(SQLException.class).hasMessageContaining("closed");

        PreparedStatement again = c.prepareStatement("INSERT INTO t (a, b) VALUES (?, ?)");
        assertThat(again).isSameAs(first);
        assertThat(again.isClosed()).isFalse();
        assertThat(again.getConnection()).isSameAs(c);
        again.setLong(1, 7);
        again.setString(2, "y");
        again.addBatch();
        assertThat(again.executeBatch()).containsExactly(1);
        again.close();
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void nestedUseOfOneTextGetsAStatementOfItsOwn() throws Exception {
        try (PreparedStatement outer = c.prepareStatement("SELECT count(*) FROM t")) {
            PreparedStatement inner = c.prepareStatement("SELECT count(*) FROM t");
            assertThat(inner).isNotSameAs(outer);
            inner.close();
            assertThat(inner.isClosed()).isTrue();
            try (ResultSet rs = outer.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
        // The kept one is the outer one.
        PreparedStatement later = c.prepareStatement("SELECT count(*) FROM t");
        later.close();
        assertThat(c.prepareStatement("SELECT count(*) FROM t")).isSameAs(later);
    }

    @Test
    void givingAStatementBackClosesItsOpenResultSet() throws Exception {
        PreparedStatement ps = c.prepareStatement("SELECT 1 UNION ALL SELECT 2");
        ResultSet rs = ps.executeQuery();
        assertThat(rs.next()).isTrue();
        ps.close();
        assertThat(rs.isClosed()).isTrue();
    }

    @Test
    void theLeastRecentlyUsedTextGoesBeyondCapacity() throws Exception {
        PreparedStatement first = c.prepareStatement("SELECT 0");
        first.close();
        for (int i = 1; i <= StatementCache.CAPACITY; i++) c.prepareStatement("SELECT " + i).close();
        PreparedStatement again = c.prepareStatement("SELECT 0");
        assertThat(again).isNotSameAs(first);
        try (ResultSet rs = again.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
        again.close();
    }

    @Test
    void closingTheConnectionClosesTheRealOne() throws Exception {
        assertThat(c.isClosed()).isFalse();
        assertThat(c.getAutoCommit()).isTrue(); // anything else goes to the driver's connection
        c.close();
        assertThat(c.isClosed()).isTrue();
        c = StatementCache.wrap(DriverManager.getConnection("jdbc:sqlite::memory:")); // for close()
    }
}
