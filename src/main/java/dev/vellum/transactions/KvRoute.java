package dev.vellum.transactions;

import dev.vellum.docstore.Cas;
import dev.vellum.kv.KvCall;
import dev.vellum.kv.KvHandler;
import dev.vellum.transactions.Operation.OperationResult;
import java.util.Set;
import java.util.function.BiFunction;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The key-value and sub-document routes (those of {@code api/KvRoutes}), matched with the
 * router's own path patterns, each run by the kv services without HTTP and answered as its route
 * answers: {@code {"cas"}} for writes (201 for an insert), {@code {"cas", "content"}} for a read,
 * {@code {"cas", "results"}} for sub-document calls.
 */
enum KvRoute {
    LOOKUP_IN(Set.of(HttpMethod.POST), Paths.DOCUMENT + "/lookup_in",
            (services, call) -> services.subdoc().lookupIn(call).map(result -> ok(result.body()))),
    MUTATE_IN(Set.of(HttpMethod.POST), Paths.DOCUMENT + "/mutate_in",
            (services, call) -> services.subdoc().mutateIn(call).map(result -> ok(result.body()))),
    GET(Set.of(HttpMethod.GET), Paths.DOCUMENT, (services, call) -> services.kv().get(call).map(doc -> {
        ObjectNode body = cas(services, doc.version());
        body.set("content", services.mapper().readTree(doc.body()));
        return ok(body);
    })),
    INSERT(Set.of(HttpMethod.POST), Paths.DOCUMENT,
            (services, call) -> services.kv().insert(call).map(version -> new OperationResult(201, cas(services, version)))),
    UPSERT(Set.of(HttpMethod.PUT), Paths.DOCUMENT,
            (services, call) -> services.kv().upsert(call).map(version -> ok(cas(services, version)))),
    REMOVE(Set.of(HttpMethod.DELETE), Paths.DOCUMENT,
            (services, call) -> services.kv().remove(call).map(version -> ok(cas(services, version)))),
    MISSING_KEY(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE), Paths.NO_KEY,
            (services, call) -> KvHandler.missingKey());

    /** The route patterns, as {@code api/KvRoutes} declares them. */
    private static final class Paths {
        static final String DOCUMENT = "/v1/kv/{collection}/{key}";
        static final String NO_KEY = "/v1/kv/{collection}/";
    }

    private final Set<HttpMethod> methods;
    private final PathPattern pattern;
    private final BiFunction<OperationServices, KvCall, Mono<OperationResult>> handler;

    KvRoute(Set<HttpMethod> methods, String pattern, BiFunction<OperationServices, KvCall, Mono<OperationResult>> handler) {
        this.methods = methods;
        this.pattern = PathPatternParser.defaultInstance.parse(pattern);
        this.handler = handler;
    }

    boolean serves(HttpMethod method) {
        return methods.contains(method);
    }

    PathPattern pattern() {
        return pattern;
    }

    Mono<OperationResult> run(OperationServices services, KvCall call) {
        return handler.apply(services, call);
    }

    private static OperationResult ok(ObjectNode body) {
        return new OperationResult(200, body);
    }

    private static ObjectNode cas(OperationServices services, long version) {
        return services.mapper().createObjectNode().put("cas", Cas.render(version));
    }
}
