package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guards see the path the router sees: a percent-encoded or parameter-laden spelling of a
 * guarded path is either decoded before every guard or refused, never routed around them.
 */
class CanonicalPathsIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void an_encoded_actuator_path_still_needs_a_secret_key() {
        assertThat(send(HttpMethod.GET, "/%61ctuator/metrics", null, null).getStatus().value()).isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/actuator/%6Detrics", PUBLIC_KEY, null).getStatus().value()).isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/%61ctuator/metrics", SECRET_KEY, null).getStatus().value()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/%61ctuator/health", null, null).getStatus().value()).isEqualTo(200);
    }

    @Test
    void path_parameters_dot_segments_and_empty_segments_are_refused() {
        for (String path : new String[] {"/actuator;x/metrics", "/actuator/health;x/../metrics", "/v1;x/datastore",
                "/v1/datastore;x", "/v1/transactions;x", "/actuator/health/../metrics", "/actuator/health/%2e%2E/metrics", "//actuator/metrics",
                "/v1//datastore", "/v1/./datastore"}) {
            EntityExchangeResult<byte[]> result = send(HttpMethod.POST, path, null, count());
            assertThat(result.getStatus().value()).as(path).isEqualTo(400);
            JsonNode error = JSON.readTree(result.getResponseBody()).get("error");
            assertThat(error.get("code").asString()).as(path).isEqualTo("VALIDATION_ERROR");
            assertThat(error.at("/details/field").asString()).as(path).isEqualTo("path");
        }
    }

    @Test
    void an_encoded_api_path_is_rate_limited_like_the_plain_one() {
        EntityExchangeResult<byte[]> plain = send(HttpMethod.POST, "/v1/datastore", SECRET_KEY, count());
        EntityExchangeResult<byte[]> encoded = send(HttpMethod.POST, "/%761/d%61tastore", SECRET_KEY, count());
        // count on a collection that does not exist: 404 from the handler, so both were routed
        assertThat(plain.getStatus().value()).isEqualTo(404);
        assertThat(encoded.getStatus().value()).isEqualTo(404);
        assertThat(plain.getResponseHeaders().getFirst("RateLimit-Limit")).isNotNull();
        assertThat(encoded.getResponseHeaders().getFirst("RateLimit-Limit"))
                .isEqualTo(plain.getResponseHeaders().getFirst("RateLimit-Limit"));
        assertThat(encoded.getResponseHeaders().getFirst("RateLimit-Remaining")).isNotNull();
    }

    @Test
    void an_encoded_transactions_path_is_still_left_to_its_own_idempotency() {
        String body = """
                {"idempotency_key": "canon-%s", "operations": [
                  {"datastore": {"op": "collection.insert", "collection": "%s", "data": {"n": 1}}}]}"""
                .formatted(UUID.randomUUID(), freshCollection());
        String header = "canon-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            EntityExchangeResult<byte[]> result = http.post()
                    .uri(URI.create("http://127.0.0.1:" + port + "/v1/%74ransactions"))
                    .header("X-Api-Key", SECRET_KEY).header("Idempotency-Key", header)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectBody(byte[].class).returnResult();
            assertThat(result.getStatus().value()).isEqualTo(200);
            assertThat(result.getResponseHeaders().getFirst("Idempotent-Replayed")).as("call " + i).isNull();
            assertThat(JSON.readTree(result.getResponseBody()).get("idempotent").asBoolean()).isEqualTo(i == 1);
        }
    }

    @Test
    void encoded_characters_that_are_not_unreserved_stay_data() {
        String c = freshCollection();
        assertThat(send(HttpMethod.PUT, "/v1/kv/" + c + "/a%3Bb%2Fc%2E", SECRET_KEY, "{\"n\": 1}").getStatus().value())
                .isEqualTo(200);
        EntityExchangeResult<byte[]> read = send(HttpMethod.GET, "/v1/kv/" + c + "/a%3bb%2fc.", SECRET_KEY, null);
        assertThat(read.getStatus().value()).isEqualTo(200);
        // past the route prefix a ';' is data, as KV keys have always allowed
        assertThat(send(HttpMethod.PUT, "/v1/kv/" + c + "/x;y", SECRET_KEY, "{}").getStatus().value()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/v1/kv/" + c + "/x%3By", SECRET_KEY, null).getStatus().value()).isEqualTo(200);
    }

    private static String count() {
        return "{\"op\": \"collection.count\", \"collection\": \"" + freshCollection() + "\", \"match\": {}}";
    }

    /** Sends the path exactly as written: no client-side encoding or normalisation. */
    private EntityExchangeResult<byte[]> send(HttpMethod method, String rawPath, String key, String body) {
        var request = http.method(method).uri(URI.create("http://127.0.0.1:" + port + rawPath))
                .contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request = request.header("X-Api-Key", key);
        }
        var response = body == null ? request.exchange() : request.bodyValue(body).exchange();
        return response.expectBody(byte[].class).returnResult();
    }
}
