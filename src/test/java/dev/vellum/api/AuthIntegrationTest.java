package dev.vellum.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.ProjectSecrets;
import dev.vellum.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuthIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String PASSWORD = "correct horse battery";

    @Autowired
    private ApiKeyStore apiKeys;
    @Autowired
    private ProjectSecrets projectSecrets;
    @Autowired
    private DatabaseClient db;

    /**
     * One connection per request. Reactor Netty 1.3.6 can stop reading a keep-alive connection
     * when a request queued behind a response that completed on another thread (here, an R2DBC
     * thread) is answered synchronously; the next request on it then hangs (reactor/reactor-netty#4361,
     * fixed upstream after 1.3.6). That is a server bug to fix by upgrading, not something these
     * tests are about.
     */
    @BeforeEach
    void unpooledConnections() {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void signup_returns_the_user_and_a_token_and_never_the_password_or_its_hash() {
        String email = freshEmail();
        String raw = post("/v1/auth/signup", PUBLIC_KEY,
                "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\", \"data\": {\"name\": \"Ada\"}}", 201);
        JsonNode body = JSON.readTree(raw);
        JsonNode user = body.get("user");
        assertThat(user.get("id").stringValue()).matches("[0-9a-f]{32}");
        assertThat(user.get("email").stringValue()).isEqualTo(email);
        assertThat(user.get("roles").isArray()).isTrue();
        assertThat(user.get("data").get("name").stringValue()).isEqualTo("Ada");
        assertThat(user.get("created_at").stringValue()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(user.get("updated_at").stringValue()).isEqualTo(user.get("created_at").stringValue());
        assertThat(user.propertyNames()).containsExactly("id", "email", "roles", "data", "created_at", "updated_at");
        assertThat(body.get("token").stringValue().split("\\.")).hasSize(3);
        assertThat(raw).doesNotContain(PASSWORD).doesNotContain("$2a$").doesNotContain("$2b$").doesNotContain("password");
    }

    @Test
    void signup_works_with_a_secret_key_too() {
        post("/v1/auth/signup", SECRET_KEY, credentials(freshEmail(), PASSWORD), 201);
    }

    @Test
    void signup_with_an_email_taken_in_another_case_is_a_conflict() {
        String email = freshEmail();
        post("/v1/auth/signup", PUBLIC_KEY, credentials(email, PASSWORD), 201);
        JsonNode error = JSON.readTree(post("/v1/auth/signup", PUBLIC_KEY, credentials(email.toUpperCase(), PASSWORD), 409))
                .get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("CONFLICT");
        assertThat(error.get("message").stringValue()).isEqualTo("email already registered");
        assertThat(error.at("/details/field").stringValue()).isEqualTo("email");
    }

    @Test
    void login_with_the_right_password_returns_the_user_and_a_token() {
        String email = freshEmail();
        String id = signup(email).get("user").get("id").stringValue();
        JsonNode body = JSON.readTree(post("/v1/auth/login", PUBLIC_KEY, credentials(email.toUpperCase(), PASSWORD), 200));
        assertThat(body.get("user").get("id").stringValue()).isEqualTo(id);
        assertThat(body.get("user").get("email").stringValue()).isEqualTo(email);
        assertThat(body.get("token").stringValue()).isNotBlank();
    }

    @Test
    void login_with_unknown_email_looks_like_wrong_password() {
        String email = freshEmail();
        signup(email);
        String wrongPassword = post("/v1/auth/login", PUBLIC_KEY, credentials(email, "not the password"), 401);
        String unknownEmail = post("/v1/auth/login", PUBLIC_KEY, credentials(freshEmail(), "not the password"), 401);
        assertThat(unknownEmail.getBytes(StandardCharsets.UTF_8)).isEqualTo(wrongPassword.getBytes(StandardCharsets.UTF_8));
        assertThat(JSON.readTree(wrongPassword).get("error").get("message").stringValue())
                .isEqualTo("invalid email or password");
    }

    @Test
    void me_with_a_user_token_and_public_key_returns_the_user() {
        JsonNode signedUp = signup(freshEmail());
        JsonNode me = JSON.readTree(me(PUBLIC_KEY, signedUp.get("token").stringValue(), 200));
        assertThat(me.get("user")).isEqualTo(signedUp.get("user"));
    }

    @Test
    void data_numbers_round_trip_digit_for_digit() {
        String data = "{\"price\": 1.50, \"big\": 123456789012345678901234567890,"
                + " \"pi\": 3.14159265358979323846264338327950288419716939937510, \"tiny\": -0.000001,"
                + " \"list\": [1, 2.0, \"x\", null, true], \"nested\": {\"n\": 9007199254740993}}";
        String raw = post("/v1/auth/signup", PUBLIC_KEY, "{\"email\": \"" + freshEmail() + "\", \"password\": \""
                + PASSWORD + "\", \"data\": " + data + "}", 201);
        String meRaw = me(PUBLIC_KEY, JSON.readTree(raw).get("token").stringValue(), 200);
        for (String body : new String[] {raw, meRaw}) {
            assertThat(body).contains("1.50", "123456789012345678901234567890",
                    "3.14159265358979323846264338327950288419716939937510", "-0.000001", "2.0", "9007199254740993");
        }
    }

    @Test
    void me_with_a_public_key_and_no_token_is_401() {
        expectAuthFailed(me(PUBLIC_KEY, null, 401));
    }

    @Test
    void me_with_a_secret_key_and_no_token_is_401() {
        expectAuthFailed(me(SECRET_KEY, null, 401));
    }

    @Test
    void me_with_a_garbage_token_is_401() {
        expectAuthFailed(me(PUBLIC_KEY, "not-a-jwt", 401));
    }

    @Test
    void me_with_a_tampered_signature_is_401() {
        String token = signup(freshEmail()).get("token").stringValue();
        int signatureStart = token.lastIndexOf('.') + 1;
        char flipped = token.charAt(signatureStart) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, signatureStart) + flipped + token.substring(signatureStart + 1);
        expectAuthFailed(me(PUBLIC_KEY, tampered, 401));
    }

    @Test
    void me_with_an_expired_token_is_401() throws Exception {
        String id = signup(freshEmail()).get("user").get("id").stringValue();
        long projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        Instant past = Instant.now().minusSeconds(3600);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("vellum").subject(id).claim("pid", projectId)
                .claim("tv", 1L).issueTime(Date.from(past.minusSeconds(60))).expirationTime(Date.from(past)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(projectSecrets.jwtSecret(projectId).block()));
        expectAuthFailed(me(PUBLIC_KEY, jwt.serialize(), 401));
    }

    @Test
    void me_after_token_version_moved_on_is_401() {
        JsonNode signedUp = signup(freshEmail());
        db.sql("update app_users set token_version = token_version + 1 where id = $1")
                .bind(0, signedUp.get("user").get("id").stringValue()).fetch().rowsUpdated().block();
        expectAuthFailed(me(PUBLIC_KEY, signedUp.get("token").stringValue(), 401));
    }

    @Test
    void me_for_a_deleted_user_is_401() {
        JsonNode signedUp = signup(freshEmail());
        db.sql("delete from app_users where id = $1")
                .bind(0, signedUp.get("user").get("id").stringValue()).fetch().rowsUpdated().block();
        expectAuthFailed(me(PUBLIC_KEY, signedUp.get("token").stringValue(), 401));
    }

    @Test
    void missing_api_key_is_401() {
        String token = signup(freshEmail()).get("token").stringValue();
        expectAuthFailed(me(null, token, 401));
        expectAuthFailed(post("/v1/auth/login", null, credentials(freshEmail(), PASSWORD), 401));
    }

    @Test
    void signup_rejects_a_password_under_8_bytes() {
        expectValidation(credentials(freshEmail(), "short"), "password");
    }

    @Test
    void signup_rejects_a_password_over_72_utf8_bytes_even_when_under_72_chars() {
        expectValidation(credentials(freshEmail(), "é".repeat(37)), "password");
    }

    @Test
    void signup_rejects_an_email_that_is_not_shaped_like_one() {
        expectValidation(credentials("not-an-email", PASSWORD), "email");
    }

    @Test
    void signup_rejects_an_email_over_254_chars() {
        expectValidation(credentials("a".repeat(250) + "@example.com", PASSWORD), "email");
    }

    @Test
    void signup_rejects_unknown_fields() {
        expectValidation("{\"email\": \"" + freshEmail() + "\", \"password\": \"" + PASSWORD + "\", \"role\": \"admin\"}", "role");
    }

    @Test
    void signup_rejects_reserved_keys_in_data() {
        expectValidation("{\"email\": \"" + freshEmail() + "\", \"password\": \"" + PASSWORD + "\", \"data\": {\"_id\": 1}}",
                "data._id");
    }

    @Test
    void signup_rejects_a_body_that_is_not_an_object() {
        expectValidation("[1, 2]", null);
    }

    @Test
    void signup_rejects_malformed_json() {
        expectValidation("{\"email\": ", null);
    }

    @Test
    void login_rejects_a_missing_password() {
        JsonNode error = JSON.readTree(post("/v1/auth/login", PUBLIC_KEY, "{\"email\": \"" + freshEmail() + "\"}", 400));
        assertThat(error.get("error").get("details").get("field").stringValue()).isEqualTo("password");
    }

    private void expectValidation(String body, String field) {
        JsonNode error = JSON.readTree(post("/v1/auth/signup", PUBLIC_KEY, body, 400)).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.get("message").stringValue()).isNotBlank();
        assertThat(error.get("details").isObject()).isTrue();
        if (field != null) {
            assertThat(error.get("details").get("field").stringValue()).isEqualTo(field);
        }
    }

    private JsonNode signup(String email) {
        return JSON.readTree(post("/v1/auth/signup", PUBLIC_KEY, credentials(email, PASSWORD), 201));
    }

    static String credentials(String email, String password) {
        return "{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}";
    }

    String post(String path, String apiKey, String body, int status) {
        var request = http.post().uri(path).contentType(MediaType.APPLICATION_JSON);
        if (apiKey != null) {
            request = request.header("X-Api-Key", apiKey);
        }
        byte[] response = request.bodyValue(body).exchange()
                .expectStatus().isEqualTo(status)
                .expectBody(byte[].class).returnResult().getResponseBody();
        return new String(response, StandardCharsets.UTF_8);
    }

    private String me(String apiKey, String token, int status) {
        var request = http.get().uri("/v1/auth/me");
        if (apiKey != null) {
            request = request.header("X-Api-Key", apiKey);
        }
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        byte[] response = request.exchange().expectStatus().isEqualTo(status)
                .expectBody(byte[].class).returnResult().getResponseBody();
        return new String(response, StandardCharsets.UTF_8);
    }

    private static void expectAuthFailed(String raw) {
        assertThat(JSON.readTree(raw).get("error").get("code").stringValue()).isEqualTo("AUTHENTICATION_FAILED");
    }
}
