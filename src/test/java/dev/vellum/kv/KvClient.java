package dev.vellum.kv;

import dev.vellum.support.IntegrationTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sends KV requests over HTTP as one caller; paths go out exactly as written (already encoded). */
final class KvClient {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** One response: status, headers and the parsed body (null when empty). */
    record Reply(int status, HttpHeaders headers, JsonNode body) {

        String cas() {
            return body.get("cas").asString();
        }

        String errorCode() {
            return body.at("/error/code").asString();
        }
    }

    private final WebTestClient http;
    private final int port;
    private final String apiKey;
    final String token;
    final String userId;

    KvClient(WebTestClient http, int port, String apiKey, String token, String userId) {
        this.http = http;
        this.port = port;
        this.apiKey = apiKey;
        this.token = token;
        this.userId = userId;
    }

    static KvClient secret(WebTestClient http, int port) {
        return new KvClient(http, port, IntegrationTest.SECRET_KEY, null, null);
    }

    /** Signs up a new user with the public key and acts as that user. */
    static KvClient newUser(WebTestClient http, int port) {
        String email = "kv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "@example.com";
        byte[] raw = http.post().uri("/v1/auth/signup").header("X-Api-Key", IntegrationTest.PUBLIC_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\": \"" + email + "\", \"password\": \"correct horse battery\"}")
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        JsonNode body = JSON.readTree(raw);
        return new KvClient(http, port, IntegrationTest.PUBLIC_KEY, body.get("token").asString(),
                body.at("/user/id").asString());
    }

    Reply get(String path) {
        return send(HttpMethod.GET, path, null, null);
    }

    Reply post(String path, String body) {
        return send(HttpMethod.POST, path, body, null);
    }

    Reply put(String path, String body) {
        return send(HttpMethod.PUT, path, body, null);
    }

    Reply put(String path, String body, String ifMatch) {
        return send(HttpMethod.PUT, path, body, ifMatch);
    }

    Reply delete(String path) {
        return send(HttpMethod.DELETE, path, null, null);
    }

    Reply delete(String path, String ifMatch) {
        return send(HttpMethod.DELETE, path, null, ifMatch);
    }

    /** {@code POST {doc}/lookup_in}; {@code doc} is the document's path, e.g. {@code /v1/kv/c/k}. */
    Reply lookupIn(String doc, String body) {
        return send(HttpMethod.POST, doc + "/lookup_in", body, null);
    }

    /** {@code POST {doc}/mutate_in}. */
    Reply mutateIn(String doc, String body) {
        return send(HttpMethod.POST, doc + "/mutate_in", body, null);
    }

    /** {@code POST {doc}/mutate_in} with an {@code If-Match} header. */
    Reply mutateIn(String doc, String body, String ifMatch) {
        return send(HttpMethod.POST, doc + "/mutate_in", body, ifMatch);
    }

    Reply send(HttpMethod method, String path, String body, String ifMatch) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Api-Key", apiKey);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8));
        EntityExchangeResult<byte[]> result = ready.exchange().expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        JsonNode parsed = bytes == null || bytes.length == 0 ? null : JSON.readTree(bytes);
        return new Reply(result.getStatus().value(), result.getResponseHeaders(), parsed);
    }
}
