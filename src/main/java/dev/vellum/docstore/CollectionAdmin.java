package dev.vellum.docstore;

import dev.vellum.auth.Caller;
import dev.vellum.collections.CollectionNames;
import dev.vellum.collections.CollectionSettings;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.store.Statements;
import dev.vellum.store.Timestamps;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Collection management for the secret key (a user token is FORBIDDEN): list, get, create,
 * patch the settings of, and delete collections. Collections come back as
 * {@code {"name", "created_at", "updated_at", "settings"}}. A deletion is O(1) whatever the
 * collection holds (see {@link CollectionAdminSql#delete}).
 */
@Service
public class CollectionAdmin {

    private final DatabaseClient db;
    private final JsonMapper mapper;
    private final CollectionSettings settings;
    private final CollectionCatalog catalog;

    CollectionAdmin(DatabaseClient db, JsonMapper mapper, CollectionSettings settings, CollectionCatalog catalog) {
        this.db = db;
        this.mapper = mapper;
        this.settings = settings;
        this.catalog = catalog;
    }

    /** One page of the project's collections by name, how many there are in all, and whether more follow. */
    public Mono<Listing> list(Caller caller, int limit, int offset) {
        return admin(caller, () -> {
            Mono<List<ObjectNode>> page = Statements.prepare(db, CollectionAdminSql.page(caller.projectId(), limit + 1, offset))
                    .map((row, meta) -> collection(row)).all().collectList();
            Mono<Long> total = Statements.prepare(db, CollectionAdminSql.count(caller.projectId()))
                    .map((row, meta) -> row.get("total", Long.class)).one();
            return page.zipWith(total, (rows, count) -> new Listing(rows.size() > limit ? rows.subList(0, limit) : rows, count,
                    rows.size() > limit));
        });
    }

    /** The collection, or empty when there is none of that name. */
    public Mono<ObjectNode> get(Caller caller, String name) {
        return admin(caller, () -> Statements.prepare(db, CollectionAdminSql.one(caller.projectId(), CollectionNames.require(name)))
                .map((row, meta) -> collection(row)).one());
    }

    /** Creates {@code {"name", ...settings}}; CONFLICT when the name is taken. */
    public Mono<ObjectNode> create(Caller caller, JsonNode body) {
        return admin(caller, () -> {
            if (body == null || !body.isObject()) {
                throw VellumException.validation("the body must be an object {\"name\", ...settings}", Map.of("field", "body"));
            }
            ObjectNode given = ((ObjectNode) body).deepCopy();
            JsonNode nameNode = given.remove("name");
            if (nameNode == null || !nameNode.isString()) {
                throw VellumException.validation("name is required: the collection's name", Map.of("field", "name"));
            }
            String name = CollectionNames.require(nameNode.asString());
            settings.check(given);
            ObjectNode stored = withoutNulls(given);
            return Statements.prepare(db, CollectionAdminSql.create(caller.projectId(), name, mapper.writeValueAsString(stored)))
                    .map((row, meta) -> collection(row)).one()
                    .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.CONFLICT,
                            "collection '" + name + "' exists already", Map.of("collection", name))));
        });
    }

    /** Merges {@code changes} into the settings (a null value removes that setting); empty when there is no such collection. */
    public Mono<ObjectNode> update(Caller caller, String name, JsonNode changes) {
        return admin(caller, () -> {
            CollectionNames.require(name);
            if (changes == null || !changes.isObject()) {
                throw VellumException.validation("the body must be an object of settings", Map.of("field", "body"));
            }
            ObjectNode patch = (ObjectNode) changes;
            if (patch.has("name")) {
                throw VellumException.validation("a collection cannot be renamed", Map.of("field", "name"));
            }
            settings.check(patch);
            List<String> removed = new ArrayList<>();
            patch.properties().forEach(entry -> {
                if (entry.getValue().isNull()) {
                    removed.add(entry.getKey());
                }
            });
            Mono<ObjectNode> updated = Statements.prepare(db, CollectionAdminSql.update(caller.projectId(), name,
                            mapper.writeValueAsString(withoutNulls(patch)), removed.toArray(String[]::new)))
                    .map((row, meta) -> collection(row)).one();
            return updated;
        });
    }

    /**
     * Deletes the collection and all its documents for every reader at once (the rows go in the
     * background, {@link DroppedStorageCleanup}); false when there was none.
     */
    public Mono<Boolean> delete(Caller caller, String name) {
        return admin(caller, () -> Statements.prepare(db, CollectionAdminSql.delete(caller.projectId(), CollectionNames.require(name)))
                .map((row, meta) -> row.get("storage", String.class))
                .one()
                .doOnNext(storage -> catalog.deleted(caller.projectId(), name, CollectionStorage.generation(storage) + 1))
                .map(storage -> true)
                .defaultIfEmpty(false));
    }

    private ObjectNode collection(Readable row) {
        ObjectNode out = mapper.createObjectNode();
        out.put("name", row.get("name", String.class));
        out.put("created_at", Timestamps.format(row.get("created_at", OffsetDateTime.class)));
        out.put("updated_at", Timestamps.format(row.get("updated_at", OffsetDateTime.class)));
        out.set("settings", mapper.readTree(row.get("settings", Json.class).asString()));
        return out;
    }

    private static ObjectNode withoutNulls(ObjectNode settings) {
        ObjectNode copy = settings.deepCopy();
        List<String> nulls = new ArrayList<>();
        copy.properties().forEach(entry -> {
            if (entry.getValue().isNull()) {
                nulls.add(entry.getKey());
            }
        });
        copy.remove(nulls);
        return copy;
    }

    private static <T> Mono<T> admin(Caller caller, Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            if (caller.keyKind() != Caller.KeyKind.SECRET || caller.isUser()) {
                return Mono.error(new VellumException(ErrorCode.FORBIDDEN,
                        "managing collections needs the secret key without a user token"));
            }
            return work.get();
        }).subscribeOn(Schedulers.boundedElastic()); // settings checks compile schemas: CPU work kept off the event loop
    }

    /** A page of collections: the rows, how many exist in all, whether more follow. */
    public record Listing(List<ObjectNode> data, long total, boolean hasMore) {
    }
}
