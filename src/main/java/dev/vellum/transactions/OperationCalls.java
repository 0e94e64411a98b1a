package dev.vellum.transactions;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.FailureClassifier;
import dev.vellum.error.VellumException;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.EntityResponse;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a transaction's operations one after the other through the real Datastore, documents and
 * KV routes (their handlers, validation and caller scoping), with the caller's own credentials.
 * Called inside the transaction, so every statement they run joins it. The result is
 * {@code {"results": [{"status", "body"}, ...]}} in operation order; the first failing operation
 * fails them all, its index in {@code details.operation_index}.
 */
@Component
class OperationCalls {

    private static final String ROUTING_ATTRIBUTES = "org.springframework.web.reactive.";

    private final RouterFunction<ServerResponse> routes;
    private final JsonMapper mapper;

    OperationCalls(@Qualifier("datastoreRouter") RouterFunction<ServerResponse> datastore,
                   @Qualifier("documentsRouter") RouterFunction<ServerResponse> documents,
                   @Qualifier("kvRouter") RouterFunction<ServerResponse> kv, JsonMapper mapper) {
        this.routes = datastore.and(documents).and(kv);
        this.mapper = mapper;
    }

    Mono<Map<String, Object>> run(ServerRequest outer, List<Operation> operations) {
        return Flux.range(0, operations.size())
                .concatMap(index -> call(outer, operations.get(index))
                        .onErrorMap(e -> atOperation(index, e)))
                .collectList()
                .map(results -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("results", results);
                    return result;
                });
    }

    private Mono<Map<String, Object>> call(ServerRequest outer, Operation operation) {
        ServerRequest inner = ServerRequest.from(outer)
                .method(operation.method())
                .uri(URI.create("http://localhost" + operation.pathAndQuery()))
                .headers(headers -> {
                    headers.remove(HttpHeaders.CONTENT_LENGTH);
                    headers.remove(HttpHeaders.IF_MATCH);
                    headers.remove(HttpHeaders.IF_NONE_MATCH);
                    headers.remove("Idempotency-Key");
                    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                    headers.setContentType(MediaType.APPLICATION_JSON);
                    if (operation.ifMatch() != null) {
                        headers.set(HttpHeaders.IF_MATCH, operation.ifMatch());
                    }
                })
                .attributes(attributes -> attributes.keySet().removeIf(name -> name.startsWith(ROUTING_ATTRIBUTES)))
                .body(operation.body() == null ? "" : mapper.writeValueAsString(operation.body()))
                .build();
        return routes.route(inner)
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.NOT_FOUND,
                        "no " + operation.method().name() + " route at this path")))
                .flatMap(handler -> handler.handle(inner))
                .map(this::result);
    }

    private Map<String, Object> result(ServerResponse response) {
        int status = response.statusCode().value();
        JsonNode body = response instanceof EntityResponse<?> entity ? json(entity.entity()) : null;
        if (status >= 400) {
            throw new VellumException(errorCode(body), "the operation answered " + status);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", status);
        result.put("body", body);
        return result;
    }

    /** The code of an error body; the operations' routes signal errors rather than answer them, so this is a fallback. */
    private static ErrorCode errorCode(JsonNode body) {
        String code = body == null ? "" : body.path("error").path("code").asString("");
        for (ErrorCode known : ErrorCode.values()) {
            if (known.name().equals(code)) {
                return known;
            }
        }
        return ErrorCode.INTERNAL_ERROR;
    }

    private JsonNode json(Object entity) {
        if (entity instanceof JsonNode node) {
            return node;
        }
        if (entity instanceof byte[] bytes) {
            return mapper.readTree(bytes);
        }
        return mapper.valueToTree(entity);
    }

    private static VellumException atOperation(int index, Throwable failure) {
        VellumException known = FailureClassifier.classify(failure);
        Map<String, Object> details = new HashMap<>(known.details());
        details.put("operation_index", index);
        return new VellumException(known.code(), "operation " + index + ": " + known.getMessage(), details, failure);
    }
}
