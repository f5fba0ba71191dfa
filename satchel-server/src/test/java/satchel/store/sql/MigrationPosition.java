package satchel.store.sql;

import java.util.List;
import java.util.function.Predicate;

/**
 * Where a migration sits in {@link Schema#migrations}, for migration tests: they roll a store back to just before
 * the migration they test, found by what its SQL does rather than by a version number that moves when migrations
 * are added or reordered.
 */
final class MigrationPosition {
    private MigrationPosition() {}

    /** The schema version just before the first migration with a statement {@code sql} accepts. */
    static int before(Predicate<String> sql) {
        List<Schema.Migration> all = Schema.migrations(stub(Dialect.class));
        for (int v = 0; v < all.size(); v++) {
            if (all.get(v).sql().stream().anyMatch(sql)) return v;
        }
        throw new AssertionError("no migration has the statement looked for");
    }

    /** A dialect that only names types: enough to list the migrations without a database. */
    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            Class<?> r = m.getReturnType();
            if (r == String.class) return "T";
            if (r == List.class) return List.of();
            if (r == boolean.class) return false;
            if (r == int.class || r == long.class) return 0;
            return r.isInterface() ? stub(r) : null;
        });
    }
}
