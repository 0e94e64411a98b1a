package dev.vellum.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeys;
import dev.vellum.auth.Caller;
import dev.vellum.fence.TransactionNames;
import dev.vellum.fence.TransactionSpec;
import dev.vellum.config.VellumProperties;
import dev.vellum.ratelimit.ProjectLimitsStore;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits over HTTP against the real Redis. Each test makes a project of its own with the
 * limits it needs in {@code settings.rate_limits}, so the shared default project keeps its
 * generous defaults and nothing needs restoring.
 */
class RateLimitIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String INSERT =
            "{\"datastore\": {\"op\": \"collection.insert\", \"collection\": \"items\", \"data\": {\"n\": 1}}}";

    @Autowired
    private DatabaseClient db;
    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private VellumProperties properties;

    /** A project of a test's own: its id, public key and two secret keys. */
    private record Project(long id, String publicKey, String secretKey, String otherSecretKey) {
    }

    @Test
    void responses_carry_rate_limit_headers_and_remaining_goes_down_with_each_request() {
        Project project = project("{\"rate_limits\": {\"secret_key\": {\"capacity\": 10, \"refill_per_second\": 0.01}}}");
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EntityExchangeResult<byte[]> result = count(project.secretKey());
            assertThat(result.getStatus().value()).isEqualTo(200);
            HttpHeaders headers = result.getResponseHeaders();
            assertThat(headers.getFirst("RateLimit-Limit")).isEqualTo("10");
            assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("10;w=1000");
            assertThat(Long.parseLong(headers.getFirst("RateLimit-Reset"))).isBetween(1L, 1000L);
            remaining.add(headers.getFirst("RateLimit-Remaining"));
        }
        assertThat(remaining).containsExactly("9", "8", "7");
        // an error from the handler keeps them too
        EntityExchangeResult<byte[]> missing = http.post().uri("/v1/datastore").header("X-Api-Key", project.secretKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"op\": \"collection.find\", \"collection\": \"" + freshCollection() + "\"}")
                .exchange().expectBody(byte[].class).returnResult();
        assertThat(missing.getStatus().value()).isEqualTo(404);
        assertThat(missing.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("6");
    }

    @Test
    void concurrent_requests_of_one_caller_get_exactly_the_tokens_there_are_each_with_its_own_remaining() {
        Project project = project("{\"rate_limits\": {\"secret_key\": {\"capacity\": 10, \"refill_per_second\": 0.01}}}");
        WebClient client = WebClient.create("http://127.0.0.1:" + port);
        List<ResponseEntity<Void>> answers = Flux.range(0, 30)
                .flatMap(i -> client.get().uri("/v1/collections/items/count").header("X-Api-Key", project.secretKey())
                        .retrieve().onStatus(status -> true, response -> Mono.empty()).toBodilessEntity(), 30)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(answers).extracting(answer -> answer.getStatusCode().value()).filteredOn(status -> status == 200).hasSize(10);
        assertThat(answers).extracting(answer -> answer.getStatusCode().value()).filteredOn(status -> status == 429).hasSize(20);
        assertThat(answers).filteredOn(answer -> answer.getStatusCode().value() == 200)
                .extracting(answer -> answer.getHeaders().getFirst("RateLimit-Remaining"))
                .containsExactlyInAnyOrder("9", "8", "7", "6", "5", "4", "3", "2", "1", "0");
    }

    @Test
    void the_default_project_answers_with_the_configured_default_limits() {
        EntityExchangeResult<byte[]> result = count(SECRET_KEY);
        assertThat(result.getStatus().value()).isNotEqualTo(429);
        HttpHeaders headers = result.getResponseHeaders();
        VellumProperties.RateLimits.Bucket defaults = properties.rateLimits().secretKey();
        assertThat(headers.getFirst("RateLimit-Limit")).isEqualTo(String.valueOf(defaults.capacity()));
        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo(defaults.capacity() + ";w="
                + (long) Math.ceil(defaults.capacity() / defaults.refillPerSecond()));
    }

    @Test
    void an_empty_bucket_answers_429_with_retry_after_and_the_headers_until_it_refills() {
        Project project = project("{\"rate_limits\": {\"user\": {\"capacity\": 2, \"refill_per_second\": 1}}}");
        String token = userToken(project.id(), "u_" + UUID.randomUUID());
        EntityExchangeResult<byte[]> result = me(project.publicKey(), token);
        for (int i = 0; i < 50 && result.getStatus().value() == 200; i++) {
            result = me(project.publicKey(), token);
        }
        assertThat(result.getStatus().value()).isEqualTo(429);
        JsonNode error = JSON.readTree(result.getResponseBody()).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("RATE_LIMIT_EXCEEDED");
        HttpHeaders headers = result.getResponseHeaders();
        assertThat(headers.getFirst("Retry-After")).isEqualTo("1");
        assertThat(error.get("details").get("retry_after").asLong()).isEqualTo(1);
        assertThat(headers.getFirst("RateLimit-Limit")).isEqualTo("2");
        assertThat(headers.getFirst("RateLimit-Remaining")).isEqualTo("0");
        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("2;w=2");
        assertThat(Long.parseLong(headers.getFirst("RateLimit-Reset"))).isBetween(1L, 2L);

        for (int i = 0; i < 100 && result.getStatus().value() == 429; i++) {
            sleep(100);
            result = me(project.publicKey(), token);
        }
        assertThat(result.getStatus().value()).isEqualTo(200);
        assertThat(JSON.readTree(result.getResponseBody()).get("user").get("id").stringValue()).startsWith("u_");
    }

    @Test
    void each_user_has_a_bucket_of_its_own_whichever_key_it_comes_with() {
        Project project = project("{\"rate_limits\": {\"user\": {\"capacity\": 1, \"refill_per_second\": 0.01}}}");
        String ada = userToken(project.id(), "ada_" + UUID.randomUUID());
        String bob = userToken(project.id(), "bob_" + UUID.randomUUID());
        assertThat(me(project.publicKey(), ada).getStatus().value()).isEqualTo(200);
        assertThat(me(project.publicKey(), ada).getStatus().value()).isEqualTo(429);
        assertThat(me(project.secretKey(), ada).getStatus().value()).isEqualTo(429);
        assertThat(me(project.secretKey(), bob).getStatus().value()).isEqualTo(200);
        assertThat(me(project.publicKey(), bob).getStatus().value()).isEqualTo(429);
        // the secret key alone is another bucket still
        assertThat(count(project.secretKey()).getStatus().value()).isEqualTo(200);
    }

    @Test
    void each_secret_key_has_a_bucket_of_its_own() {
        Project project = project("{\"rate_limits\": {\"secret_key\": {\"capacity\": 1, \"refill_per_second\": 0.01}}}");
        assertThat(count(project.secretKey()).getStatus().value()).isEqualTo(200);
        assertThat(count(project.secretKey()).getStatus().value()).isEqualTo(429);
        assertThat(count(project.otherSecretKey()).getStatus().value()).isEqualTo(200);
        assertThat(count(project.otherSecretKey()).getStatus().value()).isEqualTo(429);
        // the default project's key is not affected
        assertThat(count(SECRET_KEY).getStatus().value()).isNotEqualTo(429);
    }

    @Test
    void anonymous_calls_have_a_bucket_per_client_address() {
        Project project = project("{\"rate_limits\": {\"anonymous\": {\"capacity\": 1, \"refill_per_second\": 0.01}}}");
        String first = freshAddress();
        EntityExchangeResult<byte[]> wrongLogin = login(project.publicKey(), first);
        assertThat(wrongLogin.getStatus().value()).isEqualTo(401);
        assertThat(wrongLogin.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
        EntityExchangeResult<byte[]> limited = login(project.publicKey(), first);
        assertThat(limited.getStatus().value()).isEqualTo(429);
        assertThat(Long.parseLong(limited.getResponseHeaders().getFirst("Retry-After"))).isBetween(90L, 100L);
        assertThat(login(project.publicKey(), freshAddress()).getStatus().value()).isEqualTo(401);
    }

    @Test
    void requests_that_fail_authentication_are_neither_limited_nor_given_headers() {
        project("{\"rate_limits\": {\"anonymous\": {\"capacity\": 1, \"refill_per_second\": 0.01}}}");
        for (int i = 0; i < 3; i++) {
            EntityExchangeResult<byte[]> result = count("vk_secret_no_such_key");
            assertThat(result.getStatus().value()).isEqualTo(401);
            assertThat(result.getResponseHeaders().headerNames()).noneMatch(name -> name.startsWith("RateLimit"));
        }
    }

    @Test
    void invalid_project_settings_fall_back_to_the_defaults_and_the_log_says_so() {
        VellumProperties.RateLimits defaults = properties.rateLimits();
        try (LogCapture log = LogCapture.of(ProjectLimitsStore.class)) {
            Project project = project("{\"rate_limits\": {\"secret_key\": {\"capacity\": \"ten\"},"
                    + " \"user\": {\"capacity\": 7}, \"guests\": {}}}");
            EntityExchangeResult<byte[]> result = count(project.secretKey());
            assertThat(result.getStatus().value()).isEqualTo(200);
            assertThat(result.getResponseHeaders().getFirst("RateLimit-Limit"))
                    .isEqualTo(String.valueOf(defaults.secretKey().capacity()));
            // the valid entry still applies
            EntityExchangeResult<byte[]> user = me(project.publicKey(), userToken(project.id(), "u_" + UUID.randomUUID()));
            assertThat(user.getResponseHeaders().getFirst("RateLimit-Limit")).isEqualTo("7");
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN project " + project.id() + ":")
                    .contains("rate_limits.secret_key.capacity must be a whole number")
                    .contains("rate_limits.guests is not secret_key, user or anonymous"));
        }
        Project notAnObject = project("{\"rate_limits\": [1, 2]}");
        assertThat(count(notAnObject.secretKey()).getResponseHeaders().getFirst("RateLimit-Limit"))
                .isEqualTo(String.valueOf(defaults.secretKey().capacity()));
    }

    @Test
    void idempotency_key_replays_count_too_and_carry_their_own_rate_limit_headers() {
        Project project = project("{\"rate_limits\": {\"secret_key\": {\"capacity\": 3, \"refill_per_second\": 0.01}}}");
        List<String> remaining = new ArrayList<>();
        List<String> replayed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EntityExchangeResult<byte[]> result = create(project.secretKey(), "order-1", "{\"sku\": \"A1\"}");
            assertThat(result.getStatus().value()).isEqualTo(201);
            remaining.add(result.getResponseHeaders().getFirst("RateLimit-Remaining"));
            replayed.add(String.valueOf(result.getResponseHeaders().getFirst("Idempotent-Replayed")));
        }
        assertThat(remaining).containsExactly("2", "1", "0");
        assertThat(replayed).containsExactly("null", "true", "true");
        EntityExchangeResult<byte[]> limited = create(project.secretKey(), "order-1", "{\"sku\": \"A1\"}");
        assertThat(limited.getStatus().value()).isEqualTo(429);
        assertThat(limited.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
        assertThat(limited.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
    }

    @Test
    void an_idempotent_request_that_fails_keeps_its_rate_limit_headers() {
        Project project = project("{\"rate_limits\": {\"secret_key\": {\"capacity\": 10, \"refill_per_second\": 0.01}}}");
        EntityExchangeResult<byte[]> refused = create(project.secretKey(), "bad-1", "{\"_reserved\": 1}");
        assertThat(refused.getStatus().value()).isEqualTo(400);
        assertThat(refused.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("9");
        assertThat(refused.getResponseHeaders().getFirst("RateLimit-Limit")).isEqualTo("10");
    }

    @Test
    void a_transaction_is_one_request_however_many_operations_it_runs() {
        Project project = project("{\"rate_limits\": {\"secret_key\": {\"capacity\": 10, \"refill_per_second\": 0.01}}}");
        EntityExchangeResult<byte[]> result = transaction(project.secretKey(), "{\"idempotency_key\": \"tx-"
                + UUID.randomUUID() + "\", \"operations\": [" + INSERT + ", " + INSERT + ", " + INSERT + "]}");
        assertThat(result.getStatus().value()).isEqualTo(200);
        assertThat(JSON.readTree(result.getResponseBody()).get("ok").asBoolean()).isTrue();
        assertThat(result.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("9");
        assertThat(count(project.secretKey()).getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("8");
    }

    @Test
    void an_over_limit_transaction_is_answered_429_runs_nothing_and_leaves_its_key_free() {
        Project project = project("{\"rate_limits\": {\"secret_key\": {\"capacity\": 1, \"refill_per_second\": 0.01}}}");
        String key = "tx-" + UUID.randomUUID();
        assertThat(transaction(project.secretKey(), "{\"idempotency_key\": \"first-" + key + "\", \"operations\": ["
                + INSERT + "]}").getStatus().value()).isEqualTo(200);

        EntityExchangeResult<byte[]> refused = transaction(project.secretKey(),
                "{\"idempotency_key\": \"" + key + "\", \"operations\": [" + INSERT + "]}");
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(JSON.readTree(refused.getResponseBody()).get("error").get("code").stringValue()).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(refused.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
        // an invalid transaction is refused for the rate limit too, as every other route does
        assertThat(transaction(project.secretKey(), "{\"operations\": 7}").getStatus().value()).isEqualTo(429);

        // nothing ran, and the Redis lock the transaction took while its rate limit was under way is released
        assertThat(db.sql("select count(*) as n from documents where project_id = $1 and collection = 'items'")
                .bind(0, project.id()).map((row, meta) -> row.get("n", Long.class)).one().block()).isEqualTo(1L);
        Caller caller = new Caller(project.id(), Caller.KeyKind.SECRET, null);
        String lock = TransactionNames.of(project.id(), caller.scope(), new TransactionSpec(key, null, 30, 60, "")).lockKey();
        assertThat(redis.hasKey(lock).block()).isFalse();
    }

    private EntityExchangeResult<byte[]> transaction(String apiKey, String body) {
        return http.post().uri("/v1/transactions").header("X-Api-Key", apiKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectBody(byte[].class).returnResult();
    }

    @Test
    void a_public_key_alone_is_a_visitor_wherever_it_goes_and_data_routes_then_refuse_it() {
        Project project = project("{\"rate_limits\": {\"anonymous\": {\"capacity\": 1, \"refill_per_second\": 0.01}}}");
        String address = freshAddress();
        EntityExchangeResult<byte[]> refused = http.get().uri("/v1/collections/items/count")
                .header("X-Api-Key", project.publicKey()).header("X-Forwarded-For", address)
                .exchange().expectBody(byte[].class).returnResult();
        assertThat(refused.getStatus().value()).isEqualTo(401);
        assertThat(refused.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
        assertThat(login(project.publicKey(), address).getStatus().value()).isEqualTo(429);
    }

    @Test
    void the_api_description_lists_the_429_and_the_rate_limit_headers() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.headers['RateLimit-Policy'].description").exists()
                .jsonPath("$.paths['/v1/datastore'].post.responses['200'].headers['RateLimit-Remaining']").exists()
                .jsonPath("$.paths['/v1/auth/login'].post.responses['429'].headers['Retry-After']").exists()
                .jsonPath("$.paths['/v1/auth/login'].post.responses['429'].headers['RateLimit-Reset']").exists();
    }

    // ---------------------------------------------------------------- helpers

    private Project project(String settings) {
        long id = db.sql("insert into projects (name, jwt_secret, settings) values ($1, $2, $3::jsonb) returning id")
                .bind(0, "rl_" + UUID.randomUUID()).bind(1, ApiKeys.randomSecret()).bind(2, settings)
                .map((row, meta) -> row.get("id", Long.class)).one().block();
        String suffix = UUID.randomUUID().toString().replace("-", "");
        Project project = new Project(id, "vk_public_rl_" + suffix, "vk_secret_rl_" + suffix, "vk_secret_rl2_" + suffix);
        key(id, project.publicKey(), "public");
        key(id, project.secretKey(), "secret");
        key(id, project.otherSecretKey(), "secret");
        db.sql("insert into collections (project_id, name) values ($1, 'items')").bind(0, id).then().block();
        return project;
    }

    private void key(long projectId, String key, String kind) {
        db.sql("insert into api_keys (key_hash, project_id, kind) values ($1, $2, $3)")
                .bind(0, ApiKeys.digest(key)).bind(1, projectId).bind(2, kind).then().block();
    }

    /** Counts the documents of the collection every test project has (the default project's answers 404). */
    private EntityExchangeResult<byte[]> count(String apiKey) {
        return http.get().uri("/v1/collections/items/count").header("X-Api-Key", apiKey)
                .exchange().expectBody(byte[].class).returnResult();
    }

    private EntityExchangeResult<byte[]> create(String apiKey, String idempotencyKey, String body) {
        return http.post().uri("/v1/collections/items/documents").header("X-Api-Key", apiKey)
                .header("Idempotency-Key", idempotencyKey).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectBody(byte[].class).returnResult();
    }

    private EntityExchangeResult<byte[]> me(String apiKey, String token) {
        return http.get().uri("/v1/auth/me").header("X-Api-Key", apiKey).header("Authorization", "Bearer " + token)
                .exchange().expectBody(byte[].class).returnResult();
    }

    /** A login that fails in the handler (no such user), from the given client address. */
    private EntityExchangeResult<byte[]> login(String publicKey, String address) {
        return http.post().uri("/v1/auth/login").header("X-Api-Key", publicKey).header("X-Forwarded-For", address)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(AuthIntegrationTest.credentials(freshEmail(), "not the password"))
                .exchange().expectBody(byte[].class).returnResult();
    }

    private static String freshAddress() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        // 64 random bits: addresses of different tests never meet in one project's counters
        return "2001:db8::" + hex.substring(0, 4) + ":" + hex.substring(4, 8) + ":" + hex.substring(8, 12) + ":" + hex.substring(12, 16);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
