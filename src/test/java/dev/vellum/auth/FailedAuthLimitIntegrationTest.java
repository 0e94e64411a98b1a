package dev.vellum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.config.VellumProperties;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failed authentications are limited per client address. The test configuration's limit is far
 * out of reach (every test shares 127.0.0.1), so these tests seed an address's counter in Redis
 * and pose as that address through X-Forwarded-For (one trusted hop).
 */
class FailedAuthLimitIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private VellumProperties properties;

    @BeforeEach
    void unpooledConnections() {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void an_unknown_key_past_the_limit_is_429_and_then_the_address_is_refused_before_its_credentials() {
        String address = addressWithFailuresLeft(1);
        expectFailed(count(address, "vk_secret_wrong_" + UUID.randomUUID(), null), 401);
        expectLimited(count(address, "vk_secret_wrong_" + UUID.randomUUID(), null));
        // blocked now: even the right key waits, and guessing learns nothing
        expectLimited(count(address, SECRET_KEY, null));
        // another address is not affected (authenticated: the collection does not exist)
        assertThat(count(freshAddress(), SECRET_KEY, null).getStatus().value()).isEqualTo(404);
    }

    @Test
    void bad_tokens_and_malformed_authorization_count_too_but_a_missing_key_does_not() {
        String address = addressWithFailuresLeft(2);
        assertThat(count(address, null, null).getStatus().value()).isEqualTo(401);
        expectFailed(count(address, PUBLIC_KEY, "Bearer not.a.token"), 401);
        expectFailed(count(address, PUBLIC_KEY, "Basic abc"), 401);
        expectLimited(count(address, PUBLIC_KEY, "Bearer not.a.token"));
    }

    @Test
    void the_counter_is_per_address_across_projects_and_expires_with_the_window() {
        String address = freshAddress();
        expectFailed(count(address, "vk_public_wrong_" + UUID.randomUUID(), null), 401);
        String key = FailedAuthLimits.key(address);
        assertThat(key).startsWith("vellum:{authfail}:ip:");
        assertThat(redis.opsForValue().get(key).block()).isEqualTo("1");
        assertThat(redis.getExpire(key).block()).isPositive().isLessThanOrEqualTo(properties.auth().failureWindow());
    }

    /** A fresh address with {@code left} failures to go before the limit. */
    private String addressWithFailuresLeft(int left) {
        String address = freshAddress();
        redis.opsForValue().set(FailedAuthLimits.key(address),
                String.valueOf(properties.auth().failuresPerAddress() - left), properties.auth().failureWindow()).block();
        return address;
    }

    private EntityExchangeResult<byte[]> count(String address, String apiKey, String authorization) {
        var request = http.post().uri("/v1/datastore").header("X-Forwarded-For", address);
        if (apiKey != null) {
            request = request.header("X-Api-Key", apiKey);
        }
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"op\": \"collection.count\", \"collection\": \"nothing_here\", \"match\": {}}")
                .exchange().expectBody(byte[].class).returnResult();
    }

    private static void expectFailed(EntityExchangeResult<byte[]> result, int status) {
        assertThat(result.getStatus().value()).isEqualTo(status);
        assertThat(JSON.readTree(result.getResponseBody()).at("/error/code").asString()).isEqualTo("AUTHENTICATION_FAILED");
    }

    private void expectLimited(EntityExchangeResult<byte[]> result) {
        assertThat(result.getStatus().value()).isEqualTo(429);
        JsonNode error = JSON.readTree(result.getResponseBody()).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("RATE_LIMIT_EXCEEDED");
        long seconds = Long.parseLong(result.getResponseHeaders().getFirst("Retry-After"));
        assertThat(seconds).isBetween(1L, properties.auth().failureWindow().toSeconds());
        assertThat(error.get("details").get("retry_after").asLong()).isEqualTo(seconds);
    }

    private static String freshAddress() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "2001:db8::" + hex.substring(0, 4) + ":" + hex.substring(4, 8) + ":" + hex.substring(8, 12) + ":" + hex.substring(12, 16);
    }
}
