package dev.vellum.schema;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/** Reads the {@code schema} settings the schema cache holds. Pure. */
final class SchemaSettingSql {

    private SchemaSettingSql() {
    }

    /** Every collection of every project that has a schema. */
    static Sql all() {
        return new SqlBuilder().sql("select project_id, name, settings -> 'schema' as schema from collections")
                .sql(" where settings -> 'schema' is not null").build();
    }

    /** One collection's schema; no row when the collection does not exist. */
    static Sql one(long projectId, String collection) {
        return new SqlBuilder().sql("select project_id, name, settings -> 'schema' as schema from collections where project_id = ")
                .param(projectId).sql(" and name = ").param(collection).build();
    }
}
