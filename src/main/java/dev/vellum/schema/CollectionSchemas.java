package dev.vellum.schema;

import dev.vellum.access.SettingsCache;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compiled schema of every collection that has a {@code schema} setting, held in memory and
 * kept current on every instance with the access rules (sql/V84, {@code AccessRefresh}); a
 * collection without one costs nothing. Compiling and checking run on their own bounded threads,
 * never on the event loop.
 */
@Component
public class CollectionSchemas implements SettingsCache, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CollectionSchemas.class);
    /** Checks that may wait for a thread; beyond this, callers get 503 rather than pile up. */
    private static final int QUEUE = 10_000;

    private final DatabaseClient db;
    private final JsonMapper mapper;
    private final Scheduler scheduler;
    private final Map<String, DocumentSchema> schemas = new ConcurrentHashMap<>();

    CollectionSchemas(DatabaseClient db, JsonMapper mapper) {
        this.db = db;
        this.mapper = mapper;
        this.scheduler = Schedulers.newBoundedElastic(Math.max(2, Runtime.getRuntime().availableProcessors()), QUEUE,
                "vellum-schema");
        JsonSchemas.warmUp();
    }

    /** The collection's schema as this instance last heard of it; empty when it has none. */
    public Optional<DocumentSchema> of(long projectId, String collection) {
        return Optional.ofNullable(schemas.get(key(projectId, collection)));
    }

    /**
     * Empty when every document conforms, else VALIDATION_ERROR with the failing JSON pointers of
     * the first that does not.
     */
    public Mono<Void> check(DocumentSchema schema, String collection, List<CheckedDocument> documents) {
        return Mono.fromRunnable(() -> {
                    for (CheckedDocument document : documents) {
                        List<SchemaViolation> found = schema.violations(mapper.readTree(document.body()));
                        if (!found.isEmpty()) {
                            throw SchemaViolations.error(collection, document, found);
                        }
                    }
                })
                .subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, e -> new VellumException(ErrorCode.SERVICE_UNAVAILABLE,
                        "too many schema checks in progress, retry later"))
                .then();
    }

    @Override
    public Mono<Void> reload(long projectId, String collection) {
        return Statements.prepare(db, SchemaSettingSql.one(projectId, collection))
                .map((row, meta) -> Optional.ofNullable(row.get("schema", Json.class)).map(Json::asString))
                .one()
                .defaultIfEmpty(Optional.empty())
                .publishOn(scheduler)
                .doOnNext(stored -> put(key(projectId, collection), stored.map(text -> compile(projectId, collection, text))))
                .then();
    }

    @Override
    public Mono<Void> reloadAll() {
        return Statements.prepare(db, SchemaSettingSql.all())
                .map((row, meta) -> new Stored(row.get("project_id", Long.class), row.get("name", String.class),
                        row.get("schema", Json.class).asString()))
                .all()
                .collectList()
                .publishOn(scheduler)
                .doOnNext(rows -> {
                    Map<String, DocumentSchema> fresh = new LinkedHashMap<>();
                    for (Stored row : rows) {
                        fresh.put(key(row.projectId(), row.name()), compile(row.projectId(), row.name(), row.schema()));
                    }
                    schemas.keySet().retainAll(fresh.keySet());
                    schemas.putAll(fresh);
                })
                .then();
    }

    private void put(String key, Optional<DocumentSchema> schema) {
        schema.ifPresentOrElse(found -> schemas.put(key, found), () -> schemas.remove(key));
    }

    private DocumentSchema compile(long projectId, String collection, String stored) {
        try {
            return JsonSchemas.compile(mapper.readTree(stored));
        } catch (VellumException | tools.jackson.core.JacksonException e) {
            log.warn("the schema of {}/{} is invalid, so no document of it can be written: {}", projectId, collection,
                    e.getMessage());
            return DocumentSchema.unusable(e.getMessage(), stored);
        }
    }

    private static String key(long projectId, String collection) {
        return projectId + "/" + collection;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }

    private record Stored(long projectId, String name, String schema) {
    }
}
