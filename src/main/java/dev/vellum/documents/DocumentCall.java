package dev.vellum.documents;

import dev.vellum.web.JsonBodies;
import dev.vellum.auth.Caller;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One call of a documents route as data: the caller, the path variables ({@code collection},
 * {@code id}), the query parameters, {@code If-Match} (or null) and the body, read when the route
 * needs it. HTTP requests and transaction operations both become one.
 */
public record DocumentCall(Caller caller, Map<String, String> pathVariables, MultiValueMap<String, String> query,
                           String ifMatch, Mono<JsonNode> body) {

    static DocumentCall of(ServerRequest request, JsonBodies bodies) {
        return new DocumentCall(Caller.of(request), request.pathVariables(), request.queryParams(),
                request.headers().firstHeader(HttpHeaders.IF_MATCH), bodies.read(request));
    }

    String collection() {
        return pathVariables.get("collection");
    }

    String id() {
        return pathVariables.get("id");
    }
}
