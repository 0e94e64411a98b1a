package dev.vellum.transactions;

import dev.vellum.documents.DocumentCall;
import dev.vellum.documents.DocumentHandler;
import java.util.function.BiFunction;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The documents routes a transaction may call (those of {@code api/DocumentRoutes} under
 * {@code /v1/collections}), matched with the router's own path patterns, each with the status its
 * route answers and the handler method that runs it without HTTP.
 */
enum DocumentRoute {
    CREATE(HttpMethod.POST, Paths.DOCUMENTS, 201, DocumentHandler::create),
    QUERY(HttpMethod.GET, Paths.DOCUMENTS, 200, DocumentHandler::query),
    GET(HttpMethod.GET, Paths.DOCUMENT, 200, DocumentHandler::get),
    REPLACE(HttpMethod.PUT, Paths.DOCUMENT, 200, DocumentHandler::replace),
    PATCH(HttpMethod.PATCH, Paths.DOCUMENT, 200, DocumentHandler::patch),
    DELETE(HttpMethod.DELETE, Paths.DOCUMENT, 200, DocumentHandler::delete),
    FIND_ONE(HttpMethod.GET, Paths.COLLECTION + "/find_one", 200, DocumentHandler::findOne),
    SEARCH(HttpMethod.GET, Paths.COLLECTION + "/search", 200, DocumentHandler::search),
    COUNT(HttpMethod.GET, Paths.COLLECTION + "/count", 200, DocumentHandler::count);

    /** The route patterns, as {@code api/DocumentRoutes} declares them. */
    private static final class Paths {
        static final String COLLECTION = "/v1/collections/{collection}";
        static final String DOCUMENTS = COLLECTION + "/documents";
        static final String DOCUMENT = DOCUMENTS + "/{id}";
    }

    private final HttpMethod method;
    private final PathPattern pattern;
    private final int status;
    private final BiFunction<DocumentHandler, DocumentCall, Mono<? extends JsonNode>> handler;

    DocumentRoute(HttpMethod method, String pattern, int status,
                  BiFunction<DocumentHandler, DocumentCall, Mono<? extends JsonNode>> handler) {
        this.method = method;
        this.pattern = PathPatternParser.defaultInstance.parse(pattern);
        this.status = status;
        this.handler = handler;
    }

    HttpMethod method() {
        return method;
    }

    PathPattern pattern() {
        return pattern;
    }

    int status() {
        return status;
    }

    Mono<JsonNode> run(DocumentHandler documents, DocumentCall call) {
        return handler.apply(documents, call).map(JsonNode.class::cast);
    }
}
