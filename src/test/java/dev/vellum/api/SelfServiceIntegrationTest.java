package dev.vellum.api;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** PATCH and DELETE /v1/auth/me, and that revoked tokens stop working on every route. */
class SelfServiceIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a brand new passphrase";

    /** One connection per request: see AuthIntegrationTest (reactor-netty keep-alive bug). */
    @BeforeEach
    void unpooledConnections() {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void patch_me_merges_data_and_keeps_other_fields() {
        JsonNode signedUp = signup(freshEmail(), "{\"name\": \"Ada\", \"city\": \"London\"}");
        String token = signedUp.get("token").stringValue();
        JsonNode body = JSON.readTree(patchMe(token, "{\"data\": {\"city\": \"Paris\", \"age\": 36}}", 200));
        JsonNode user = body.get("user");
        assertThat(body.has("token")).isFalse();
        assertThat(user.get("data")).isEqualTo(JSON.readTree("{\"name\": \"Ada\", \"city\": \"Paris\", \"age\": 36}"));
        assertThat(user.get("email")).isEqualTo(signedUp.get("user").get("email"));
        assertThat(user.get("created_at")).isEqualTo(signedUp.get("user").get("created_at"));
        // the token still works and /me shows the change
        assertThat(JSON.readTree(me(token, 200)).get("user")).isEqualTo(user);
    }

    @Test
    void patch_me_changes_the_email_and_login_uses_the_new_one() {
        String token = signup(freshEmail(), "{}").get("token").stringValue();
        String newEmail = freshEmail();
        JsonNode user = JSON.readTree(patchMe(token, "{\"email\": \"" + newEmail + "\"}", 200)).get("user");
        assertThat(user.get("email").stringValue()).isEqualTo(newEmail);
        login(newEmail, PASSWORD, 200);
        me(token, 200);
    }

    @Test
    void patch_me_to_an_email_taken_in_another_case_is_a_conflict() {
        String taken = freshEmail();
        signup(taken, "{}");
        String token = signup(freshEmail(), "{}").get("token").stringValue();
        JsonNode error = JSON.readTree(patchMe(token, "{\"email\": \"" + taken.toUpperCase() + "\"}", 409)).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("CONFLICT");
        assertThat(error.get("message").stringValue()).isEqualTo("email already registered");
        assertThat(error.at("/details/field").stringValue()).isEqualTo("email");
    }

    @Test
    void patch_me_password_revokes_old_tokens_everywhere_and_returns_a_working_new_one() {
        String email = freshEmail();
        String oldToken = signup(email, "{}").get("token").stringValue();
        String otherOldToken = login(email, PASSWORD, 200).get("token").stringValue();
        String c = freshCollection();
        new Ops(http, PUBLIC_KEY, oldToken).ok(op("collection.insert", c, "data", Map.of("x", 1)));

        JsonNode body = JSON.readTree(patchMe(oldToken, "{\"password\": \"" + NEW_PASSWORD + "\"}", 200));
        String newToken = body.get("token").stringValue();
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(body.toString()).doesNotContain(NEW_PASSWORD).doesNotContain("password");

        for (String dead : new String[] {oldToken, otherOldToken}) {
            expectAuthFailed(me(dead, 401));
            expectAuthFailed(new Ops(http, PUBLIC_KEY, dead).errorBody(op("collection.count", c, "match", Map.of()), 401));
            expectAuthFailed(patchMe(dead, "{\"data\": {\"x\": 1}}", 401));
        }
        me(newToken, 200);
        assertThat(new Ops(http, PUBLIC_KEY, newToken).ok(op("collection.count", c, "match", Map.of()))
                .at("/data/count").asLong()).isEqualTo(1);
        login(email, PASSWORD, 401);
        login(email, NEW_PASSWORD, 200);
    }

    @Test
    void patch_me_rejects_a_weak_password() {
        String token = signup(freshEmail(), "{}").get("token").stringValue();
        JsonNode error = JSON.readTree(patchMe(token, "{\"password\": \"short\"}", 400)).get("error");
        assertThat(error.get("details").get("field").stringValue()).isEqualTo("password");
        me(token, 200);
    }

    @Test
    void patch_me_refuses_roles_with_403_and_changes_nothing() {
        JsonNode signedUp = signup(freshEmail(), "{\"name\": \"Ada\"}");
        String token = signedUp.get("token").stringValue();
        JsonNode error = JSON.readTree(patchMe(token,
                "{\"roles\": [\"admin\"], \"data\": {\"name\": \"Eve\"}}", 403)).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("FORBIDDEN");
        JsonNode user = JSON.readTree(me(token, 200)).get("user");
        assertThat(user.get("roles").size()).isZero();
        assertThat(user.get("data").get("name").stringValue()).isEqualTo("Ada");
    }

    @Test
    void patch_me_rejects_unknown_fields_and_reserved_data_keys() {
        String token = signup(freshEmail(), "{}").get("token").stringValue();
        assertThat(JSON.readTree(patchMe(token, "{\"nickname\": \"x\"}", 400)).at("/error/details/field").stringValue())
                .isEqualTo("nickname");
        assertThat(JSON.readTree(patchMe(token, "{\"data\": {\"_key\": 1}}", 400)).at("/error/details/field").stringValue())
                .isEqualTo("data._key");
    }

    @Test
    void patch_me_without_a_user_token_is_401() {
        expectAuthFailed(send(HttpMethod.PATCH, SECRET_KEY, null, "{\"data\": {}}", 401));
        expectAuthFailed(send(HttpMethod.PATCH, PUBLIC_KEY, null, "{\"data\": {}}", 401));
    }

    @Test
    void patch_me_works_with_a_secret_key_and_a_user_token() {
        String token = signup(freshEmail(), "{}").get("token").stringValue();
        JsonNode user = JSON.readTree(send(HttpMethod.PATCH, SECRET_KEY, token, "{\"data\": {\"k\": true}}", 200));
        assertThat(user.at("/user/data/k").asBoolean()).isTrue();
    }

    @Test
    void delete_me_deletes_the_account_and_kills_the_token_everywhere() {
        String email = freshEmail();
        String token = signup(email, "{}").get("token").stringValue();
        String c = freshCollection();
        new Ops(http, PUBLIC_KEY, token).ok(op("collection.insert", c, "data", Map.of("x", 1)));

        assertThat(JSON.readTree(send(HttpMethod.DELETE, PUBLIC_KEY, token, null, 200)))
                .isEqualTo(JSON.readTree("{\"deleted\": true}"));

        expectAuthFailed(me(token, 401));
        expectAuthFailed(new Ops(http, PUBLIC_KEY, token).errorBody(op("collection.count", c, "match", Map.of()), 401));
        expectAuthFailed(send(HttpMethod.DELETE, PUBLIC_KEY, token, null, 401));
        login(email, PASSWORD, 401);
        // the email is free again
        signup(email, "{}");
    }

    @Test
    void delete_me_without_a_user_token_is_401() {
        expectAuthFailed(send(HttpMethod.DELETE, SECRET_KEY, null, null, 401));
    }

    private JsonNode signup(String email, String data) {
        return JSON.readTree(post("/v1/auth/signup", "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD
                + "\", \"data\": " + data + "}", 201));
    }

    private JsonNode login(String email, String password, int status) {
        return JSON.readTree(post("/v1/auth/login", AuthIntegrationTest.credentials(email, password), status));
    }

    private String post(String path, String body, int status) {
        byte[] response = http.post().uri(path).contentType(MediaType.APPLICATION_JSON).header("X-Api-Key", PUBLIC_KEY)
                .bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectBody(byte[].class).returnResult().getResponseBody();
        return new String(response, StandardCharsets.UTF_8);
    }

    private String patchMe(String token, String body, int status) {
        return send(HttpMethod.PATCH, PUBLIC_KEY, token, body, status);
    }

    private String me(String token, int status) {
        return send(HttpMethod.GET, PUBLIC_KEY, token, null, status);
    }

    private String send(HttpMethod method, String apiKey, String token, String body, int status) {
        WebTestClient.RequestBodySpec request = http.method(method).uri("/v1/auth/me").header("X-Api-Key", apiKey);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null
                ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        byte[] response = ready.exchange().expectStatus().isEqualTo(status)
                .expectBody(byte[].class).returnResult().getResponseBody();
        return new String(response, StandardCharsets.UTF_8);
    }

    private static void expectAuthFailed(String raw) {
        expectAuthFailed(JSON.readTree(raw).get("error"));
    }

    private static void expectAuthFailed(JsonNode error) {
        assertThat(error.get("code").stringValue()).isEqualTo("AUTHENTICATION_FAILED");
    }
}
