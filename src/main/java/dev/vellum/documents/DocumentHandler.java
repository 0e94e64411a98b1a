package dev.vellum.documents;

import dev.vellum.api.JsonBodies;
import dev.vellum.api.NdjsonResponses;
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

    /** An object creates one document, an array several; 201 either way. */
    public Mono<ServerResponse> create(ServerRequest request) {
        return Mono.fromRunnable(() -> params(request, QueryParams.NONE))
                .then(bodies.read(request))
                .flatMap(body -> {
                    AsyncDb db = db(request);
                    String collection = collection(request);
                    if (body.isObject()) {
                        return db.createDocument(collection, (ObjectNode) body).map(doc -> (JsonNode) doc);
                    }
                    if (body.isArray()) {
                        return db.createDocuments(collection, objects((ArrayNode) body)).collectList().map(this::array);
                    }
                    return Mono.error(VellumException.validation("the body must be a JSON object or an array of objects",
                            Map.of("field", "body")));
                })
                .flatMap(created -> json(ServerResponse.status(HttpStatus.CREATED), created));
    }

    public Mono<ServerResponse> query(ServerRequest request) {
        if (NdjsonResponses.requested(request)) {
            return stream(request);
        }
        return Mono.fromCallable(() -> params(request, QueryParams.PAGE_POPULATE, true))
                .flatMap(params -> db(request).query(collection(request), params.filter(), params.options()))
                .flatMap(page -> json(ServerResponse.ok(), pageBody(page)));
    }

    /**
     * {@code Accept: application/x-ndjson}: every match, one document per line (an explicit
     * {@code limit} is honoured). Errors before the first line are ordinary JSON errors.
     */
    private Mono<ServerResponse> stream(ServerRequest request) {
        return Mono.fromCallable(() -> params(request, QueryParams.PAGE_POPULATE, true))
                .flatMap(params -> {
                    boolean everyMatch = request.queryParam("limit").isEmpty();
                    Flux<ObjectNode> docs = db(request).streamQuery(collection(request), params.filter(), params.options(),
                            everyMatch);
                    return ndjson.ok(docs);
                });
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        return Mono.fromCallable(() -> params(request, QueryParams.POPULATE, false).populate())
                .flatMap(populate -> db(request).getDocument(collection(request), id(request), populate))
                .switchIfEmpty(Mono.error(() -> notFound(request)))
                .flatMap(DocumentHandler::document);
    }

    public Mono<ServerResponse> findOne(ServerRequest request) {
        return Mono.fromCallable(() -> params(request, QueryParams.POPULATE, true))
                .flatMap(params -> db(request).findOne(collection(request), params.filter(), params.populate()))
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.DOCUMENT_NOT_FOUND,
                        "no document matches", Map.of("collection", collection(request)))))
                .flatMap(DocumentHandler::document);
    }

    /** A plain list of documents, best match first; a blank {@code q} answers {@code []}. */
    public Mono<ServerResponse> search(ServerRequest request) {
        return Mono.fromCallable(() -> SearchParams.of(request.queryParams()))
                .flatMap(params -> db(request).searchDocuments(collection(request), params.q(), params.fields(),
                        params.limit()).collectList())
                .flatMap(docs -> json(ServerResponse.ok(), array(docs)));
    }

    /** Paginated like {@link #query}, but newest first unless {@code order} says otherwise. */
    public Mono<ServerResponse> userCollections(ServerRequest request) {
        return Mono.defer(() -> {
                    QueryParams params = params(request, QueryParams.PAGE, true);
                    QueryOptions options = params.options();
                    if (!request.queryParams().containsKey("order")) {
                        options = options.sortBy(options.sort(), QueryOptions.Order.DESC);
                    }
                    return db(request).getUserCollections(request.pathVariable("user_id"), collection(request),
                            params.filter(), options);
                })
                .flatMap(page -> json(ServerResponse.ok(), pageBody(page)));
    }

    private ObjectNode pageBody(QueryPage page) {
        ObjectNode body = mapper.createObjectNode();
        body.set("data", array(page.data()));
        body.put("total", page.total());
        body.put("has_more", page.hasMore());
        return body;
    }

    public Mono<ServerResponse> replace(ServerRequest request) {
        return Mono.fromRunnable(() -> params(request, QueryParams.NONE))
                .then(bodies.read(request))
                .flatMap(body -> db(request).updateDocument(collection(request), id(request), object(body), ifMatch(request)))
                .switchIfEmpty(Mono.error(() -> notFound(request)))
                .flatMap(DocumentHandler::document);
    }

    public Mono<ServerResponse> patch(ServerRequest request) {
        return Mono.fromRunnable(() -> params(request, QueryParams.NONE))
                .then(bodies.read(request))
                .flatMap(body -> db(request).updateDocumentFields(collection(request), id(request), object(body), ifMatch(request)))
                .switchIfEmpty(Mono.error(() -> notFound(request)))
                .flatMap(DocumentHandler::document);
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        return Mono.fromCallable(() -> {
                    params(request, QueryParams.NONE);
                    return Optional.ofNullable(ifMatch(request));
                })
                .flatMap(version -> db(request).deleteDocument(collection(request), id(request), version.orElse(null)))
                .flatMap(deleted -> deleted ? json(ServerResponse.ok(), mapper.createObjectNode().put("deleted", true))
                        : Mono.error(notFound(request)));
    }

    public Mono<ServerResponse> count(ServerRequest request) {
        return Mono.fromCallable(() -> params(request, QueryParams.NONE, true).filter())
                .flatMap(filter -> db(request).countDocuments(collection(request), filter))
                .flatMap(count -> json(ServerResponse.ok(), mapper.createObjectNode().put("count", count)));
    }

    private AsyncDb db(ServerRequest request) {
        return dbs.forCaller(Caller.of(request));
    }

    private static String collection(ServerRequest request) {
        return request.pathVariable("collection");
    }

    private static String id(ServerRequest request) {
        return request.pathVariable("id");
    }

    private static QueryParams params(ServerRequest request, Set<String> allowed, boolean filters) {
        return new QueryParams(request.queryParams(), allowed, filters);
    }

    private static void params(ServerRequest request, Set<String> allowed) {
        params(request, allowed, false);
    }

    /** {@code If-Match: "<_version>"}; {@code *} (or none) means any version. */
    private static Long ifMatch(ServerRequest request) {
        String header = request.headers().firstHeader(HttpHeaders.IF_MATCH);
        return header == null ? null : Cas.parseIfMatch(header);
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

    private static VellumException notFound(ServerRequest request) {
        return new VellumException(ErrorCode.DOCUMENT_NOT_FOUND, "document not found",
                Map.of("collection", collection(request), "id", id(request)));
    }
}
