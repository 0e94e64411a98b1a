package dev.vellum.kv;

import dev.vellum.api.JsonBodies;
import dev.vellum.auth.Caller;
import dev.vellum.docstore.Cas;
import dev.vellum.docstore.DocumentAddress;
import dev.vellum.docstore.KeyedDocuments;
import dev.vellum.docstore.StoredDocument;
import dev.vellum.docstore.WriteData;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The full-document KV routes: get, insert, upsert or replace, remove, with Couchbase's CAS rules. */
@Component
public class KvHandler {

    private final JsonBodies bodies;
    private final KeyedDocuments store;

    KvHandler(JsonBodies bodies, KeyedDocuments store) {
        this.bodies = bodies;
        this.store = store;
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        return Mono.fromCallable(() -> parse(request, KvOptions.NONE))
                .flatMap(call -> store.get(call.target())
                        .switchIfEmpty(Mono.error(() -> notFound(call.target())))
                        .flatMap(doc -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                .header(HttpHeaders.ETAG, Cas.etag(doc.version()))
                                .bodyValue(getBody(doc))));
    }

    public Mono<ServerResponse> insert(ServerRequest request) {
        return Mono.fromCallable(() -> parse(request, KvOptions.INSERT))
                .flatMap(call -> content(request).flatMap(content -> store.insert(call.target(), content,
                                call.options().expirySeconds(), call.options().durability())
                        .switchIfEmpty(Mono.error(() -> exists(call.target())))))
                .flatMap(version -> written(HttpStatus.CREATED, version));
    }

    /** Upsert without a cas; with {@code If-Match} or {@code ?cas=} a replace of that version. */
    public Mono<ServerResponse> upsert(ServerRequest request) {
        return Mono.fromCallable(() -> parse(request, KvOptions.UPSERT))
                .flatMap(call -> content(request).flatMap(content -> {
                    DocumentAddress target = call.target();
                    KvOptions options = call.options();
                    if (options.conditional()) {
                        return store.replace(target, content, options.expirySeconds(), options.cas(), options.durability())
                                .switchIfEmpty(whyNotWritten(target));
                    }
                    return store.upsert(target, content, options.expirySeconds(), options.durability())
                            .switchIfEmpty(Mono.error(() -> exists(target)));
                }))
                .flatMap(version -> written(HttpStatus.OK, version));
    }

    public Mono<ServerResponse> remove(ServerRequest request) {
        return Mono.fromCallable(() -> parse(request, KvOptions.REMOVE))
                .flatMap(call -> store.remove(call.target(), call.options().cas(), call.options().durability())
                        .switchIfEmpty(whyNotWritten(call.target())))
                .flatMap(version -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("cas", Cas.render(version))));
    }

    /** {@code /v1/kv/{collection}/} with no key. */
    public Mono<ServerResponse> missingKey(ServerRequest request) {
        return Mono.error(VellumException.validation("keys are 1 to " + KvPath.MAX_KEY_BYTES + " bytes of UTF-8",
                Map.of("field", "key")));
    }

    private record Call(DocumentAddress target, KvOptions options) {
    }

    private static Call parse(ServerRequest request, Set<String> allowed) {
        return new Call(KvPath.of(request).target(Caller.of(request)), KvOptions.parse(request, allowed));
    }

    private Mono<String> content(ServerRequest request) {
        return bodies.read(request).map(WriteData::checkContent).map(node -> bodies.mapper().writeValueAsString(node));
    }

    /** After a conditional write changed nothing: the document is missing, or its cas moved on. */
    private Mono<Long> whyNotWritten(DocumentAddress target) {
        return store.version(target)
                .flatMap(current -> Mono.<Long>error(new VellumException(ErrorCode.CAS_MISMATCH,
                        "the document has changed since that cas was read", Map.of("key", target.key()))))
                .switchIfEmpty(Mono.error(() -> notFound(target)));
    }

    private static Mono<ServerResponse> written(HttpStatus status, long version) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ETAG, Cas.etag(version))
                .bodyValue(Map.of("cas", Cas.render(version)));
    }

    /** {@code {"cas": "...", "content": <stored JSON as Postgres wrote it>}}, without re-parsing the body. */
    private static byte[] getBody(StoredDocument doc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(doc.body().length + 48);
        out.writeBytes(("{\"cas\":\"" + Cas.render(doc.version()) + "\",\"content\":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(doc.body());
        out.write('}');
        return out.toByteArray();
    }

    private static VellumException notFound(DocumentAddress target) {
        return new VellumException(ErrorCode.DOCUMENT_NOT_FOUND, "document not found",
                Map.of("collection", target.collection(), "key", target.key()));
    }

    private static VellumException exists(DocumentAddress target) {
        return new VellumException(ErrorCode.DOCUMENT_EXISTS, "a document with this key already exists",
                Map.of("collection", target.collection(), "key", target.key()));
    }
}
