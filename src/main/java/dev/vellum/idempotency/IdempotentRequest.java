package dev.vellum.idempotency;

import dev.vellum.auth.Caller;
import dev.vellum.auth.FingerprintKey;
import dev.vellum.error.VellumException;
import dev.vellum.fence.FenceKey;
import dev.vellum.fence.LockIds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A mutating request that carried an {@code Idempotency-Key}: whose it is (project and scope),
 * its key, and a fingerprint of what it asked for. Keys are scoped per project and caller: the
 * secret key, visitors with the public key, or one signed-in user.
 */
record IdempotentRequest(long projectId, String scope, String key, byte[] fingerprint) {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 255;

    /** The key of a request that gave the header: 1 to 255 visible ASCII characters, given once. */
    static String key(List<String> values) {
        if (values.size() != 1) {
            throw invalid("give one Idempotency-Key header");
        }
        String key = values.get(0);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw invalid("an Idempotency-Key is 1 to " + MAX_KEY_LENGTH + " visible ASCII characters (no spaces)");
        }
        return key;
    }

    static IdempotentRequest of(Caller caller, String key, ServerHttpRequest request, byte[] body, FingerprintKey keyed) {
        return new IdempotentRequest(caller.projectId(), caller.scope(), key, fingerprint(request, body, keyed));
    }

    /**
     * What makes two requests the same request: method, path, query, {@code If-Match} (the KV and
     * document routes read their cas from it) and the body bytes, each length-prefixed so no two
     * different requests hash the same input, under an HMAC-SHA256 with the server's fingerprint
     * secret: cheap, and a stored record is no offline oracle for what a body held (a password).
     */
    static byte[] fingerprint(ServerHttpRequest request, byte[] body, FingerprintKey keyed) {
        String query = request.getURI().getRawQuery();
        List<String> ifMatch = request.getHeaders().getOrEmpty(HttpHeaders.IF_MATCH);
        return keyed.of(utf8("idempotency-request"), utf8(request.getMethod().name()), utf8(request.getURI().getRawPath()),
                utf8(query == null ? "" : query), utf8(String.join("\n", ifMatch)), body);
    }

    /**
     * The transaction-scoped advisory lock the request runs under: 64 bits of a hash of project,
     * scope and key. A collision between two keys only makes one wait its turn with a 409.
     */
    long lockId() {
        return LockIds.of("idempotency", Long.toString(projectId), scope, key);
    }

    /** The request's key in the exactly-once fence. */
    FenceKey fenceKey() {
        return new FenceKey(projectId, scope, FenceKey.Kind.REQUEST, key);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static VellumException invalid(String message) {
        return VellumException.validation(message, Map.of("field", HEADER));
    }
}
