package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.ProjectSecrets;
import dev.vellum.auth.TokenService;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Who may call /v1/datastore: every way of getting the credentials wrong is a 401 with the error shape. */
class PrivacyAuthIntegrationTest extends IntegrationTest {

    @Autowired
    TokenService tokenService;
    @Autowired
    ApiKeyStore apiKeyStore;
    @Autowired
    ProjectSecrets projectSecrets;

    private long projectId;
    private String user;
    private String token;
    private String c;

    @BeforeEach
    void aUser() {
        projectId = apiKeyStore.find(PUBLIC_KEY).block().projectId();
        user = "user_a_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        token = userToken(projectId, user);
        c = freshCollection();
        new Ops(http, PUBLIC_KEY, token).ok(op("collection.insert", c, "data", Map.of("x", 1)));
    }

    private Map<String, Object> count() {
        return op("collection.count", c, "match", Map.of());
    }

    @Test
    void a_valid_token_works() {
        assertThat(new Ops(http, PUBLIC_KEY, token).ok(count()).at("/data/count").asLong()).isEqualTo(1);
    }

    @Test
    void public_key_without_token_is_refused() {
        assertAuthFailed(send(PUBLIC_KEY, null));
    }

    @Test
    void unknown_or_missing_api_key_is_refused() {
        assertAuthFailed(send("vk_public_nope", "Bearer " + token));
        assertAuthFailed(send("vk_secret_nope", null));
        assertAuthFailed(send(null, "Bearer " + token));
        assertAuthFailed(send("", null));
    }

    @Test
    void non_bearer_authorization_is_refused() {
        assertAuthFailed(send(PUBLIC_KEY, "Basic x"));
        assertAuthFailed(send(SECRET_KEY, "Basic x"));
        assertAuthFailed(send(PUBLIC_KEY, "Token " + token));
        assertAuthFailed(send(PUBLIC_KEY, "Bearer"));
        assertAuthFailed(send(PUBLIC_KEY, "Bearer "));
    }

    @Test
    void garbage_tokens_are_refused() {
        for (String garbage : List.of("x", "a.b.c", "..", token + "x", token.substring(0, token.length() - 2),
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "%%%.%%%.%%%")) {
            assertAuthFailed(send(PUBLIC_KEY, "Bearer " + garbage));
        }
    }

    @Test
    void token_signed_with_another_secret_is_refused() throws Exception {
        byte[] otherSecret = "another-projects-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8);
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + sign(otherSecret, claims(user, Instant.now().plusSeconds(600)))));
        assertAuthFailed(send(SECRET_KEY, "Bearer " + sign(otherSecret, claims(user, Instant.now().plusSeconds(600)))));
    }

    @Test
    void expired_token_is_refused() throws Exception {
        byte[] secret = projectSecrets.jwtSecret(projectId).block();
        String fresh = sign(secret, claims(user, Instant.now().plusSeconds(600)));
        send(PUBLIC_KEY, "Bearer " + fresh).expectStatus().isOk();
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + sign(secret, claims(user, Instant.now().minusSeconds(1)))));
        JWTClaimsSet noExpiry = new JWTClaimsSet.Builder(claims(user, Instant.now())).expirationTime(null).build();
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + sign(secret, noExpiry)));
    }

    @Test
    void token_with_wrong_claims_is_refused() throws Exception {
        byte[] secret = projectSecrets.jwtSecret(projectId).block();
        Instant later = Instant.now().plusSeconds(600);
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + sign(secret, new JWTClaimsSet.Builder(claims(user, later)).claim("pid", projectId + 1).build())));
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + sign(secret, new JWTClaimsSet.Builder(claims(user, later)).issuer("other").build())));
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + sign(secret, new JWTClaimsSet.Builder(claims(user, later)).subject(null).build())));
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + sign(secret, new JWTClaimsSet.Builder(claims(user, later)).claim("tv", null).build())));
    }

    @Test
    void tampered_payload_is_refused() {
        // Same signature, payload changed to claim another user.
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + withPayload(token, p -> p.replace(user, "user_b_other"))));
        // Header switched to alg none, signature dropped.
        String[] parts = token.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + none + "." + parts[1] + "."));
        // Header switched to HS512 with the same signature.
        String hs512 = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"HS512\"}".getBytes(StandardCharsets.UTF_8));
        assertAuthFailed(send(PUBLIC_KEY, "Bearer " + hs512 + "." + parts[1] + "." + parts[2]));
    }

    @Test
    void refused_requests_leak_nothing() {
        JsonNode body = assertAuthFailed(send(PUBLIC_KEY, "Bearer " + withPayload(token, p -> p.replace(user, "x"))));
        String message = body.at("/error/message").asString();
        assertThat(message).doesNotContain(user).doesNotContainIgnoringCase("exception").doesNotContain("at dev.");
    }

    private WebTestClient.ResponseSpec send(String apiKey, String authorization) {
        WebTestClient.RequestBodySpec request = http.post().uri("/v1/datastore").contentType(MediaType.APPLICATION_JSON);
        if (apiKey != null) {
            request = request.header("X-Api-Key", apiKey);
        }
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.bodyValue(count()).exchange();
    }

    private static JsonNode assertAuthFailed(WebTestClient.ResponseSpec response) {
        byte[] bytes = response.expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        JsonNode body = Ops.json(new String(bytes, StandardCharsets.UTF_8));
        assertErrorShape(body);
        assertThat(body.at("/error/code").asString()).isEqualTo("AUTHENTICATION_FAILED");
        return body;
    }

    static void assertErrorShape(JsonNode body) {
        assertThat(body.isObject()).as("%s", body).isTrue();
        assertThat(body.propertyNames()).containsExactly("error");
        JsonNode error = body.get("error");
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message", "details");
        assertThat(error.get("code").isString()).isTrue();
        assertThat(error.get("message").isString()).isTrue();
        assertThat(error.get("details").isObject()).isTrue();
    }

    private JWTClaimsSet claims(String subject, Instant expires) {
        return new JWTClaimsSet.Builder()
                .issuer("vellum")
                .subject(subject)
                .claim("pid", projectId)
                .claim("tv", 1L)
                .issueTime(Date.from(Instant.now().minusSeconds(3600)))
                .expirationTime(Date.from(expires))
                .build();
    }

    private static String sign(byte[] secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String withPayload(String jwt, UnaryOperator<String> change) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String changed = Base64.getUrlEncoder().withoutPadding().encodeToString(change.apply(payload).getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + changed + "." + parts[2];
    }
}
