package dev.vellum.indexing;

import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/** Runs the statement PostgreSQL's {@code format()} made for an {@link IndexDdl} query. */
final class IndexStatements {

    private IndexStatements() {
    }

    static Mono<Void> ddl(DatabaseClient db, Sql formatQuery) {
        return Statements.prepare(db, formatQuery)
                .map((row, meta) -> row.get("ddl", String.class)).one()
                .flatMap(ddl -> db.sql(ddl).then());
    }

    /**
     * Forgets one collection's index (the row {@code name}) and its candidate, after dropping the
     * PostgreSQL index it is served by if no other collection's row is. On a session outside any
     * transaction: {@code drop index concurrently} cannot run in one.
     */
    static Mono<Void> forget(DatabaseClient one, String name) {
        return one.sql(IndexSql.PHYSICAL).bind(0, name)
                .map((row, meta) -> row.get("last", Boolean.class) ? row.get("physical", String.class) : "").one()
                .flatMap(physical -> physical.isEmpty() ? Mono.<Void>empty() : ddl(one, IndexDdl.drop(physical)))
                .then(one.sql(IndexSql.FORGET).bind(0, name).then());
    }
}
