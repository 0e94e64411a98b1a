package dev.vellum.indexing;

import dev.vellum.auth.Caller;
import dev.vellum.docstore.CollectionCatalog;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.pool.DirectConnections;
import dev.vellum.query.IndexSpec;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code /v1/collections/{c}/indexes} shows and drops: the indexes every collection shares,
 * the collection's own (automatic, declared, search) with status, size, scans and the query
 * shapes that caused them, and the shapes seen that have no index (suggestions). Secret key only.
 */
@Service
public class IndexListing {

    private final DatabaseClient db;
    private final ConnectionFactory direct;
    private final CollectionCatalog collections;
    private final JsonMapper mapper;

    IndexListing(DatabaseClient db, ConnectionFactory pool, CollectionCatalog collections, JsonMapper mapper) {
        this.db = db;
        this.direct = DirectConnections.of(pool);
        this.collections = collections;
        this.mapper = mapper;
    }

    public Mono<ObjectNode> list(Caller caller, String collection) {
        return secret(caller).then(collections.require(caller.projectId(), collection)).then(Mono.defer(() -> {
            ObjectNode out = mapper.createObjectNode();
            ArrayNode data = out.putArray("data");
            shared(data);
            ArrayNode suggestions = out.putArray("suggestions");
            String storage = collections.storage(caller.projectId(), collection);
            return db.sql(IndexSql.LIST).bind(0, caller.projectId()).bind(1, storage)
                    .map((row, meta) -> {
                        ObjectNode index = mapper.createObjectNode();
                        index.put("name", row.get("name", String.class));
                        index.put("origin", row.get("origin", String.class));
                        describe(index, row.get("spec", String.class));
                        index.put("status", row.get("status", String.class));
                        index.put("size_bytes", row.get("size_bytes", Long.class));
                        index.put("scans", row.get("scans", Long.class));
                        index.put("collections", row.get("collections", Long.class));
                        index.put("queries", row.get("queries", Long.class));
                        index.set("shapes", mapper.readTree(row.get("shapes", String.class)));
                        index.put("attempts", row.get("attempts", Integer.class));
                        index.put("last_error", row.get("last_error", String.class));
                        index.put("created_at", text(row.get("created_at", OffsetDateTime.class)));
                        index.put("ready_at", text(row.get("ready_at", OffsetDateTime.class)));
                        return index;
                    })
                    .all()
                    .doOnNext(data::add)
                    .thenMany(db.sql(IndexSql.SUGGESTIONS).bind(0, caller.projectId()).bind(1, storage)
                            .map((row, meta) -> {
                                ObjectNode suggestion = mapper.createObjectNode();
                                describe(suggestion, row.get("spec", String.class));
                                suggestion.put("shape", row.get("shape", String.class));
                                long queries = row.get("queries", Long.class);
                                suggestion.put("queries", queries);
                                suggestion.put("avg_ms", queries == 0 ? 0 : row.get("total_ms", Double.class) / queries);
                                return suggestion;
                            })
                            .all())
                    .doOnNext(suggestions::add)
                    .then(Mono.just(out));
        }));
    }

    /**
     * Drops one of the collection's indexes. A declared index stays declared: remove it from the
     * collection's {@code indexes} setting instead (409). An automatic one comes back only if its
     * shape recurs past the threshold again. The PostgreSQL index is dropped with the last
     * collection it serves (an index on body fields is shared by the project's collections).
     */
    public Mono<Void> drop(Caller caller, String collection, String name) {
        return secret(caller).then(db.sql(IndexSql.ONE).bind(0, name).bind(1, caller.projectId())
                        .bind(2, collections.storage(caller.projectId(), collection))
                        .map((row, meta) -> new String[] {row.get("name", String.class), row.get("origin", String.class)}).one())
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.NOT_FOUND,
                        "collection '" + collection + "' has no index '" + name + "'", Map.of("index", name))))
                .flatMap(row -> {
                    if (row[1].equals("declared")) {
                        return Mono.error(new VellumException(ErrorCode.CONFLICT, "index '" + name
                                + "' is declared in the collection's indexes setting; remove it there", Map.of("index", name)));
                    }
                    // DROP INDEX CONCURRENTLY cannot share a session that may be inside a transaction: a session of its own
                    return Mono.usingWhen(Mono.from(direct.create()), connection -> forgetOn(connection, row[0]),
                            Connection::close, (connection, error) -> connection.close(), Connection::close);
                });
    }

    private Mono<Void> forgetOn(Connection connection, String row) {
        return IndexStatements.forget(DatabaseClient.create(new SingleConnectionFactory(connection, direct.getMetadata(), true)), row);
    }

    private void describe(ObjectNode node, String specJson) {
        IndexSpec spec = mapper.readValue(specJson, IndexSpec.class);
        node.put("serves", spec.describe());
        ArrayNode fields = node.putArray("fields");
        for (IndexSpec.Column column : spec.columns()) {
            fields.addArray().add(String.join(".", column.path())).add(column.descending() ? "desc" : "asc");
        }
        node.put("type", spec.type());
    }

    /** The V1 indexes: one each for all collections of all projects, so no size or scans of this collection's own. */
    private void shared(ArrayNode data) {
        shared(data, "documents_pkey", "get by key");
        shared(data, "documents_body", "equality on any body field (GIN, jsonb_path_ops)");
        shared(data, "documents_created", "the default order (_created_at desc, _key)");
        shared(data, "documents_owner", "a user's own documents");
    }

    private void shared(ArrayNode data, String name, String serves) {
        ObjectNode index = data.addObject();
        index.put("name", name);
        index.put("origin", "builtin");
        index.put("serves", serves);
        index.put("status", "ready");
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : dev.vellum.store.Timestamps.format(time);
    }

    private static Mono<Void> secret(Caller caller) {
        if (caller.keyKind() != Caller.KeyKind.SECRET || caller.isUser()) {
            return Mono.error(new VellumException(ErrorCode.FORBIDDEN, "indexes need the secret key without a user token"));
        }
        return Mono.empty();
    }
}
