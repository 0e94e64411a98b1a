package dev.vellum.indexing;

import dev.vellum.indexing.IndexBuilder.Wanted;
import dev.vellum.sql.Sql;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One run of the {@link IndexBuilder} on its session: how many builds the run may still start, and
 * the steps of a build (record it as building, drop any leftover, {@code create index
 * concurrently}, check it is valid, mark it ready and give the planner statistics, or only mark it
 * ready when the project's index for the spec exists already), of a failure (drop it unless
 * another collection is served by it, mark it failed with the time to retry) and of a drop.
 */
final class IndexBuilds {

    private static final Logger log = LoggerFactory.getLogger(IndexBuilder.class);

    private final DatabaseClient one;
    private final AtomicInteger left;
    /** PostgreSQL indexes whose build failed in this run: the other collections asking for them wait for the retry. */
    private final Set<String> failedNow = ConcurrentHashMap.newKeySet();
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

    /**
     * Makes {@code w} one of its collection's indexes. When the PostgreSQL index it is served by
     * exists and is valid (another collection of the project has the same index), the row is
     * ready at once and nothing is built; otherwise it is built, one of the run's builds.
     */
    Mono<Void> create(Wanted w, String origin, String shapes, long queries) {
        return valid(w.physical()).flatMap(valid -> {
            if (!valid && (failedNow.contains(w.physical()) || left.getAndDecrement() <= 0)) {
                return Mono.empty();
            }
            Mono<Void> row = one.sql(IndexSql.UPSERT_BUILDING).bind(0, w.name()).bind(1, w.projectId()).bind(2, w.collection())
                    .bind(3, origin).bind(4, mapper.writeValueAsString(w.spec())).bind(5, shapes).bind(6, queries)
                    .bind(7, w.physical()).then();
            return valid ? row.then(ready(w, "shared")) : row.then(build(w));
        });
    }

    Mono<Boolean> valid(String physical) {
        return one.sql(IndexSql.IS_VALID).bind(0, physical).map((row, meta) -> row.get("valid", Boolean.class)).one();
    }

    private Mono<Void> build(Wanted w) {
        Sql create = w.spec().search() ? IndexDdl.search(w.physical(), w.projectId(), w.collection())
                : IndexDdl.shared(w.physical(), w.projectId(), w.spec());
        return IndexStatements.ddl(one, IndexDdl.drop(w.physical()))
                .then(IndexStatements.ddl(one, create))
                .then(valid(w.physical()))
                .flatMap(valid -> valid ? ready(w, "built").then(statistics(w))
                        : failed(w.name(), w.physical(), "the index was built invalid", retrySeconds))
                .onErrorResume(error -> failed(w.name(), w.physical(), error.getMessage(), retrySeconds));
    }

    private Mono<Void> ready(Wanted w, String how) {
        return one.sql(IndexSql.MARK_READY).bind(0, w.name()).then()
                .doOnSuccess(done -> log.info("index {} of {} ready ({} {}): {}", w.name(), w.collection(), how,
                        w.physical(), w.spec().describe()));
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

    /** Marks the row failed; its PostgreSQL index is dropped unless another collection's ready row is served by it. */
    Mono<Void> failed(String name, String physical, String why, long retrySeconds) {
        log.warn("index {} failed, will retry: {}", name, why);
        failedNow.add(physical);
        return one.sql(IndexSql.READY_ELSEWHERE).bind(0, physical).bind(1, name).map((row, meta) -> row.get("ready", Boolean.class)).one()
                .flatMap(shared -> shared ? Mono.<Void>empty() : IndexStatements.ddl(one, IndexDdl.drop(physical)))
                .onErrorResume(e -> Mono.empty())
                .then(one.sql(IndexSql.MARK_FAILED).bind(0, name).bind(1, String.valueOf(why))
                        .bind(2, (double) retrySeconds).then());
    }

    Mono<Void> drop(String name) {
        return IndexStatements.forget(one, name);
    }
}
