package dev.vellum.kv;

import dev.vellum.web.JsonBodies;
import dev.vellum.auth.Caller;
import dev.vellum.docstore.DocumentAddress;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One call of a KV or sub-document route as data: the caller, the document address (resolved,
 * and so validated, when first asked for), the query parameters, {@code If-Match} (or null) and
 * the body, read when a route needs it. HTTP requests and transaction operations both become one.
 */
public record KvCall(Caller caller, Supplier<KvPath> location, MultiValueMap<String, String> query, String ifMatch,
                     Mono<JsonNode> body) {

    static KvCall of(ServerRequest request, JsonBodies bodies) {
        return new KvCall(Caller.of(request), () -> KvPath.of(request.requestPath().pathWithinApplication()),
                request.queryParams(), request.headers().firstHeader(HttpHeaders.IF_MATCH), bodies.read(request));
    }

    /** The collection and key; a VALIDATION_ERROR when they are malformed. */
    KvPath path() {
        return location.get();
    }

    DocumentAddress target() {
        return path().target(caller);
    }
}
