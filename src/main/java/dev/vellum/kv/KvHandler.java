package dev.vellum.kv;

import dev.vellum.web.JsonBodies;
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
        return get(KvCall.of(request, bodies))
                .flatMap(doc -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.ETAG, Cas.etag(doc.version()))
                        .bodyValue(getBody(doc)));
    }

    public Mono<ServerResponse> insert(ServerRequest request) {
        return insert(KvCall.of(request, bodies)).flatMap(version -> written(HttpStatus.CREATED, version));
    }

    public Mono<ServerResponse> upsert(ServerRequest request) {
        return upsert(KvCall.of(request, bodies)).flatMap(version -> written(HttpStatus.OK, version));
    }

    public Mono<ServerResponse> remove(ServerRequest request) {
        return remove(KvCall.of(request, bodies))
                .flatMap(version -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("cas", Cas.render(version))));
    }

    /** The document and its version, or DOCUMENT_NOT_FOUND. */
    public Mono<StoredDocument> get(KvCall call) {
        return Mono.fromCallable(() -> parse(call, KvOptions.NONE))
                .flatMap(parsed -> store.get(parsed.target())
                        .switchIfEmpty(Mono.error(() -> notFound(parsed.target()))));
    }

    /** Creates the document (DOCUMENT_EXISTS if it is there); answers its version. */
    public Mono<Long> insert(KvCall call) {
        return Mono.fromCallable(() -> parse(call, KvOptions.INSERT))
                .flatMap(parsed -> content(call).flatMap(content -> store.insert(parsed.target(), content,
                                parsed.options().expirySeconds(), parsed.options().durability())
                        .switchIfEmpty(Mono.error(() -> exists(parsed.target())))));
    }

    /** Upsert without a cas; with {@code If-Match} or {@code ?cas=} a replace of that version. Answers the new version. */
    public Mono<Long> upsert(KvCall call) {
        return Mono.fromCallable(() -> parse(call, KvOptions.UPSERT))
                .flatMap(parsed -> content(call).flatMap(content -> {
                    DocumentAddress target = parsed.target();
                    KvOptions options = parsed.options();
                    if (options.conditional()) {
                        return store.replace(target, content, options.expirySeconds(), options.cas(), options.durability())
                                .switchIfEmpty(whyNotWritten(target));
                    }
                    return store.upsert(target, content, options.expirySeconds(), options.durability())
                            .switchIfEmpty(Mono.error(() -> exists(target)));
                }));
    }

    /** Removes the document; answers the version of its tombstone. */
    public Mono<Long> remove(KvCall call) {
        return Mono.fromCallable(() -> parse(call, KvOptions.REMOVE))
                .flatMap(parsed -> store.remove(parsed.target(), parsed.options().cas(), parsed.options().durability())
                        .switchIfEmpty(whyNotWritten(parsed.target())));
    }

    /** {@code /v1/kv/{collection}/} with no key. */
    public Mono<ServerResponse> missingKey(ServerRequest request) {
        return missingKey();
    }

    /** The error of every route call without a key. */
    public static <T> Mono<T> missingKey() {
        return Mono.error(VellumException.validation("keys are 1 to " + KvPath.MAX_KEY_BYTES + " bytes of UTF-8",
                Map.of("field", "key")));
    }

    private record Parsed(DocumentAddress target, KvOptions options) {
    }

    private static Parsed parse(KvCall call, Set<String> allowed) {
        DocumentAddress target = call.target();
        return new Parsed(target, KvOptions.parse(call, allowed));
    }

    private Mono<String> content(KvCall call) {
        return call.body().map(WriteData::checkContent).map(node -> bodies.mapper().writeValueAsString(node));
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
