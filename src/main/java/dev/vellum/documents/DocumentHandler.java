package dev.vellum.documents;

import dev.vellum.web.JsonBodies;
import dev.vellum.web.NdjsonResponses;
import dev.vellum.auth.Caller;
import dev.vellum.docstore.Cas;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The documents REST routes: each parses the request, calls the caller's {@link AsyncDb}, and shapes the answer. */
@Component
public class DocumentHandler {

    private final JsonBodies bodies;
    private final AsyncDbFactory dbs;
    private final JsonMapper mapper;
    private final NdjsonResponses ndjson;

    DocumentHandler(JsonBodies bodies, AsyncDbFactory dbs, JsonMapper mapper, NdjsonResponses ndjson) {
        this.bodies = bodies;
        this.dbs = dbs;
        this.mapper = mapper;
        this.ndjson = ndjson;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        return create(DocumentCall.of(request, bodies))
                .flatMap(created -> json(ServerResponse.status(HttpStatus.CREATED), created));
    }

    public Mono<ServerResponse> query(ServerRequest request) {
        if (NdjsonResponses.requested(request)) {
            return stream(request);
        }
        return query(DocumentCall.of(request, bodies)).flatMap(page -> json(ServerResponse.ok(), page));
    }

    /**
     * {@code Accept: application/x-ndjson}: every match, one document per line (an explicit
     * {@code limit} is honoured). Errors before the first line are ordinary JSON errors.
     */
    private Mono<ServerResponse> stream(ServerRequest request) {
        DocumentCall call = DocumentCall.of(request, bodies);
        return Mono.fromCallable(() -> params(call, QueryParams.PAGE_POPULATE, true))
                .flatMap(params -> {
                    boolean everyMatch = request.queryParam("limit").isEmpty();
                    Flux<ObjectNode> docs = db(call).streamQuery(call.collection(), params.filter(), params.options(),
                            everyMatch);
                    return ndjson.ok(call.caller().owner(), docs);
                });
    }

    /** Without {@code populate} the document goes out as PostgreSQL rendered it; with it, through the tree. */
    public Mono<ServerResponse> get(ServerRequest request) {
        DocumentCall call = DocumentCall.of(request, bodies);
        return Mono.fromCallable(() -> params(call, QueryParams.POPULATE, false).populate())
                .flatMap(populate -> populate.isEmpty()
                        ? dbs.documentJson(call.caller(), call.collection(), call.id())
                                .switchIfEmpty(Mono.error(() -> notFound(call)))
                                .flatMap(doc -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                        .header(HttpHeaders.ETAG, Cas.etag(doc.version())).bodyValue(doc.body()))
                        : get(call).flatMap(DocumentHandler::document));
    }

    public Mono<ServerResponse> findOne(ServerRequest request) {
        return findOne(DocumentCall.of(request, bodies)).flatMap(DocumentHandler::document);
    }

    public Mono<ServerResponse> search(ServerRequest request) {
        return search(DocumentCall.of(request, bodies)).flatMap(docs -> json(ServerResponse.ok(), docs));
    }

    /** Paginated like {@link #query}, but newest first unless {@code order} says otherwise. */
    public Mono<ServerResponse> userCollections(ServerRequest request) {
        DocumentCall call = DocumentCall.of(request, bodies);
        return Mono.defer(() -> {
                    QueryParams params = params(call, QueryParams.PAGE, true);
                    QueryOptions options = params.options();
                    if (!request.queryParams().containsKey("order")) {
                        options = options.sortBy(options.sort(), QueryOptions.Order.DESC);
                    }
                    return db(call).getUserCollections(request.pathVariable("user_id"), call.collection(),
                            params.filter(), options);
                })
                .flatMap(page -> json(ServerResponse.ok(), pageBody(page)));
    }

    public Mono<ServerResponse> replace(ServerRequest request) {
        return replace(DocumentCall.of(request, bodies)).flatMap(DocumentHandler::document);
    }

    public Mono<ServerResponse> patch(ServerRequest request) {
        return patch(DocumentCall.of(request, bodies)).flatMap(DocumentHandler::document);
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        return delete(DocumentCall.of(request, bodies)).flatMap(deleted -> json(ServerResponse.ok(), deleted));
    }

    public Mono<ServerResponse> count(ServerRequest request) {
        return count(DocumentCall.of(request, bodies)).flatMap(count -> json(ServerResponse.ok(), count));
    }

    // The routes without HTTP: each answers the body its route sends (create with 201, the rest with 200).

    /** An object creates one document, an array several. */
    public Mono<JsonNode> create(DocumentCall call) {
        return Mono.fromRunnable(() -> params(call, QueryParams.NONE))
                .then(call.body())
                .flatMap(body -> {
                    AsyncDb db = db(call);
                    if (body.isObject()) {
                        return db.createDocument(call.collection(), (ObjectNode) body).map(doc -> (JsonNode) doc);
                    }
                    if (body.isArray()) {
                        return db.createDocuments(call.collection(), objects((ArrayNode) body)).collectList()
                                .map(this::array);
                    }
                    return Mono.error(VellumException.validation("the body must be a JSON object or an array of objects",
                            Map.of("field", "body")));
                });
    }

