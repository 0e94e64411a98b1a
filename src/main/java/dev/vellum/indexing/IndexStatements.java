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
}
