package satchel.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a connection's prepared statements for reuse (issue 11). sqlite-jdbc compiles the SQL again on every
 * {@code prepareStatement} (sqlite3_prepare_v2: parse, resolve, plan) and frees it on {@code close}; an APPEND
 * runs some twenty statements, and their compilation was about a tenth of the server's CPU per stored message.
 * Here {@code prepareStatement(sql)} hands out the statement kept for that text, and {@code close} resets it (its
 * result set closed, parameters and batch cleared) and keeps it, so callers keep their try-with-resources.
 *
 * <p>A statement still open when its text is asked for again (nested use) is not shared: the second caller gets a
 * fresh statement, closed for real. At most {@link #CAPACITY} texts are kept, least recently used dropped (texts
 * built per call, such as {@code IN (?, ?, ...)} lists, come and go). Like the connection itself, not for
 * concurrent use; one thread at a time, as {@link SqliteDatabase} hands connections out.
 *
 * <p>The wrappers are plain classes that call the driver's methods directly: reflective proxies cost a {@code
 * Method.invoke}, an argument array and boxing on every {@code setLong} of every statement, 1.8 % of a warm
 * server's APPEND samples (issue 11). The delegating methods below are mechanical: one per method of the JDBC
 * interface; only {@code prepareStatement(String)}, {@code close}, {@code isClosed}, {@code getConnection} and
 * {@code executeQuery()} do anything of their own.
 */
final class StatementCache {
    static final int CAPACITY = 128;

    private StatementCache() {}

    /** {@code real} with its statements kept; closing the result closes them and {@code real}. */
    static Connection wrap(Connection real) {
        return new Conn(real);
    }

