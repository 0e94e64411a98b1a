package dev.vellum.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.FingerprintKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * The stored fingerprint of an Idempotency-Key request is an HMAC-SHA256 keyed by the server
 * secret that the first start generated into {@code server_secrets}: a body holding a password is
 * no longer stretched on the password-hashing threads, and the record is no offline oracle.
 */
class IdempotencyFingerprintIntegrationTest extends IdempotencyTestBase {

    @Test
    void a_signup_record_holds_the_keyed_hmac_of_the_request_and_replays() {
        String key = freshKey();
        String body = "{\"email\": \"" + freshEmail() + "\", \"password\": \"" + PASSWORD + "\"}";
        Reply first = send(HttpMethod.POST, "/v1/auth/signup", body, "X-Api-Key", PUBLIC_KEY, "Idempotency-Key", key);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        Reply again = send(HttpMethod.POST, "/v1/auth/signup", body, "X-Api-Key", PUBLIC_KEY, "Idempotency-Key", key);
        first.assertReplayedBy(again);

        byte[] secret = db.sql("select secret from server_secrets where name = 'fingerprint'")
                .map((row, meta) -> row.get("secret", byte[].class)).one().block();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        byte[] stored = db.sql("select fingerprint from fence_records where kind = 'request' and key = $1")
                .bind(0, key).map((row, meta) -> row.get("fingerprint", byte[].class)).one().block();
        byte[] expected = IdempotentRequest.fingerprint(MockServerHttpRequest.post("/v1/auth/signup").build(),
                body.getBytes(StandardCharsets.UTF_8), FingerprintKey.withSecret(secret));
        assertThat(stored).isEqualTo(expected);
    }

    @Test
    void the_same_key_with_another_password_is_a_reused_key() {
        String key = freshKey();
        String email = freshEmail();
        Reply first = send(HttpMethod.POST, "/v1/auth/signup", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}",
                "X-Api-Key", PUBLIC_KEY, "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        Reply other = send(HttpMethod.POST, "/v1/auth/signup", "{\"email\": \"" + email + "\", \"password\": \"other password\"}",
                "X-Api-Key", PUBLIC_KEY, "Idempotency-Key", key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }
}
