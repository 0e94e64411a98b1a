package dev.vellum.idempotency;

import dev.vellum.auth.Caller;
import dev.vellum.error.VellumException;
import dev.vellum.fence.FenceKey;
import dev.vellum.fence.LockIds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.NoSuchAlgorithmException;
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

    static IdempotentRequest of(Caller caller, String key, ServerHttpRequest request, byte[] body) {
        return new IdempotentRequest(caller.projectId(), caller.scope(), key, fingerprint(request, body));
    }

    /**
     * What makes two requests the same request: method, path, query, {@code If-Match} (the KV and
     * document routes read their cas from it) and the body bytes, each length-prefixed so no two
     * different requests hash the same input.
     */
    static final int STRETCH_ROUNDS = 100_000;

    static byte[] fingerprint(ServerHttpRequest request, byte[] body) {
        MessageDigest sha = sha256();
        part(sha, request.getMethod().name());
        part(sha, request.getURI().getRawPath());
        String query = request.getURI().getRawQuery();
        part(sha, query == null ? "" : query);
        List<String> ifMatch = request.getHeaders().getOrEmpty(HttpHeaders.IF_MATCH);
        part(sha, String.join("\n", ifMatch));
        part(sha, body);
        return sha.digest();
    }

    /**
     * Whether the body may hold a password (signup, login, a password change, a user created by
     * the secret key): its fingerprint must not be a fast hash of it.
     */
    static boolean mayHoldPassword(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).contains("password");
    }

    /**
     * This request with its fingerprint stretched by PBKDF2-HMAC-SHA256 ({@value #STRETCH_ROUNDS}
     * rounds, salted by project, scope and key), so that a stored record is not a fast hash of a
     * password. CPU work: run it off the event loop.
     */
    IdempotentRequest stretched() {
        MessageDigest salt = sha256();
        part(salt, "idempotency-salt");
        part(salt, Long.toString(projectId));
        part(salt, scope);
        part(salt, key);
        char[] input = HexFormat.of().formatHex(fingerprint).toCharArray();
        try {
            byte[] stretched = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(input, salt.digest(), STRETCH_ROUNDS, 256))
                    .getEncoded();
            return new IdempotentRequest(projectId, scope, key, stretched);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is always available", e);
        }
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

    private static void part(MessageDigest sha, String text) {
        part(sha, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void part(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static VellumException invalid(String message) {
        return VellumException.validation(message, Map.of("field", HEADER));
    }
}
