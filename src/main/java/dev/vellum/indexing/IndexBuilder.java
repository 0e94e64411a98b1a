package dev.vellum.indexing;

import dev.vellum.docstore.ShapeObservations;
import dev.vellum.pool.DirectConnections;
import dev.vellum.query.IndexSpec;
import dev.vellum.sql.Sql;
import dev.vellum.store.PeriodicPurge;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns observed query shapes and declared indexes into indexes, off the request path. Every
 * {@code interval} it adds this instance's observations to {@code index_candidates}; then, if it
 * gets the database-wide builder lock (one builder at a time, whatever the number of instances),
 * it builds on a session of its own, outside the pool: declared indexes, full-text indexes of
 * searched collections, and recurring shapes on large enough collections that the planner
 * serves with no index yet, at most {@code builds-per-run} per run, each with
 * {@code create index concurrently}. An index on body fields is the project's, shared by its
 * collections: a collection asking for one the project has already gets it without a build. A
 * failed build is dropped and tried again later; automatic indexes unused for
 * {@code unused-after} are dropped.
 */
@Component
public class IndexBuilder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IndexBuilder.class);

    private final DatabaseClient db;
    private final ConnectionFactory direct;
    private final IndexingProperties properties;
    private final ShapeObservations observations;
    private final JsonMapper mapper;
    private final PlannerCheck planner;
    private final Disposable schedule;

    IndexBuilder(DatabaseClient db, ConnectionFactory pool, IndexingProperties properties,
                 ShapeObservations observations, JsonMapper mapper) {
        this.db = db;
        this.direct = DirectConnections.of(pool);
        this.properties = properties;
        this.observations = observations;
        this.mapper = mapper;
        this.planner = new PlannerCheck(mapper);
        this.schedule = PeriodicPurge.every(properties.interval(), "index builds", this::runOnce);
    }

    /** One run: record the observations, then build what is due if no other builder is running. */
    public Mono<Void> runOnce() {
        return flush().then(Mono.usingWhen(Mono.from(direct.create()), this::session, Connection::close,
                (connection, error) -> connection.close(), Connection::close));
    }

    private Mono<Void> flush() {
        return Flux.fromIterable(observations.drain().entrySet())
                .concatMap(entry -> db.sql(IndexSql.ADD_CANDIDATE)
                        .bind(0, entry.getKey().projectId())
                        .bind(1, entry.getKey().collection())
                        .bind(2, specJson(entry.getKey().spec()))
                        .bind(3, entry.getValue().shape())
                        .bind(4, entry.getValue().queries())
                        .bind(5, entry.getValue().millis())
                        .then())
                .then();
    }

    private Mono<Void> session(Connection connection) {
        DatabaseClient one = DatabaseClient.create(new SingleConnectionFactory(connection, direct.getMetadata(), true));
        Mono<Boolean> locked = one.sql(IndexSql.TRY_LOCK).bind(0, IndexSql.BUILDER_LOCK)
                .map((row, meta) -> row.get("locked", Boolean.class)).one();
        return one.sql(IndexSql.BUILD_TIMEOUT).bind(0, Long.toString(properties.buildTimeout().toMillis())).then()
                .then(locked)
                .flatMap(mine -> mine ? build(new IndexBuilds(one, properties.buildsPerRun(), mapper, properties.retryAfter())) : Mono.empty());
    }

    private Mono<Void> build(IndexBuilds builds) {
        return orphaned(builds)
                .then(staleBuilds(builds))
                .then(declared(builds))
                .then(dueCandidates(builds))
                .then(dueRetries(builds))
                .then(unused(builds))
                .then(missingStatistics(builds));
    }

    /**
     * Statistics for ready typed indexes that have none (built before indexes came with them, or
     * dropped by hand), then one ANALYZE: without them the planner cannot estimate a range.
     */
    private Mono<Void> missingStatistics(IndexBuilds builds) {
        return builds.one().sql(IndexSql.READY_SPECS).map((row, meta) -> row.get("spec", String.class)).all()
                .map(this::spec)
                .filter(spec -> IndexDdl.statistics(spec) != null)
                .distinct(spec -> spec.columns().get(0).path())
                .concatMap(spec -> builds.one().sql(IndexSql.STATISTICS_EXIST)
                        .bind(0, IndexNames.statistics(spec.columns().get(0).path()))
                        .map((row, meta) -> row.get("found", Boolean.class)).one()
                        .flatMap(found -> found ? Mono.just(false)
                                : IndexStatements.ddl(builds.one(), IndexDdl.statistics(spec)).thenReturn(true)))
                .reduce(false, (any, created) -> any || created)
                .flatMap(created -> created ? builds.one().sql(IndexSql.ANALYZE).then() : Mono.<Void>empty())
                .onErrorResume(error -> {
                    log.warn("statistics for ready indexes not made: {}", error.getMessage());
                    return Mono.empty();
                });
    }

    /** The indexes and candidates of deleted collections' storages. */
    private Mono<Void> orphaned(IndexBuilds builds) {
        return builds.one().sql(IndexSql.ORPHANED).map((row, meta) -> row.get("name", String.class)).all()
                .concatMap(builds::drop)
                .then(builds.one().sql(IndexSql.FORGET_ORPHANED_CANDIDATES).then());
    }

    /** A build a stopped builder left: its index is invalid or half made. */
    private Mono<Void> staleBuilds(IndexBuilds builds) {
        return builds.one().sql(IndexSql.STALE_BUILDS)
                .map((row, meta) -> new String[] {row.get("name", String.class), row.get("physical", String.class)}).all()
                .concatMap(row -> builds.failed(row[0], row[1], "the builder stopped during the build", 0))
                .then();
    }

    private Mono<Void> declared(IndexBuilds builds) {
        Mono<Map<String, Wanted>> wanted = builds.one().sql(IndexSql.DECLARED)
                .map((row, meta) -> new Object[] {row.get("project_id", Long.class), row.get("name", String.class),
                        row.get("indexes", String.class)})
                .all()
                .collectList()
                .map(this::wanted);
        Mono<Map<String, String>> existing = builds.one().sql(IndexSql.DECLARED_ROWS)
                .map((row, meta) -> row.get("name", String.class)).all()
                .collectMap(name -> name, name -> name);
        return Mono.zip(wanted, existing).flatMap(both -> {
            List<Mono<Void>> work = new ArrayList<>();
            both.getT2().keySet().stream().filter(name -> !both.getT1().containsKey(name))
                    .forEach(name -> work.add(builds.drop(name)));
            both.getT1().values().stream().filter(w -> !both.getT2().containsKey(w.name()))
                    .forEach(w -> work.add(builds.create(w, "declared", "[]", 0)));
            return Flux.concat(work).then();
        });
    }

    private Map<String, Wanted> wanted(List<Object[]> rows) {
        Map<String, Wanted> wanted = new HashMap<>();
        for (Object[] row : rows) {
            long projectId = (Long) row[0];
            String collection = (String) row[1];
            try {
                for (IndexSpec spec : DeclaredIndexes.parse(mapper.readTree((String) row[2]))) {
                    Wanted w = wanted(projectId, collection, spec);
                    wanted.put(w.name(), w);
                }
            } catch (RuntimeException e) {
                log.warn("collection {} of project {} declares indexes that are not valid, ignored: {}",
                        collection, projectId, e.getMessage());
            }
        }
        return wanted;
    }

    private Mono<Void> dueCandidates(IndexBuilds builds) {
        return builds.one().sql(IndexSql.DUE_CANDIDATES).bind(0, properties.minQueries())
                .map((row, meta) -> new Candidate(row.get("project_id", Long.class), row.get("collection", String.class),
                        spec(row.get("spec", String.class)), row.get("shape", String.class), row.get("queries", Long.class)))
                .all()
                .concatMap(candidate -> {
                    Wanted w = wanted(candidate.projectId(), candidate.collection(), candidate.spec());
                    String shapes = mapper.writeValueAsString(List.of(candidate.shape()));
                    if (candidate.spec().search()) {
                        return counts(builds, candidate)
                                .flatMap(counts -> counts.roomInProject() ? builds.create(w, "search", shapes, candidate.queries())
                                        : Mono.empty());
                    }
                    if (!properties.auto()) {
                        return Mono.empty();
                    }
                    return worthBuilding(builds, candidate, w)
                            .flatMap(worth -> worth ? builds.create(w, "auto", shapes, candidate.queries()) : Mono.empty());
                })
                .then();
    }

    /**
     * Room under the collection's limit and a large enough collection; then either the project's
     * index for the spec exists already (another collection asked for it: the collection's row
     * costs nothing more), or there is room under the project's limit and the planner has no
     * index that serves the shape.
     */
    private Mono<Boolean> worthBuilding(IndexBuilds builds, Candidate candidate, Wanted w) {
        Mono<Boolean> large = builds.one().sql(IndexSql.LIVE_DOCUMENTS_UP_TO)
                .bind(0, candidate.projectId()).bind(1, candidate.collection()).bind(2, properties.minDocuments())
                .map((row, meta) -> row.get("live", Long.class) >= properties.minDocuments())
                .one();
        return counts(builds, candidate).filter(Counts::roomInCollection)
                .flatMap(counts -> large.filter(Boolean::booleanValue)
                        .flatMap(ok -> builds.valid(w.physical()))
                        .flatMap(shared -> shared ? Mono.just(true) : counts.roomInProject()
                                ? planner.unserved(builds.one(), candidate.projectId(), candidate.collection(), candidate.spec())
                                : Mono.just(false)))
                .defaultIfEmpty(false);
    }

    /** The collection's automatic indexes and the project's PostgreSQL indexes (automatic and full-text), against their limits. */
    private Mono<Counts> counts(IndexBuilds builds, Candidate candidate) {
        return builds.one().sql(IndexSql.AUTO_COUNTS)
                .bind(0, candidate.projectId()).bind(1, candidate.collection())
                .map((row, meta) -> new Counts(row.get("in_collection", Long.class) < properties.maxPerCollection(),
                        row.get("in_project", Long.class) < properties.maxPerProject()))
                .one();
    }

    private Mono<Void> dueRetries(IndexBuilds builds) {
        return builds.one().sql(IndexSql.DUE_RETRIES)
                .map((row, meta) -> new Object[] {new Wanted(row.get("project_id", Long.class), row.get("collection", String.class),
                        spec(row.get("spec", String.class)), row.get("name", String.class), row.get("physical", String.class)),
                        row.get("origin", String.class), row.get("shapes", String.class), row.get("queries", Long.class)})
                .all()
                .concatMap(r -> builds.create((Wanted) r[0], (String) r[1], (String) r[2], (Long) r[3]))
                .then();
    }

    /** Records each index's scans; drops automatic ones whose scans stood still for {@code unused-after}. */
    private Mono<Void> unused(IndexBuilds builds) {
        return builds.one().sql(IndexSql.SCANS).bind(0, (double) properties.unusedAfter().toSeconds())
                .map((row, meta) -> new Object[] {row.get("name", String.class), row.get("origin", String.class),
                        row.get("status", String.class), row.get("scans", Long.class), row.get("idx_scan", Long.class),
                        row.get("unused", Boolean.class)})
                .all()
                .concatMap(r -> {
                    String name = (String) r[0];
                    if (!r[3].equals(r[4])) {
                        return builds.one().sql(IndexSql.SET_SCANS).bind(0, name).bind(1, r[4]).then();
                    }
                    if ("auto".equals(r[1]) && "ready".equals(r[2]) && Boolean.TRUE.equals(r[5])) {
                        log.info("dropping automatic index {}: unused for {}", name, properties.unusedAfter());
                        return builds.drop(name);
                    }
                    return Mono.empty();
                })
                .then();
    }

    /** A collection's index of {@code spec}: its row's name, and the PostgreSQL index it is served by (the project's, but for full text). */
    private Wanted wanted(long projectId, String collection, IndexSpec spec) {
        String json = specJson(spec);
        String name = IndexNames.of(projectId, collection, json);
        return new Wanted(projectId, collection, spec, name, spec.search() ? name : IndexNames.shared(projectId, json));
    }

    private String specJson(IndexSpec spec) {
        return mapper.writeValueAsString(spec);
    }

    private IndexSpec spec(String json) {
        return mapper.readValue(json, IndexSpec.class);
    }

    @Override
    public void destroy() {
        schedule.dispose();
    }

    record Wanted(long projectId, String collection, IndexSpec spec, String name, String physical) {
    }

    private record Counts(boolean roomInCollection, boolean roomInProject) {
    }

    private record Candidate(long projectId, String collection, IndexSpec spec, String shape, long queries) {
    }
}
