package dev.vellum.store;

import dev.vellum.sql.Sql;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Runs a rendered {@code explain (format json)} and reads the top node's "Plan Rows": the planner's row estimate. */
public final class PlannedRows {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlannedRows() {
    }

    public static Mono<Long> of(DatabaseClient db, Sql explain) {
        return Statements.prepare(db, explain).map((row, meta) -> row.get(0, Json.class).asString()).one()
                .map(plan -> Math.round(JSON.readTree(plan).path(0).path("Plan").path("Plan Rows").asDouble()));
    }
}
