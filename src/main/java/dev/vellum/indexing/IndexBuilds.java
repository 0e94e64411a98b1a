package dev.vellum.indexing;

import dev.vellum.indexing.IndexBuilder.Wanted;
import dev.vellum.sql.Sql;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of the {@link IndexBuilder} on its session: how many builds the run may still start, and
 * the steps of a build (record it as building, drop any leftover, {@code create index
 * concurrently}, check it is valid, mark it ready and give the planner statistics), of a failure
 * (drop it, mark it failed with the time to retry) and of a drop.
 */
final class IndexBuilds {

    private static final Logger log = LoggerFactory.getLogger(IndexBuilder.class);

    private final DatabaseClient one;
    private final AtomicInteger left;
    private final JsonMapper mapper;
    private final long retrySeconds;

    IndexBuilds(DatabaseClient one, int builds, JsonMapper mapper, Duration retryAfter) {
        this.one = one;
        this.left = new AtomicInteger(builds);
        this.mapper = mapper;
        this.retrySeconds = retryAfter.toSeconds();
    }

    DatabaseClient one() {
        return one;
    }

    Mono<Void> create(Wanted w, String origin, String shapes, long queries) {
        if (left.getAndDecrement() <= 0) {
            return Mono.empty();
        }
        return one.sql(IndexSql.UPSERT_BUILDING).bind(0, w.name()).bind(1, w.projectId()).bind(2, w.collection())
                .bind(3, origin).bind(4, mapper.writeValueAsString(w.spec())).bind(5, shapes).bind(6, queries).then()
                .then(IndexStatements.ddl(one, IndexDdl.drop(w.name())))
                .then(IndexStatements.ddl(one, IndexDdl.create(w.name(), w.projectId(), w.collection(), w.spec())))
                .then(one.sql(IndexSql.IS_VALID).bind(0, w.name()).map((row, meta) -> row.get("valid", Boolean.class)).one())
                .flatMap(valid -> valid
                        ? one.sql(IndexSql.MARK_READY).bind(0, w.name()).then()
                                .doOnSuccess(done -> log.info("index {} ready: {} on {}", w.name(), w.spec().describe(), w.collection()))
                                .then(statistics(w))
                        : failed(w.name(), "the index was built invalid", retrySeconds))
                .onErrorResume(error -> failed(w.name(), error.getMessage(), retrySeconds));
    }

    /** The planner's statistics on the index's expressions, then ANALYZE to fill them; a failure only costs estimates. */
    private Mono<Void> statistics(Wanted w) {
        Sql statistics = IndexDdl.statistics(w.spec());
        if (statistics == null) {
            return Mono.empty();
        }
        return IndexStatements.ddl(one, statistics).then(one.sql(IndexSql.ANALYZE).then())
                .onErrorResume(error -> {
                    log.warn("statistics for index {} not made: {}", w.name(), error.getMessage());
                    return Mono.empty();
                });
    }

    Mono<Void> failed(String name, String why, long retrySeconds) {
        log.warn("index {} failed, will retry: {}", name, why);
        return IndexStatements.ddl(one, IndexDdl.drop(name)).onErrorResume(e -> Mono.empty())
                .then(one.sql(IndexSql.MARK_FAILED).bind(0, name).bind(1, String.valueOf(why))
                        .bind(2, (double) retrySeconds).then());
    }

    Mono<Void> drop(String name) {
        return IndexStatements.ddl(one, IndexDdl.drop(name))
                .then(one.sql(IndexSql.FORGET).bind(0, name).then());
    }
}