    /** One page: {@code {"data", "total", "has_more"}}. */
    public Mono<JsonNode> query(DocumentCall call) {
        return Mono.fromCallable(() -> params(call, QueryParams.PAGE_POPULATE, true))
                .flatMap(params -> db(call).query(call.collection(), params.filter(), params.options()))
                .map(this::pageBody);
    }

    public Mono<ObjectNode> get(DocumentCall call) {
        return Mono.fromCallable(() -> params(call, QueryParams.POPULATE, false).populate())
                .flatMap(populate -> db(call).getDocument(call.collection(), call.id(), populate))
                .switchIfEmpty(Mono.error(() -> notFound(call)));
    }

    public Mono<ObjectNode> findOne(DocumentCall call) {
        return Mono.fromCallable(() -> params(call, QueryParams.POPULATE, true))
                .flatMap(params -> db(call).findOne(call.collection(), params.filter(), params.populate()))
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.DOCUMENT_NOT_FOUND,
                        "no document matches", Map.of("collection", call.collection()))));
    }

    /** A plain list of documents, best match first; a blank {@code q} answers {@code []}. */
    public Mono<JsonNode> search(DocumentCall call) {
        return Mono.fromCallable(() -> SearchParams.of(call.query()))
                .flatMap(params -> db(call).searchDocuments(call.collection(), params.q(), params.fields(),
                        params.limit()).collectList())
                .map(this::array);
    }

    private ObjectNode pageBody(QueryPage page) {
        ObjectNode body = mapper.createObjectNode();
        body.set("data", array(page.data()));
        body.put("total", page.total());
        body.put("count_estimated", page.countEstimated());
        body.put("has_more", page.hasMore());
        return body;
    }

    public Mono<ObjectNode> replace(DocumentCall call) {
        return Mono.fromRunnable(() -> params(call, QueryParams.NONE))
                .then(call.body())
                .flatMap(body -> db(call).updateDocument(call.collection(), call.id(), object(body), ifMatch(call)))
                .switchIfEmpty(Mono.error(() -> notFound(call)));
    }

    public Mono<ObjectNode> patch(DocumentCall call) {
        return Mono.fromRunnable(() -> params(call, QueryParams.NONE))
                .then(call.body())
                .flatMap(body -> db(call).updateDocumentFields(call.collection(), call.id(), object(body), ifMatch(call)))
                .switchIfEmpty(Mono.error(() -> notFound(call)));
    }

    /** {@code {"deleted": true}}, or DOCUMENT_NOT_FOUND. */
    public Mono<JsonNode> delete(DocumentCall call) {
        return Mono.fromCallable(() -> {
                    params(call, QueryParams.NONE);
                    return Optional.ofNullable(ifMatch(call));
                })
                .flatMap(version -> db(call).deleteDocument(call.collection(), call.id(), version.orElse(null)))
                .flatMap(deleted -> deleted ? Mono.just(mapper.createObjectNode().put("deleted", true))
                        : Mono.error(notFound(call)));
    }

    /** {@code {"count": n}}. */
    public Mono<JsonNode> count(DocumentCall call) {
        return Mono.fromCallable(() -> params(call, QueryParams.NONE, true).filter())
                .flatMap(filter -> db(call).countDocuments(call.collection(), filter))
                .map(count -> mapper.createObjectNode().put("count", count));
    }

    private AsyncDb db(DocumentCall call) {
        return dbs.forCaller(call.caller());
    }

    private static QueryParams params(DocumentCall call, Set<String> allowed, boolean filters) {
        return new QueryParams(call.query(), allowed, filters);
    }

    private static void params(DocumentCall call, Set<String> allowed) {
        params(call, allowed, false);
    }

    /** {@code If-Match: "<_version>"}; {@code *} (or none) means any version. */
    private static Long ifMatch(DocumentCall call) {
        return call.ifMatch() == null ? null : Cas.parseIfMatch(call.ifMatch());
    }

    private static ObjectNode object(JsonNode body) {
        if (!body.isObject()) {
            throw VellumException.validation("the body must be a JSON object", Map.of("field", "body"));
        }
        return (ObjectNode) body;
    }

    private static List<ObjectNode> objects(ArrayNode body) {
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            if (!body.get(i).isObject()) {
                throw VellumException.validation("each document must be a JSON object", Map.of("field", "[" + i + "]"));
            }
            items.add((ObjectNode) body.get(i));
        }
        return items;
    }

    private ArrayNode array(List<ObjectNode> docs) {
        ArrayNode array = mapper.createArrayNode();
        docs.forEach(array::add);
        return array;
    }

    private static Mono<ServerResponse> document(ObjectNode doc) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ETAG, Cas.etag(doc.get(DocumentFields.VERSION).asLong()))
                .bodyValue(doc);
    }

    private static Mono<ServerResponse> json(ServerResponse.BodyBuilder builder, JsonNode body) {
        return builder.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static VellumException notFound(DocumentCall call) {
        return new VellumException(ErrorCode.DOCUMENT_NOT_FOUND, "document not found",
                Map.of("collection", call.collection(), "id", call.id()));
    }
}
