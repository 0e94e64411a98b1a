package dev.vellum.access;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/** Reads the {@code access} settings the rule cache holds. Pure. */
final class AccessSettingSql {

    private AccessSettingSql() {
    }

    /** Every collection of every project that has an access setting. */
    static Sql all() {
        return new SqlBuilder().sql("select project_id, name, settings -> 'access' as access from collections")
                .sql(" where settings -> 'access' is not null").build();
    }

    /** One collection's setting; no row when the collection does not exist. */
    static Sql one(long projectId, String collection) {
        return new SqlBuilder().sql("select project_id, name, settings -> 'access' as access from collections where project_id = ")
                .param(projectId).sql(" and name = ").param(collection).build();
    }
}