    private static final class Conn implements Connection {
        private final Connection real;
        private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                if (size() <= CAPACITY) return false;
                eldest.getValue().evict();
                return true;
            }
        };

        Conn(Connection real) {
            this.real = real;
        }

        @Override
        public synchronized PreparedStatement prepareStatement(String sql) throws SQLException {
            Kept k = kept.get(sql);
            if (k != null && !k.inUse) {
                k.inUse = true;
                return k;
            }
            PreparedStatement ps = real.prepareStatement(sql);
            if (k != null) return ps; // nested use of the same text: a statement of its own, closed for real
            k = new Kept(ps, this);
            k.inUse = true;
            kept.put(sql, k);
            return k;
        }

        @Override
        public void close() throws SQLException {
            closeAll();
            real.close();
        }

        @Override
        public boolean isClosed() throws SQLException {
            return real.isClosed();
        }

        private synchronized void closeAll() {
            for (Kept k : kept.values()) k.evict();
            kept.clear();
        }

        @Override
        public String toString() {
            return "cached " + real;
        }

        // Everything else as the driver does it.

        @Override public void abort(java.util.concurrent.Executor a0) throws SQLException {
            real.abort(a0);
        }

        @Override public void beginRequest() throws SQLException {
            real.beginRequest();
        }

        @Override public void clearWarnings() throws SQLException {
            real.clearWarnings();
        }

        @Override public void commit() throws SQLException {
            real.commit();
        }

        @Override public java.sql.Array createArrayOf(String a0, Object[] a1) throws SQLException {
            return real.createArrayOf(a0, a1);
        }

        @Override public java.sql.Blob createBlob() throws SQLException {
            return real.createBlob();
        }

        @Override public java.sql.Clob createClob() throws SQLException {
            return real.createClob();
        }

        @Override public java.sql.NClob createNClob() throws SQLException {
            return real.createNClob();
        }

        @Override public java.sql.SQLXML createSQLXML() throws SQLException {
            return real.createSQLXML();
        }

        @Override public java.sql.Statement createStatement() throws SQLException {
            return real.createStatement();
        }

        @Override public java.sql.Statement createStatement(int a0, int a1) throws SQLException {
            return real.createStatement(a0, a1);
        }

        @Override public java.sql.Statement createStatement(int a0, int a1, int a2) throws SQLException {
            return real.createStatement(a0, a1, a2);
        }

        @Override public java.sql.Struct createStruct(String a0, Object[] a1) throws SQLException {
            return real.createStruct(a0, a1);
        }

        @Override public void endRequest() throws SQLException {
            real.endRequest();
        }

        @Override public boolean getAutoCommit() throws SQLException {
            return real.getAutoCommit();
        }

        @Override public String getCatalog() throws SQLException {
            return real.getCatalog();
        }

        @Override public java.util.Properties getClientInfo() throws SQLException {
            return real.getClientInfo();
        }

        @Override public String getClientInfo(String a0) throws SQLException {
            return real.getClientInfo(a0);
        }

        @Override public int getHoldability() throws SQLException {
            return real.getHoldability();
        }

        @Override public java.sql.DatabaseMetaData getMetaData() throws SQLException {
            return real.getMetaData();
        }

        @Override public int getNetworkTimeout() throws SQLException {
            return real.getNetworkTimeout();
        }

        @Override public String getSchema() throws SQLException {
            return real.getSchema();
        }

        @Override public int getTransactionIsolation() throws SQLException {
            return real.getTransactionIsolation();
        }

        @Override public java.util.Map<String, Class<?>> getTypeMap() throws SQLException {
            return real.getTypeMap();
        }

        @Override public java.sql.SQLWarning getWarnings() throws SQLException {
            return real.getWarnings();
        }

        @Override public boolean isReadOnly() throws SQLException {
            return real.isReadOnly();
        }

        @Override public boolean isValid(int a0) throws SQLException {
            return real.isValid(a0);
        }

        @Override public boolean isWrapperFor(Class<?> a0) throws SQLException {
            return real.isWrapperFor(a0);
        }

        @Override public String nativeSQL(String a0) throws SQLException {
            return real.nativeSQL(a0);
        }

        @Override public java.sql.CallableStatement prepareCall(String a0) throws SQLException {
            return real.prepareCall(a0);
        }

        @Override public java.sql.CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException {
            return real.prepareCall(a0, a1, a2);
        }

        @Override public java.sql.CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException {
            return real.prepareCall(a0, a1, a2, a3);
        }

        @Override public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException {
            return real.prepareStatement(a0, a1);
        }

        @Override public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException {
            return real.prepareStatement(a0, a1);
        }

        @Override public PreparedStatement prepareStatement(String a0, int a1) throws SQLException {
            return real.prepareStatement(a0, a1);
        }

        @Override public PreparedStatement prepareStatement(String a0, int a1, int a2) throws SQLException {
            return real.prepareStatement(a0, a1, a2);
        }

        @Override public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException {
            return real.prepareStatement(a0, a1, a2, a3);
        }

        @Override public void releaseSavepoint(java.sql.Savepoint a0) throws SQLException {
            real.releaseSavepoint(a0);
        }

        @Override public void rollback() throws SQLException {
            real.rollback();
        }

        @Override public void rollback(java.sql.Savepoint a0) throws SQLException {
            real.rollback(a0);
        }

        @Override public void setAutoCommit(boolean a0) throws SQLException {
            real.setAutoCommit(a0);
        }

        @Override public void setCatalog(String a0) throws SQLException {
            real.setCatalog(a0);
        }

        @Override public void setClientInfo(String a0, String a1) throws java.sql.SQLClientInfoException {
            real.setClientInfo(a0, a1);
        }

        @Override public void setClientInfo(java.util.Properties a0) throws java.sql.SQLClientInfoException {
            real.setClientInfo(a0);
        }

        @Override public void setHoldability(int a0) throws SQLException {
            real.setHoldability(a0);
        }

        @Override public void setNetworkTimeout(java.util.concurrent.Executor a0, int a1) throws SQLException {
            real.setNetworkTimeout(a0, a1);
        }

        @Override public void setReadOnly(boolean a0) throws SQLException {
            real.setReadOnly(a0);
        }

        @Override public java.sql.Savepoint setSavepoint() throws SQLException {
            return real.setSavepoint();
        }

        @Override public java.sql.Savepoint setSavepoint(String a0) throws SQLException {
            return real.setSavepoint(a0);
        }

        @Override public void setSchema(String a0) throws SQLException {
            real.setSchema(a0);
        }

        @Override public void setShardingKey(java.sql.ShardingKey a0) throws SQLException {
            real.setShardingKey(a0);
        }

        @Override public void setShardingKey(java.sql.ShardingKey a0, java.sql.ShardingKey a1) throws SQLException {
            real.setShardingKey(a0, a1);
        }

        @Override public boolean setShardingKeyIfValid(java.sql.ShardingKey a0, int a1) throws SQLException {
            return real.setShardingKeyIfValid(a0, a1);
        }

        @Override public boolean setShardingKeyIfValid(java.sql.ShardingKey a0, java.sql.ShardingKey a1, int a2) throws SQLException {
            return real.setShardingKeyIfValid(a0, a1, a2);
        }

        @Override public void setTransactionIsolation(int a0) throws SQLException {
            real.setTransactionIsolation(a0);
        }

        @Override public void setTypeMap(java.util.Map<String, Class<?>> a0) throws SQLException {
            real.setTypeMap(a0);
        }

        @Override public <T> T unwrap(Class<T> a0) throws SQLException {
            return real.unwrap(a0);
        }
    }

    /** One kept statement, as callers see it. */
    private static final class Kept implements PreparedStatement {
        private final PreparedStatement real;
        private final Conn owner;
        boolean inUse;
        private boolean evicted;
        private ResultSet last;

        Kept(PreparedStatement real, Conn owner) {
            this.real = real;
            this.owner = owner;
        }

        private void open() throws SQLException {
            if (!inUse) throw new SQLException("statement is closed");
        }

        @Override
        public void close() throws SQLException {
            release();
        }

        @Override
        public boolean isClosed() {
            return !inUse;
        }

        @Override
        public Connection getConnection() {
            return owner;
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            open();
            return last = real.executeQuery();
        }

        @Override
        public String toString() {
            return real.toString();
        }

        /**
         * Back to the cache, reset: an open result set would keep SQLite's statement (and, outside a transaction,
         * a read snapshot) active.
         */
        private void release() throws SQLException {
            synchronized (owner) {
                if (!inUse) return;
                inUse = false;
                try {
                    if (last != null) last.close();
                    last = null;
                    real.clearBatch();
                    real.clearParameters();
                } catch (SQLException | RuntimeException e) {
                    evicted = true; // never hand out a statement in an unknown state
                    owner.kept.values().remove(this);
                    real.close();
                    throw e;
                }
                if (evicted) real.close();
            }
        }

        /** Dropped from the cache: closed now if idle, else when its user closes it. */
        void evict() {
            evicted = true;
            if (!inUse) {
                try {
                    real.close();
                } catch (SQLException ignored) {
                    // a statement that cannot be finalized holds nothing we still need
                }
            }
        }

        // Everything else as the driver does it, on a statement not given back.

        @Override public void addBatch() throws SQLException {
            open();
            real.addBatch();
        }

        @Override public void addBatch(String a0) throws SQLException {
            open();
            real.addBatch(a0);
        }

        @Override public void cancel() throws SQLException {
            open();
            real.cancel();
        }

        @Override public void clearBatch() throws SQLException {
            open();
            real.clearBatch();
        }

        @Override public void clearParameters() throws SQLException {
            open();
            real.clearParameters();
        }

        @Override public void clearWarnings() throws SQLException {
            open();
            real.clearWarnings();
        }

        @Override public void closeOnCompletion() throws SQLException {
            open();
            real.closeOnCompletion();
        }

        @Override public String enquoteIdentifier(String a0, boolean a1) throws SQLException {
            open();
            return real.enquoteIdentifier(a0, a1);
        }

        @Override public String enquoteLiteral(String a0) throws SQLException {
            open();
            return real.enquoteLiteral(a0);
        }

        @Override public String enquoteNCharLiteral(String a0) throws SQLException {
            open();
            return real.enquoteNCharLiteral(a0);
        }

        @Override public boolean execute() throws SQLException {
            open();
            return real.execute();
        }

        @Override public boolean execute(String a0) throws SQLException {
            open();
            return real.execute(a0);
        }

        @Override public boolean execute(String a0, int[] a1) throws SQLException {
            open();
            return real.execute(a0, a1);
        }

        @Override public boolean execute(String a0, String[] a1) throws SQLException {
            open();
            return real.execute(a0, a1);
        }

        @Override public boolean execute(String a0, int a1) throws SQLException {
            open();
            return real.execute(a0, a1);
        }

        @Override public int[] executeBatch() throws SQLException {
            open();
            return real.executeBatch();
        }

        @Override public long[] executeLargeBatch() throws SQLException {
            open();
            return real.executeLargeBatch();
        }

        @Override public long executeLargeUpdate() throws SQLException {
            open();
            return real.executeLargeUpdate();
        }

        @Override public long executeLargeUpdate(String a0) throws SQLException {
            open();
            return real.executeLargeUpdate(a0);
        }

        @Override public long executeLargeUpdate(String a0, int[] a1) throws SQLException {
            open();
            return real.executeLargeUpdate(a0, a1);
        }

        @Override public long executeLargeUpdate(String a0, String[] a1) throws SQLException {
            open();
            return real.executeLargeUpdate(a0, a1);
        }

        @Override public long executeLargeUpdate(String a0, int a1) throws SQLException {
            open();
            return real.executeLargeUpdate(a0, a1);
        }

        @Override public ResultSet executeQuery(String a0) throws SQLException {
            open();
            return real.executeQuery(a0);
        }

        @Override public int executeUpdate() throws SQLException {
            open();
            return real.executeUpdate();
        }

        @Override public int executeUpdate(String a0) throws SQLException {
            open();
            return real.executeUpdate(a0);
        }

        @Override public int executeUpdate(String a0, int[] a1) throws SQLException {
            open();
            return real.executeUpdate(a0, a1);
        }

        @Override public int executeUpdate(String a0, String[] a1) throws SQLException {
            open();
            return real.executeUpdate(a0, a1);
        }

        @Override public int executeUpdate(String a0, int a1) throws SQLException {
            open();
            return real.executeUpdate(a0, a1);
        }

        @Override public int getFetchDirection() throws SQLException {
            open();
            return real.getFetchDirection();
        }

        @Override public int getFetchSize() throws SQLException {
            open();
            return real.getFetchSize();
        }

        @Override public ResultSet getGeneratedKeys() throws SQLException {
            open();
            return real.getGeneratedKeys();
        }

        @Override public long getLargeMaxRows() throws SQLException {
            open();
            return real.getLargeMaxRows();
        }

        @Override public long getLargeUpdateCount() throws SQLException {
            open();
            return real.getLargeUpdateCount();
        }

        @Override public int getMaxFieldSize() throws SQLException {
            open();
            return real.getMaxFieldSize();
        }

        @Override public int getMaxRows() throws SQLException {
            open();
            return real.getMaxRows();
        }

        @Override public java.sql.ResultSetMetaData getMetaData() throws SQLException {
            open();
            return real.getMetaData();
        }

        @Override public boolean getMoreResults() throws SQLException {
            open();
            return real.getMoreResults();
        }

        @Override public boolean getMoreResults(int a0) throws SQLException {
            open();
            return real.getMoreResults(a0);
        }

        @Override public java.sql.ParameterMetaData getParameterMetaData() throws SQLException {
            open();
            return real.getParameterMetaData();
        }

        @Override public int getQueryTimeout() throws SQLException {
            open();
            return real.getQueryTimeout();
        }

        @Override public ResultSet getResultSet() throws SQLException {
            open();
            return real.getResultSet();
        }

        @Override public int getResultSetConcurrency() throws SQLException {
            open();
            return real.getResultSetConcurrency();
        }

        @Override public int getResultSetHoldability() throws SQLException {
            open();
            return real.getResultSetHoldability();
        }

        @Override public int getResultSetType() throws SQLException {
            open();
            return real.getResultSetType();
        }

        @Override public int getUpdateCount() throws SQLException {
            open();
            return real.getUpdateCount();
        }

        @Override public java.sql.SQLWarning getWarnings() throws SQLException {
            open();
            return real.getWarnings();
        }

        @Override public boolean isCloseOnCompletion() throws SQLException {
            open();
            return real.isCloseOnCompletion();
        }

        @Override public boolean isPoolable() throws SQLException {
            open();
            return real.isPoolable();
        }

        @Override public boolean isSimpleIdentifier(String a0) throws SQLException {
            open();
            return real.isSimpleIdentifier(a0);
        }

        @Override public boolean isWrapperFor(Class<?> a0) throws SQLException {
            open();
            return real.isWrapperFor(a0);
        }

        @Override public void setArray(int a0, java.sql.Array a1) throws SQLException {
            open();
            real.setArray(a0, a1);
        }

        @Override public void setAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
            open();
            real.setAsciiStream(a0, a1);
        }

        @Override public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
            open();
            real.setAsciiStream(a0, a1, a2);
        }

        @Override public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
            open();
            real.setAsciiStream(a0, a1, a2);
        }

        @Override public void setBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
            open();
            real.setBigDecimal(a0, a1);
        }

        @Override public void setBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
            open();
            real.setBinaryStream(a0, a1);
        }

        @Override public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
            open();
            real.setBinaryStream(a0, a1, a2);
        }

        @Override public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
            open();
            real.setBinaryStream(a0, a1, a2);
        }

        @Override public void setBlob(int a0, java.io.InputStream a1) throws SQLException {
            open();
            real.setBlob(a0, a1);
        }

        @Override public void setBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
            open();
            real.setBlob(a0, a1, a2);
        }

        @Override public void setBlob(int a0, java.sql.Blob a1) throws SQLException {
            open();
            real.setBlob(a0, a1);
        }

        @Override public void setBoolean(int a0, boolean a1) throws SQLException {
            open();
            real.setBoolean(a0, a1);
        }

        @Override public void setByte(int a0, byte a1) throws SQLException {
            open();
            real.setByte(a0, a1);
        }

        @Override public void setBytes(int a0, byte[] a1) throws SQLException {
            open();
            real.setBytes(a0, a1);
        }

        @Override public void setCharacterStream(int a0, java.io.Reader a1) throws SQLException {
            open();
            real.setCharacterStream(a0, a1);
        }

        @Override public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
            open();
            real.setCharacterStream(a0, a1, a2);
        }

        @Override public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
            open();
            real.setCharacterStream(a0, a1, a2);
        }

        @Override public void setClob(int a0, java.io.Reader a1) throws SQLException {
            open();
            real.setClob(a0, a1);
        }

        @Override public void setClob(int a0, java.io.Reader a1, long a2) throws SQLException {
            open();
            real.setClob(a0, a1, a2);
        }

        @Override public void setClob(int a0, java.sql.Clob a1) throws SQLException {
            open();
            real.setClob(a0, a1);
        }

        @Override public void setCursorName(String a0) throws SQLException {
            open();
            real.setCursorName(a0);
        }

        @Override public void setDate(int a0, java.sql.Date a1) throws SQLException {
            open();
            real.setDate(a0, a1);
        }

        @Override public void setDate(int a0, java.sql.Date a1, java.util.Calendar a2) throws SQLException {
            open();
            real.setDate(a0, a1, a2);
        }

        @Override public void setDouble(int a0, double a1) throws SQLException {
            open();
            real.setDouble(a0, a1);
        }

        @Override public void setEscapeProcessing(boolean a0) throws SQLException {
            open();
            real.setEscapeProcessing(a0);
        }

        @Override public void setFetchDirection(int a0) throws SQLException {
            open();
            real.setFetchDirection(a0);
        }

        @Override public void setFetchSize(int a0) throws SQLException {
            open();
            real.setFetchSize(a0);
        }

        @Override public void setFloat(int a0, float a1) throws SQLException {
            open();
            real.setFloat(a0, a1);
        }

        @Override public void setInt(int a0, int a1) throws SQLException {
            open();
            real.setInt(a0, a1);
        }

        @Override public void setLargeMaxRows(long a0) throws SQLException {
            open();
            real.setLargeMaxRows(a0);
        }

        @Override public void setLong(int a0, long a1) throws SQLException {
            open();
            real.setLong(a0, a1);
        }

        @Override public void setMaxFieldSize(int a0) throws SQLException {
            open();
            real.setMaxFieldSize(a0);
        }

        @Override public void setMaxRows(int a0) throws SQLException {
            open();
            real.setMaxRows(a0);
        }

        @Override public void setNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
            open();
            real.setNCharacterStream(a0, a1);
        }

        @Override public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
            open();
            real.setNCharacterStream(a0, a1, a2);
        }

        @Override public void setNClob(int a0, java.io.Reader a1) throws SQLException {
            open();
            real.setNClob(a0, a1);
        }

        @Override public void setNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
            open();
            real.setNClob(a0, a1, a2);
        }

        @Override public void setNClob(int a0, java.sql.NClob a1) throws SQLException {
            open();
            real.setNClob(a0, a1);
        }

        @Override public void setNString(int a0, String a1) throws SQLException {
            open();
            real.setNString(a0, a1);
        }

        @Override public void setNull(int a0, int a1) throws SQLException {
            open();
            real.setNull(a0, a1);
        }

        @Override public void setNull(int a0, int a1, String a2) throws SQLException {
            open();
            real.setNull(a0, a1, a2);
        }

        @Override public void setObject(int a0, Object a1) throws SQLException {
            open();
            real.setObject(a0, a1);
        }

        @Override public void setObject(int a0, Object a1, int a2) throws SQLException {
            open();
            real.setObject(a0, a1, a2);
        }

        @Override public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
            open();
            real.setObject(a0, a1, a2, a3);
        }

        @Override public void setObject(int a0, Object a1, java.sql.SQLType a2) throws SQLException {
            open();
            real.setObject(a0, a1, a2);
        }

        @Override public void setObject(int a0, Object a1, java.sql.SQLType a2, int a3) throws SQLException {
            open();
            real.setObject(a0, a1, a2, a3);
        }

        @Override public void setPoolable(boolean a0) throws SQLException {
            open();
            real.setPoolable(a0);
        }

        @Override public void setQueryTimeout(int a0) throws SQLException {
            open();
            real.setQueryTimeout(a0);
        }

        @Override public void setRef(int a0, java.sql.Ref a1) throws SQLException {
            open();
            real.setRef(a0, a1);
        }

        @Override public void setRowId(int a0, java.sql.RowId a1) throws SQLException {
            open();
            real.setRowId(a0, a1);
        }

        @Override public void setSQLXML(int a0, java.sql.SQLXML a1) throws SQLException {
            open();
            real.setSQLXML(a0, a1);
        }

        @Override public void setShort(int a0, short a1) throws SQLException {
            open();
            real.setShort(a0, a1);
        }

        @Override public void setString(int a0, String a1) throws SQLException {
            open();
            real.setString(a0, a1);
        }

        @Override public void setTime(int a0, java.sql.Time a1) throws SQLException {
            open();
            real.setTime(a0, a1);
        }

        @Override public void setTime(int a0, java.sql.Time a1, java.util.Calendar a2) throws SQLException {
            open();
            real.setTime(a0, a1, a2);
        }

        @Override public void setTimestamp(int a0, java.sql.Timestamp a1) throws SQLException {
            open();
            real.setTimestamp(a0, a1);
        }

        @Override public void setTimestamp(int a0, java.sql.Timestamp a1, java.util.Calendar a2) throws SQLException {
            open();
            real.setTimestamp(a0, a1, a2);
        }

        @Override public void setURL(int a0, java.net.URL a1) throws SQLException {
            open();
            real.setURL(a0, a1);
        }

        @Override public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
            open();
            real.setUnicodeStream(a0, a1, a2);
        }

        @Override public <T> T unwrap(Class<T> a0) throws SQLException {
            open();
            return real.unwrap(a0);
        }
    }
}
