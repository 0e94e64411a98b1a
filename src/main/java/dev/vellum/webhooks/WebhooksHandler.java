package dev.vellum.webhooks;

import dev.vellum.auth.Caller;
import dev.vellum.collections.CollectionNames;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import dev.vellum.store.Timestamps;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook management routes of a collection, for secret keys: the delivery list, a manual
 * retry, and rotating the signing secret (shown once, in this answer).
 */
@Component
public class WebhooksHandler {

    private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");
    private static final int MAX_LIMIT = 1000;

    private final DatabaseClient db;
    private final WebhookDispatcher dispatcher;
    private final WebhookProperties properties;
    private final JsonMapper mapper;

    WebhooksHandler(DatabaseClient db, WebhookDispatcher dispatcher, WebhookProperties properties, JsonMapper mapper) {
        this.db = db;
        this.dispatcher = dispatcher;
        this.properties = properties;
        this.mapper = mapper;
    }

    /** {@code GET .../webhook_deliveries?status=&limit=}: newest first. */
    public Mono<ServerResponse> list(ServerRequest request) {
        Caller caller = secretKey(request);
        String collection = CollectionNames.require(request.pathVariable("collection"));
        for (String name : request.queryParams().keySet()) {
            if (!name.equals("status") && !name.equals("limit") || request.queryParams().get(name).size() > 1) {
                throw VellumException.validation("unknown or repeated query parameter '" + name + "'; allowed: limit, status",
                        Map.of("field", name));
            }
        }
        String status = request.queryParam("status").orElse(null);
        if (status != null && !STATUSES.contains(status)) {
            throw VellumException.validation("status must be pending, delivered or failed", Map.of("field", "status"));
        }
        int limit = limit(request.queryParam("limit").orElse("50"));
        Sql sql = WebhookSql.list(caller.projectId(), collection, status, limit);
        return Statements.prepare(db, sql).map((row, meta) -> delivery(row)).all().collectList()
                .flatMap(list -> ServerResponse.ok().bodyValue(mapper.createObjectNode().set("data", mapper.valueToTree(list))));
    }

    /** {@code POST .../webhook_deliveries/{id}/retry}: pending again now, with a fresh retry period. */
    public Mono<ServerResponse> retry(ServerRequest request) {
        Caller caller = secretKey(request);
        String collection = CollectionNames.require(request.pathVariable("collection"));
        long id = id(request.pathVariable("id"));
        return Statements.prepare(db, WebhookSql.retry(caller.projectId(), collection, id)).map((row, meta) -> delivery(row)).one()
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.NOT_FOUND, "no such webhook delivery", Map.of("id", id))))
                .doOnNext(delivery -> dispatcher.wake())
                .flatMap(delivery -> ServerResponse.ok().bodyValue(delivery));
    }

    /** {@code POST .../webhook_secret}: a new secret; the one it replaces signs too until the grace period ends. */
    public Mono<ServerResponse> rotateSecret(ServerRequest request) {
        Caller caller = secretKey(request);
        String collection = CollectionNames.require(request.pathVariable("collection"));
        String secret = WebhookSignature.newSecret();
        return Statements.prepare(db, WebhookSql.rotate(caller.projectId(), collection, secret, properties.secretGrace().toSeconds()))
                .map((row, meta) -> java.util.Optional.ofNullable(row.get("previous_until", OffsetDateTime.class))).one()
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.COLLECTION_NOT_FOUND, "collection not found",
                        Map.of("collection", collection))))
                .flatMap(previousUntil -> {
                    ObjectNode body = mapper.createObjectNode().put("secret", secret);
                    body.put("previous_valid_until", previousUntil.map(Timestamps::format).orElse(null));
                    return ServerResponse.ok().bodyValue(body);
                });
    }

    private ObjectNode delivery(Readable row) {
        long id = row.get("id", Long.class);
        ObjectNode json = mapper.createObjectNode();
        json.put("id", id);
        json.put("webhook_id", "msg_" + id);
        json.put("key", row.get("key", String.class));
        json.put("seq", row.get("seq", Long.class));
        json.put("url", row.get("url", String.class));
        json.put("status", row.get("status", String.class));
        json.put("created_at", Timestamps.format(row.get("created_at", OffsetDateTime.class)));
        OffsetDateTime finished = row.get("finished_at", OffsetDateTime.class);
        json.put("next_attempt_at", finished == null ? Timestamps.format(row.get("next_attempt_at", OffsetDateTime.class)) : null);
        json.put("finished_at", finished == null ? null : Timestamps.format(finished));
        json.set("attempts", mapper.readTree(row.get("attempt_log", Json.class).asString()));
        json.set("event", mapper.readTree(row.get("payload", String.class)));
        return json;
    }

    private static Caller secretKey(ServerRequest request) {
        Caller caller = Caller.of(request);
        if (caller.isUser() || caller.keyKind() != Caller.KeyKind.SECRET) {
            throw new VellumException(ErrorCode.FORBIDDEN, "webhooks are managed with a secret key");
        }
        return caller;
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw VellumException.validation("limit must be a whole number from 1 to " + MAX_LIMIT, Map.of("field", "limit"));
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw VellumException.validation("a delivery id is a whole number", Map.of("field", "id"));
        }
    }

}
