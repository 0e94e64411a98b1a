package dev.vellum.idempotency;

import dev.vellum.auth.FingerprintKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.auth.Caller;
import dev.vellum.error.VellumException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Key validation, caller scopes, fingerprints and lock ids, without I/O. */
class IdempotentRequestTest {

    private static final Caller SECRET = new Caller(1, Caller.KeyKind.SECRET, null);
    private static final byte[] SECRET_BYTES = "a server secret of 32 bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final FingerprintKey KEY = FingerprintKey.withSecret(SECRET_BYTES);
    private static final Caller VISITOR = new Caller(1, Caller.KeyKind.PUBLIC, null);

    @Test
    void keys_are_one_to_255_visible_ascii_characters_given_once() {
        assertThat(IdempotentRequest.key(List.of("a"))).isEqualTo("a");
        assertThat(IdempotentRequest.key(List.of("!~".repeat(127) + "x"))).hasSize(255);
        for (String bad : List.of("", "a".repeat(256), "a b", "tab\t", "ключ", "del\u007f", "nul\u0000")) {
            assertThatThrownBy(() -> IdempotentRequest.key(List.of(bad))).as("'%s'", bad)
                    .isInstanceOf(VellumException.class).hasMessageContaining("visible ASCII");
        }
        assertThatThrownBy(() -> IdempotentRequest.key(List.of("a", "b"))).hasMessageContaining("one Idempotency-Key");
    }

    @Test
    void scope_is_the_user_when_signed_in_else_the_kind_of_key() {
        assertThat(SECRET.scope()).isEqualTo("key:secret");
        assertThat(VISITOR.scope()).isEqualTo("key:public");
        assertThat(new Caller(1, Caller.KeyKind.PUBLIC, "u1").scope()).isEqualTo("user:u1");
        assertThat(new Caller(1, Caller.KeyKind.SECRET, "u1").scope()).isEqualTo("user:u1");
    }

    @Test
    void the_fingerprint_covers_method_path_query_if_match_and_body() {
        byte[] base = fingerprint(MockServerHttpRequest.post("/v1/kv/c/k?expiry=5"), "{}");
        assertThat(fingerprint(MockServerHttpRequest.post("/v1/kv/c/k?expiry=5"), "{}")).isEqualTo(base);
        assertThat(fingerprint(MockServerHttpRequest.put("/v1/kv/c/k?expiry=5"), "{}")).isNotEqualTo(base);
        assertThat(fingerprint(MockServerHttpRequest.post("/v1/kv/c/k2?expiry=5"), "{}")).isNotEqualTo(base);
        assertThat(fingerprint(MockServerHttpRequest.post("/v1/kv/c/k?expiry=6"), "{}")).isNotEqualTo(base);
        assertThat(fingerprint(MockServerHttpRequest.post("/v1/kv/c/k?expiry=5").header("If-Match", "\"1\""), "{}"))
                .isNotEqualTo(base);
        assertThat(fingerprint(MockServerHttpRequest.post("/v1/kv/c/k?expiry=5"), "{ }")).isNotEqualTo(base);
        // Length prefixes: moving bytes between parts changes the hash.
        assertThat(fingerprint(MockServerHttpRequest.post("/v1/kv/c/k?a=b"), ""))
                .isNotEqualTo(fingerprint(MockServerHttpRequest.post("/v1/kv/c/k?a="), "b"));
    }

    @Test
    void the_lock_id_depends_on_project_scope_and_key() {
        IdempotentRequest request = new IdempotentRequest(1, "key:secret", "k", new byte[32]);
        assertThat(request.lockId()).isEqualTo(new IdempotentRequest(1, "key:secret", "k", new byte[] {1}).lockId());
        assertThat(request.lockId()).isNotEqualTo(new IdempotentRequest(2, "key:secret", "k", new byte[32]).lockId());
        assertThat(request.lockId()).isNotEqualTo(new IdempotentRequest(1, "key:public", "k", new byte[32]).lockId());
        assertThat(request.lockId()).isNotEqualTo(new IdempotentRequest(1, "key:secret", "k2", new byte[32]).lockId());
    }

    private static byte[] fingerprint(MockServerHttpRequest.BaseBuilder<?> request, String body) {
        return IdempotentRequest.of(SECRET, "k", request.build(), body.getBytes(StandardCharsets.UTF_8), KEY).fingerprint();
    }

    @Test
    void the_fingerprint_is_an_hmac_keyed_by_the_server_secret() {
        MockServerHttpRequest request = MockServerHttpRequest.post("/v1/auth/signup").build();
        byte[] body = "{\"email\": \"a@b.c\", \"password\": \"hunter2\"}".getBytes(StandardCharsets.UTF_8);
        byte[] mine = IdempotentRequest.fingerprint(request, body, KEY);
        assertThat(mine).hasSize(32)
                .isEqualTo(IdempotentRequest.fingerprint(request, body, FingerprintKey.withSecret(SECRET_BYTES)))
                .as("another server secret, another fingerprint: no offline guessing without the secret")
                .isNotEqualTo(IdempotentRequest.fingerprint(request, body, FingerprintKey.withSecret(new byte[32])));
    }
}
