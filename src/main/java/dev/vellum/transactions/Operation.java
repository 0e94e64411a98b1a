package dev.vellum.transactions;

import dev.vellum.auth.Caller;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.kv.KvCall;
import dev.vellum.kv.KvPath;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One operation of a transaction, parsed once from the request body. Running it calls the
 * services its route uses, for the transaction's caller and inside its Postgres transaction, and
 * answers what the route would have answered. Errors a route finds while it runs (a bad op, a
 * missing document) fail the operation when its turn comes, as they fail the route.
 */
sealed interface Operation permits Operation.Datastore, Operation.Documents, Operation.Kv, Operation.MutateIn,
        Operation.NoRoute {

    Mono<OperationResult> run(Caller caller, OperationServices services);

    /** A Datastore op: {@code {"datastore": <body>}}, or a call of {@code POST /v1/datastore}. */
    record Datastore(JsonNode body) implements Operation {
        @Override
        public Mono<OperationResult> run(Caller caller, OperationServices services) {
            return RouteCall.required(body).flatMap(json -> services.datastore().execute(caller, json))
                    .map(answer -> new OperationResult(200, answer));
        }
    }

    /** A call of a documents route under {@code /v1/collections/...}. */
    record Documents(DocumentRoute route, RouteCall call) implements Operation {
        @Override
        public Mono<OperationResult> run(Caller caller, OperationServices services) {
            return route.run(services.documents(), call.documentCall(caller))
                    .map(answer -> new OperationResult(route.status(), answer));
        }
    }

    /** A call of a key-value or sub-document route under {@code /v1/kv/...}. */
    record Kv(KvRoute route, RouteCall call) implements Operation {
        @Override
        public Mono<OperationResult> run(Caller caller, OperationServices services) {
            return route.run(services, call.kvCall(caller));
        }
    }

    /** {@code {"mutate_in": {"collection", "key", ...the mutate_in body}}}. */
    record MutateIn(String collection, String key, ObjectNode body) implements Operation {
        @Override
        public Mono<OperationResult> run(Caller caller, OperationServices services) {
            KvCall call = new KvCall(caller, () -> KvPath.of(collection, key), new LinkedMultiValueMap<>(), null,
                    Mono.just(body));
            return KvRoute.MUTATE_IN.run(services, call);
        }
    }

    /** A method and path no data route serves: NOT_FOUND when its turn comes. */
    record NoRoute(HttpMethod method) implements Operation {
        @Override
        public Mono<OperationResult> run(Caller caller, OperationServices services) {
            return Mono.error(new VellumException(ErrorCode.NOT_FOUND, "no " + method.name() + " route at this path"));
        }
    }

    /** The {@code {"status", "body"}} of one operation in {@code result.results}. */
    record OperationResult(int status, JsonNode body) {
        Map<String, Object> toMap() {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("status", status);
            result.put("body", body);
            return result;
        }
    }
}
