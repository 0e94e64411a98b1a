package dev.vellum.users;

import dev.vellum.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Real app users made through signup, and requests to the relationship routes as a key or a user. */
abstract class RelationshipsTestBase extends IntegrationTest {

    static final JsonMapper JSON = new JsonMapper();
    static final String PASSWORD = "correct horse battery";

    /** A signed-up user: its id and token. */
    record User(String id, String token, String email) {
    }

    /** One connection per request, as in AuthIntegrationTest (reactor/reactor-netty#4361). */
    @BeforeEach
    void unpooledConnections() {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    User signup(String dataJson) {
        String email = freshEmail();
        JsonNode body = call(HttpMethod.POST, "/v1/auth/signup", PUBLIC_KEY, null,
                "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"data\": " + dataJson + "}", 201);
        return new User(body.get("user").get("id").stringValue(), body.get("token").stringValue(), email);
    }

    User signup() {
        return signup("{}");
    }

    /** A request with the secret key (token null) or the public key and a user token. */
    JsonNode call(HttpMethod method, String path, String apiKey, String token, String body, int status) {
        var request = http.method(method).uri(path).header("X-Api-Key", apiKey);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        WebTestClient.RequestHeadersSpec<?> spec = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        byte[] response = spec.exchange().expectStatus().isEqualTo(status)
                .expectBody(byte[].class).returnResult().getResponseBody();
        return JSON.readTree(new String(response, StandardCharsets.UTF_8));
    }

    JsonNode asSecret(HttpMethod method, String path, String body, int status) {
        return call(method, path, SECRET_KEY, null, body, status);
    }

    JsonNode asUser(User user, HttpMethod method, String path, String body, int status) {
        return call(method, path, PUBLIC_KEY, user.token(), body, status);
    }

    static String relate(String userId, boolean bidirectional) {
        ObjectNode body = JSON.createObjectNode().put("user_id", userId).put("bidirectional", bidirectional);
        return JSON.writeValueAsString(body);
    }

    /** The ids of a relationship page, in page order. */
    static java.util.List<String> ids(JsonNode page) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        page.get("data").forEach(user -> ids.add(user.get("id").stringValue()));
        return ids;
    }

    static String errorCode(JsonNode body) {
        return body.get("error").get("code").stringValue();
    }
}
