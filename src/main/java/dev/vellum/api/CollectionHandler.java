package dev.vellum.api;

import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.documents.PageParams;
import dev.vellum.documents.QueryOptions;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.web.JsonBodies;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /v1/collections...} for secret keys: thin adapters over the collection methods of {@link AsyncDb}. */
@Component
public class CollectionHandler {

    private static final Set<String> PAGE = Set.of("limit", "offset");

    private final JsonBodies bodies;
    private final AsyncDbFactory dbs;

    CollectionHandler(JsonBodies bodies, AsyncDbFactory dbs) {
        this.bodies = bodies;
        this.dbs = dbs;
    }

    /** {@code ?limit=&offset=}: {@code {"data", "total", "count_estimated": false, "has_more"}}, sorted by name. */
    public Mono<ServerResponse> list(ServerRequest request) {
        return Mono.fromCallable(() -> {
                    request.queryParams().forEach((name, values) -> {
                        if (!PAGE.contains(name) || values.size() != 1) {
                            throw VellumException.validation("unknown or repeated query parameter '" + name
                                    + "'; allowed: limit, offset", Map.of("field", name));
                        }
                    });
                    return new int[] {PageParams.wholeNumber("limit", request.queryParams().getFirst("limit"),
                            QueryOptions.DEFAULT_LIMIT), PageParams.wholeNumber("offset", request.queryParams().getFirst("offset"), 0)};
                })
                .flatMap(page -> db(request).getCollections(page[0], page[1]))
                .flatMap(page -> json(ServerResponse.ok(), UserAdminHandler.pageBody(page)));
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        return found(request, db(request).getCollection(request.pathVariable("collection")));
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        return bodies.read(request)
                .flatMap(body -> {
                    ObjectNode settings = object(body).deepCopy();
                    JsonNode name = settings.remove("name");
                    if (name == null || !name.isString()) {
                        return Mono.error(VellumException.validation("name is required: the collection's name",
                                Map.of("field", "name")));
                    }
                    return db(request).createCollection(name.asString(), settings);
                })
                .flatMap(created -> json(ServerResponse.status(HttpStatus.CREATED), created));
    }

    public Mono<ServerResponse> update(ServerRequest request) {
        return bodies.read(request)
                .flatMap(body -> found(request, db(request).updateCollection(request.pathVariable("collection"), object(body))));
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        String name = request.pathVariable("collection");
        return db(request).deleteCollection(name)
                .flatMap(deleted -> deleted ? json(ServerResponse.ok(), Map.of("deleted", true)) : Mono.error(notFound(name)));
    }

    private static ObjectNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw VellumException.validation("the body must be a JSON object", Map.of("field", "body"));
        }
        return (ObjectNode) body;
    }

    private AsyncDb db(ServerRequest request) {
        return dbs.forCaller(Caller.of(request));
    }

    private static Mono<ServerResponse> found(ServerRequest request, Mono<ObjectNode> collection) {
        return collection.switchIfEmpty(Mono.error(() -> notFound(request.pathVariable("collection"))))
                .flatMap(found -> json(ServerResponse.ok(), found));
    }

    private static VellumException notFound(String name) {
        return new VellumException(ErrorCode.COLLECTION_NOT_FOUND, "collection '" + name + "' does not exist",
                Map.of("collection", name));
    }

    private static Mono<ServerResponse> json(ServerResponse.BodyBuilder builder, Object body) {
        return builder.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
