package dev.vellum.docstore;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which collections exist (remembered once committed), creating them on first write, their
 * storages and their references setting. The storage of a name follows from how often the name
 * was deleted (its generation, see {@link CollectionStorage}): every instance holds all
 * generations in memory, loaded before the server takes requests and kept current by the
 * {@code vellum_collections} notification a deletion sends at commit ({@link CollectionRefresh}).
 */
@Component
public class CollectionCatalog {

    private static final Logger log = LoggerFactory.getLogger(CollectionCatalog.class);

    private final DatabaseClient db;
    private final JsonMapper mapper;
    /** Collections seen to exist; a deletion (here or on another instance) forgets them. */
    private final Set<String> knownCollections = ConcurrentHashMap.newKeySet();
    /** Names deleted at least once, with how often. */
    private final Map<String, Long> generations = new ConcurrentHashMap<>();

    CollectionCatalog(DatabaseClient db, JsonMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    /** Whether this instance has seen the collection committed: then no statement needs to ensure it. */
    public boolean known(long projectId, String collection) {
        return knownCollections.contains(key(projectId, collection));
    }

    /** Where the documents of {@code collection} live now, as this instance last heard. */
    public String storage(long projectId, String collection) {
        return CollectionStorage.of(collection, generations.getOrDefault(key(projectId, collection), 0L));
    }

    /** Empty when the collection exists, else COLLECTION_NOT_FOUND. */
    public Mono<Void> require(long projectId, String collection) {
        if (known(projectId, collection)) {
            return Mono.empty();
        }
        String expected = storage(projectId, collection);
        return Statements.prepare(db, CollectionSql.exists(projectId, collection))
                .map((row, meta) -> new Existence(row.get("found", Boolean.class), row.get("settled", Boolean.class),
                        row.get("storage", String.class)))
                .one()
                .flatMap(existence -> {
                    if (!existence.found()) {
                        return Mono.error(notFound(collection));
                    }
                    return settle(projectId, collection, expected, existence.storage(), existence.settled());
                });
    }

    /**
     * Creates the collection if missing. It commits with the write that follows, or inside an
     * Idempotency-Key transaction, which it joins.
     */
    public Mono<Void> ensure(long projectId, String collection) {
        if (known(projectId, collection)) {
            return Mono.empty();
        }
        String expected = storage(projectId, collection);
        return Statements.prepare(db, CollectionSql.ensure(projectId, collection))
                .map((row, meta) -> new Existence(true, row.get("settled", Boolean.class), row.get("storage", String.class)))
                .one()
                .flatMap(existence -> settle(projectId, collection, expected, existence.storage(), existence.settled()));
    }

    /** Forgets a deleted collection at once (on the instance that deleted it; others hear it). */
    public void deleted(long projectId, String collection, long generation) {
        generations.merge(key(projectId, collection), generation, Math::max);
        knownCollections.remove(key(projectId, collection));
    }

    /** Reads every generation again (at start, and when notifications may have been missed). */
    public Mono<Void> reloadAll() {
        return Statements.prepare(db, CollectionSql.generations())
                .map((row, meta) -> Map.entry(key(row.get("project_id", Long.class), row.get("name", String.class)),
                        row.get("generation", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .doOnNext(fresh -> {
                    fresh.forEach((name, generation) -> generations.merge(name, generation, Math::max));
                    knownCollections.clear();
                })
                .then();
    }

    /** Handles one {@code '<project_id>:<generation>:<name>'} notification payload. */
    void changed(String payload) {
        String[] parts = payload.split(":", 3);
        if (parts.length != 3) {
            log.warn("ignoring a vellum_collections notification without project, generation and name: {}", payload);
            return;
        }
        deleted(Long.parseLong(parts[0]), parts[2], Long.parseLong(parts[1]));
    }

    /**
     * A collection whose stored storage is not the one this instance expected was deleted by
     * another instance whose notification has not arrived yet: learn it, and have the request
     * retried rather than run against the old storage.
     */
    private Mono<Void> settle(long projectId, String collection, String expected, String actual, boolean settled) {
        if (actual != null && !actual.equals(expected)) {
            deleted(projectId, collection, CollectionStorage.generation(actual));
            return Mono.error(new VellumException(ErrorCode.SERVICE_UNAVAILABLE,
                    "collection '" + collection + "' was just deleted and created again; retry", Map.of("collection", collection)));
        }
        if (storage(projectId, collection).equals(expected)) { // not deleted while we asked
            remember(projectId, collection, settled);
        }
        return Mono.empty();
    }

    private static VellumException notFound(String collection) {
        return new VellumException(ErrorCode.COLLECTION_NOT_FOUND, "collection '" + collection + "' does not exist",
                Map.of("collection", collection));
    }

    /** Which of {@code names} (and of the names {@code source}'s references setting gives) exist, and that setting. */
    public Mono<ReferenceCatalog> references(long projectId, String source, Set<String> names) {
        return Statements.prepare(db, CollectionSql.references(projectId, source, names))
                .map((row, meta) -> new CatalogRow(row.get("name", String.class), row.get("refs", Json.class)))
                .all()
                .collectList()
                .map(rows -> {
                    Set<String> existing = new HashSet<>();
                    Map<String, String> references = new HashMap<>();
                    for (CatalogRow row : rows) {
                        existing.add(row.name());
                        if (row.refs() != null) {
                            references.putAll(references(mapper.readTree(row.refs().asString())));
                        }
                    }
                    return new ReferenceCatalog(existing, references);
                });
    }

    /** Only string values name collections; anything else in the setting is ignored. */
    private static Map<String, String> references(JsonNode setting) {
        Map<String, String> references = new HashMap<>();
        setting.properties().forEach(entry -> {
            if (entry.getValue().isString()) {
                references.put(entry.getKey(), entry.getValue().stringValue());
            }
        });
        return references;
    }

    /**
     * Remembers a collection only once another transaction has committed it: a row this
     * transaction inserted (this request, or an earlier statement of the Idempotency-Key
     * transaction around it) disappears if the transaction rolls back, and a remembered name
     * would then skip the insert and fail the next write on the foreign key.
     */
    private void remember(long projectId, String collection, boolean settled) {
        if (settled) {
            knownCollections.add(key(projectId, collection));
        }
    }

    private static String key(long projectId, String collection) {
        return projectId + "/" + collection;
    }

    private record Existence(boolean found, boolean settled, String storage) {
    }

    private record CatalogRow(String name, Json refs) {
    }
}
