package dev.vellum.kv;

import dev.vellum.web.JsonBodies;
import dev.vellum.docstore.Cas;
import dev.vellum.docstore.DocumentAddress;
import dev.vellum.docstore.KeyedDocuments;
import dev.vellum.docstore.StoredDocument;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.subdoc.LookupEngine;
import dev.vellum.subdoc.LookupResult;
import dev.vellum.subdoc.LookupSpec;
import dev.vellum.subdoc.MutateRequest;
import dev.vellum.subdoc.SpecParser;
import dev.vellum.subdoc.StoreSemantics;
import dev.vellum.subdoc.WireFormat;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code lookup_in} and {@code mutate_in}: Couchbase's sub-document operations on one document. */
@Component
public class SubdocHandler {

    private final JsonBodies bodies;
    private final KeyedDocuments store;

    SubdocHandler(JsonBodies bodies, KeyedDocuments store) {
        this.bodies = bodies;
        this.store = store;
    }

    public Mono<ServerResponse> lookupIn(ServerRequest request) {
        return lookupIn(KvCall.of(request, bodies)).flatMap(SubdocHandler::respond);
    }

    public Mono<ServerResponse> mutateIn(ServerRequest request) {
        return mutateIn(KvCall.of(request, bodies)).flatMap(SubdocHandler::respond);
    }

    /** Every spec reads the same stored version; each succeeds or fails on its own. */
    public Mono<SubdocResult> lookupIn(KvCall call) {
        return Mono.fromCallable(() -> target(call))
                .flatMap(target -> call.body().map(SpecParser::lookups)
                        .flatMap(specs -> store.get(target)
                                .switchIfEmpty(Mono.error(() -> notFound(target)))
                                .map(doc -> new SubdocResult(doc.version(), lookupBody(specs, doc)))));
    }

    /** All specs apply in order in one statement, or none does. */
    public Mono<SubdocResult> mutateIn(KvCall call) {
        return Mono.fromCallable(() -> target(call))
                .flatMap(target -> call.body().map(SpecParser::mutations)
                        .map(mutation -> mustExist(call) ? existing(mutation) : mutation)
                        .flatMap(mutation -> run(target, mutation, cas(call, mutation))));
    }

    private static Mono<ServerResponse> respond(SubdocResult result) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ETAG, Cas.etag(result.version()))
                .bodyValue(result.body());
    }

    private Mono<SubdocResult> run(DocumentAddress target, MutateRequest mutation, Long cas) {
        String specs = bodies.mapper().writeValueAsString(WireFormat.specs(mutation.specs()));
        return store.mutateIn(target, mutation, cas, specs).map(written -> {
            JsonNode results = bodies.mapper().readTree(written.results());
            ObjectNode body = bodies.mapper().createObjectNode().put("cas", Cas.render(written.version()));
            body.set("results", results);
            return new SubdocResult(written.version(), body);
        });
    }

    private ObjectNode lookupBody(List<LookupSpec> specs, StoredDocument doc) {
        JsonNode content = bodies.mapper().readTree(doc.body());
        ObjectNode body = bodies.mapper().createObjectNode().put("cas", Cas.render(doc.version()));
        ArrayNode results = body.putArray("results");
        for (LookupResult result : LookupEngine.evaluate(specs, content)) {
            results.add(result.toJson());
        }
        return body;
    }

    /** {@code If-Match: *} means "any version, but the document must exist", as for the KV routes. */
    private static boolean mustExist(KvCall call) {
        String ifMatch = call.ifMatch();
        return ifMatch != null && ifMatch.strip().equals("*");
    }

    private static MutateRequest existing(MutateRequest mutation) {
        if (mutation.semantics() == StoreSemantics.INSERT) {
            throw VellumException.validation("If-Match: * requires an existing document; store_semantics insert requires none",
                    Map.of("field", "store_semantics"));
        }
        return new MutateRequest(mutation.specs(), mutation.cas(), StoreSemantics.REPLACE, mutation.expirySeconds(),
                mutation.durability());
    }

    /** The cas from the body, or from {@code If-Match}; giving both is ambiguous, and insert takes none. */
    private static Long cas(KvCall call, MutateRequest mutation) {
        String ifMatch = call.ifMatch();
        if (mutation.cas().isPresent() && ifMatch != null) {
            throw VellumException.validation("give the cas either in the body or as If-Match, not both", Map.of("field", "cas"));
        }
        Long cas = null;
        if (mutation.cas().isPresent()) {
            cas = Cas.parse(mutation.cas().get(), "cas");
        } else if (ifMatch != null) {
            cas = Cas.parseIfMatch(ifMatch);
        }
        if (cas != null && mutation.semantics() == StoreSemantics.INSERT) {
            // Couchbase Server refuses a cas with insert semantics: a cas names an existing version
            throw VellumException.validation("store_semantics insert creates the document and takes no cas", Map.of("field", "cas"));
        }
        return cas;
    }

    private static DocumentAddress target(KvCall call) {
        if (!call.query().isEmpty()) {
            String name = call.query().keySet().iterator().next();
            throw VellumException.validation("options go in the request body, not the query string", Map.of("field", name));
        }
        return call.target();
    }

    private static VellumException notFound(DocumentAddress target) {
        return new VellumException(ErrorCode.DOCUMENT_NOT_FOUND, "document not found",
                Map.of("collection", target.collection(), "key", target.key()));
    }
}
