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
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Which collections exist (remembered once committed), creating them on first write, and their references setting. */
@Component
public class CollectionCatalog {

    private final DatabaseClient db;
    private final JsonMapper mapper;
    /** Collections seen to exist; there is no route that drops a collection yet. */
    private final Set<String> knownCollections = ConcurrentHashMap.newKeySet();

    CollectionCatalog(DatabaseClient db, JsonMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    /** Whether this instance has seen the collection committed: then no statement needs to ensure it. */
    public boolean known(long projectId, String collection) {
        return knownCollections.contains(projectId + "/" + collection);
    }

    /** Empty when the collection exists, else COLLECTION_NOT_FOUND. */
    public Mono<Void> require(long projectId, String collection) {
        if (knownCollections.contains(projectId + "/" + collection)) {
            return Mono.empty();
        }
        return Statements.prepare(db, CollectionSql.exists(projectId, collection))
                .map((row, meta) -> new Existence(row.get("found", Boolean.class), row.get("settled", Boolean.class)))
                .one()
                .flatMap(existence -> {
                    if (!existence.found()) {
                        return Mono.error(new VellumException(ErrorCode.COLLECTION_NOT_FOUND,
                                "collection '" + collection + "' does not exist", Map.of("collection", collection)));
                    }
                    remember(projectId, collection, existence.settled());
                    return Mono.empty();
                });
    }

    /**
     * Creates the collection if missing. It commits with the write that follows, or inside an
     * Idempotency-Key transaction, which it joins.
     */
    public Mono<Void> ensure(long projectId, String collection) {
        if (knownCollections.contains(projectId + "/" + collection)) {
            return Mono.empty();
        }
        return Statements.prepare(db, CollectionSql.ensure(projectId, collection))
                .map((row, meta) -> row.get("settled", Boolean.class))
                .one()
                .doOnNext(settled -> remember(projectId, collection, settled))
                .then();
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
            knownCollections.add(projectId + "/" + collection);
        }
    }

    private record Existence(boolean found, boolean settled) {
    }

    private record CatalogRow(String name, Json refs) {
    }
}
