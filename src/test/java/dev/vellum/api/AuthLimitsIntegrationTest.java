package dev.vellum.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.AttemptKeys;
import dev.vellum.config.VellumProperties;
import dev.vellum.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signup and login attempt limits. The test configuration allows 5 failed logins per (email,
 * address) and 8 per email; the
 * per-address limits are far out of reach there (all tests share 127.0.0.1), so those tests seed
 * the address counter in Redis and pose as a fresh client through X-Forwarded-For.
 */
class AuthLimitsIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String PASSWORD = "correct horse battery";
    private static final String WRONG = "not the password";

    @Autowired
    private ReactiveStringRedisTemplate redis;
    @Autowired
    private ApiKeyStore apiKeys;
    @Autowired
    private VellumProperties properties;

    private int perPair;
    private int perEmail;

    /** One connection per request: see AuthIntegrationTest (reactor-netty keep-alive bug). */
    @BeforeEach
    void unpooledConnections() {
        HttpClient client = HttpClient.create(ConnectionProvider.newConnection());
        http = WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        perPair = properties.auth().loginFailuresPerEmailAndAddress();
        perEmail = properties.auth().loginFailuresPerEmail();
        assertThat(perEmail).as("the per-email ceiling is above the per-pair lockout").isGreaterThan(perPair);
    }

    @Test
    void failed_logins_from_one_address_lock_that_address_out_of_that_email_only() {
        String email = freshEmail();
        String guesser = freshAddress();
        signup(email, null, 201);
        for (int i = 0; i < perPair; i++) {
            assertThat(login(email, WRONG, guesser).getStatus().value()).isEqualTo(401);
        }
        expectLimited(login(email, WRONG, guesser), properties.auth().loginWindow());
        // from that address the right password waits too, whatever the case of the email
        expectLimited(login(email, PASSWORD, guesser), properties.auth().loginWindow());
        expectLimited(login(email.toUpperCase(), PASSWORD, guesser), properties.auth().loginWindow());
        // the owner elsewhere still signs in, and the guesser may still try other emails
        assertThat(login(email, PASSWORD, freshAddress()).getStatus().value()).isEqualTo(200);
        assertThat(login(freshEmail(), WRONG, guesser).getStatus().value()).isEqualTo(401);
    }

    @Test
    void failed_logins_spread_over_many_addresses_meet_the_higher_per_email_ceiling() {
        String email = freshEmail();
        signup(email, null, 201);
        for (int i = 0; i < perEmail; i++) {
            assertThat(login(email, WRONG, freshAddress()).getStatus().value()).isEqualTo(401);
        }
        expectLimited(login(email, WRONG, freshAddress()), properties.auth().loginWindow());
        expectLimited(login(email, PASSWORD, freshAddress()), properties.auth().loginWindow());
        assertThat(login(freshEmail(), WRONG, freshAddress()).getStatus().value()).isEqualTo(401);
    }

    @Test
    void an_unknown_email_reaches_the_limit_with_the_identical_answer() {
        String known = freshEmail();
        String unknown = freshEmail();
        signup(known, null, 201);
        for (int i = 0; i < perPair; i++) {
            byte[] wrongPassword = login(known, WRONG, null).getResponseBody();
            byte[] noSuchUser = login(unknown, WRONG, null).getResponseBody();
            assertThat(noSuchUser).isEqualTo(wrongPassword);
        }
        EntityExchangeResult<byte[]> knownLimited = login(known, WRONG, null);
        EntityExchangeResult<byte[]> unknownLimited = login(unknown, WRONG, null);
        expectLimited(knownLimited, properties.auth().loginWindow());
        expectLimited(unknownLimited, properties.auth().loginWindow());
        // same status, headers and body; only the seconds to wait may differ by the time between the two
        assertThat(unknownLimited.getResponseHeaders().headerNames()).isEqualTo(knownLimited.getResponseHeaders().headerNames());
        assertThat(withoutWait(unknownLimited)).isEqualTo(withoutWait(knownLimited));
        assertThat(Math.abs(retryAfter(unknownLimited) - retryAfter(knownLimited))).isLessThanOrEqualTo(1);
    }

    @Test
    void successful_logins_do_not_count_toward_the_limit() {
        String email = freshEmail();
        signup(email, null, 201);
        for (int i = 0; i < perPair - 1; i++) {
            assertThat(login(email, WRONG, null).getStatus().value()).isEqualTo(401);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(login(email, PASSWORD, null).getStatus().value()).isEqualTo(200);
        }
        assertThat(login(email, WRONG, null).getStatus().value()).isEqualTo(401);
        expectLimited(login(email, WRONG, null), properties.auth().loginWindow());
    }

    @Test
    void failed_login_counters_are_hash_tagged_per_project_and_expire_with_the_window() {
        String email = freshEmail();
        login(email, WRONG, null);
        String key = AttemptKeys.loginEmail(projectId(), email.toUpperCase());
        assertThat(key).startsWith("vellum:{p" + projectId() + "}:login:email:").doesNotContain("@");
        assertThat(redis.opsForValue().get(key).block()).isEqualTo("1");
        Duration ttl = redis.getExpire(key).block();
        assertThat(ttl).isPositive().isLessThanOrEqualTo(properties.auth().loginWindow());
    }

    @Test
    void logins_from_an_address_past_its_limit_get_429_for_any_email() {
        String address = freshAddress();
        seed(AttemptKeys.loginAddress(projectId(), address), properties.auth().loginFailuresPerAddress(),
                properties.auth().loginWindow());
        String email = freshEmail();
        signup(email, null, 201);
        expectLimited(login(email, PASSWORD, address), properties.auth().loginWindow());
        expectLimited(login(freshEmail(), WRONG, address), properties.auth().loginWindow());
        assertThat(login(email, PASSWORD, freshAddress()).getStatus().value()).isEqualTo(200);
    }

    @Test
    void a_client_written_forwarded_for_entry_does_not_escape_the_address_limit() {
        String address = freshAddress();
        seed(AttemptKeys.loginAddress(projectId(), address), properties.auth().loginFailuresPerAddress(),
                properties.auth().loginWindow());
        // the client prepends invented addresses; the trusted proxy appended the real one on the right
        for (String forged : new String[] {freshAddress(), freshAddress() + ", " + freshAddress()}) {
            EntityExchangeResult<byte[]> result = http.post().uri("/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                    .header("X-Api-Key", PUBLIC_KEY).header("X-Forwarded-For", forged + ", " + address)
                    .bodyValue(AuthIntegrationTest.credentials(freshEmail(), WRONG))
                    .exchange().expectBody(byte[].class).returnResult();
            expectLimited(result, properties.auth().loginWindow());
        }
        // two headers are one list: the last entry of the last header is the trusted one
        EntityExchangeResult<byte[]> split = http.post().uri("/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .header("X-Api-Key", PUBLIC_KEY).header("X-Forwarded-For", freshAddress()).header("X-Forwarded-For", address)
                .bodyValue(AuthIntegrationTest.credentials(freshEmail(), WRONG))
                .exchange().expectBody(byte[].class).returnResult();
        expectLimited(split, properties.auth().loginWindow());
    }

    @Test
    void signups_past_the_per_address_limit_get_429_with_retry_after() {
        String address = freshAddress();
        // one signup left for this address
        seed(AttemptKeys.signupAddress(projectId(), address), properties.auth().signupsPerAddress() - 1,
                properties.auth().signupWindow());
        signup(freshEmail(), address, 201);
        String email = freshEmail();
        expectLimited(signup(email, address, 429), properties.auth().signupWindow());
        // nothing was created, and other addresses still sign up
        assertThat(login(email, PASSWORD, freshAddress()).getStatus().value()).isEqualTo(401);
        signup(email, freshAddress(), 201);
    }

    private void seed(String key, int count, Duration window) {
        redis.opsForValue().set(key, String.valueOf(count), window).block();
    }

    private static void expectLimited(EntityExchangeResult<byte[]> result, Duration window) {
        assertThat(result.getStatus().value()).isEqualTo(429);
        JsonNode error = JSON.readTree(result.getResponseBody()).get("error");
        assertThat(error.get("code").stringValue()).isEqualTo("RATE_LIMIT_EXCEEDED");
        long seconds = retryAfter(result);
        assertThat(seconds).isBetween(1L, window.toSeconds());
        assertThat(error.get("details").get("retry_after").asLong()).isEqualTo(seconds);
    }

    private static long retryAfter(EntityExchangeResult<byte[]> result) {
        String header = result.getResponseHeaders().getFirst("Retry-After");
        assertThat(header).as("Retry-After header").isNotNull();
        return Long.parseLong(header);
    }

    private static JsonNode withoutWait(EntityExchangeResult<byte[]> result) {
        JsonNode body = JSON.readTree(result.getResponseBody());
        ((ObjectNode) body.get("error").get("details")).remove("retry_after");
        return body;
    }

    private EntityExchangeResult<byte[]> signup(String email, String address, int status) {
        EntityExchangeResult<byte[]> result = post("/v1/auth/signup", AuthIntegrationTest.credentials(email, PASSWORD), address);
        assertThat(result.getStatus().value()).as(new String(result.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo(status);
        return result;
    }

    private EntityExchangeResult<byte[]> login(String email, String password, String address) {
        return post("/v1/auth/login", AuthIntegrationTest.credentials(email, password), address);
    }

    private EntityExchangeResult<byte[]> post(String path, String body, String address) {
        var request = http.post().uri(path).contentType(MediaType.APPLICATION_JSON).header("X-Api-Key", PUBLIC_KEY);
        if (address != null) {
            // the test configuration trusts one proxy hop: the rightmost entry; the one left of it is the client's own text
            request = request.header("X-Forwarded-For", "10.0.0.1, " + address);
        }
        return request.bodyValue(body).exchange().expectBody(byte[].class).returnResult();
    }

    private long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }

    private static String freshAddress() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        // 64 random bits: addresses of different tests never meet in one project's counters
        return "2001:db8::" + hex.substring(0, 4) + ":" + hex.substring(4, 8) + ":" + hex.substring(8, 12) + ":" + hex.substring(12, 16);
    }
}
