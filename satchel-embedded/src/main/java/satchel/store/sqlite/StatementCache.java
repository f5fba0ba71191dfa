package satchel.store.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
 */
final class StatementCache {
    static final int CAPACITY = 128;

    private StatementCache() {}

    /** {@code real} with its statements kept; closing the result closes them and {@code real}. */
    static Connection wrap(Connection real) {
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Conn(real));
    }

    private static Object call(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class Conn implements InvocationHandler {
        private final Connection real;
        private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                if (size() <= CAPACITY) return false;
                eldest.getValue().evict();
                return true;
            }
        };
        private Connection self;

        Conn(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            self = (Connection) proxy;
            if (m.getName().equals("prepareStatement") && args.length == 1) return prepare((String) args[0]);
            return switch (m.getName()) {
                case "close" -> {
                    closeAll();
                    yield call(real, m, args);
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "cached " + real;
                default -> call(real, m, args);
            };
        }

        private synchronized PreparedStatement prepare(String sql) throws SQLException {
            Kept k = kept.get(sql);
            if (k != null && !k.inUse) {
                k.inUse = true;
                return k.proxy;
            }
            PreparedStatement ps = real.prepareStatement(sql);
            if (k != null) return ps; // nested use of the same text: a statement of its own, closed for real
            k = new Kept(ps, this);
            k.inUse = true;
            kept.put(sql, k);
            return k.proxy;
        }

        private synchronized void closeAll() {
            for (Kept k : kept.values()) k.evict();
            kept.clear();
        }
    }

    /** One kept statement; {@code proxy} is what callers see. */
    private static final class Kept implements InvocationHandler {
        private final PreparedStatement real;
        private final Conn owner;
        final PreparedStatement proxy;
        boolean inUse;
        private boolean evicted;
        private ResultSet last;

        Kept(PreparedStatement real, Conn owner) {
            this.real = real;
            this.owner = owner;
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            return switch (m.getName()) {
                case "close" -> {
                    release();
                    yield null;
                }
                case "isClosed" -> !inUse;
                case "getConnection" -> owner.self;
                case "executeQuery" -> {
                    if (!inUse) throw new SQLException("statement is closed");
                    yield last = (ResultSet) call(real, m, args);
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> real.toString();
                default -> {
                    if (!inUse) throw new SQLException("statement is closed");
                    yield call(real, m, args);
                }
            };
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
    }
}
