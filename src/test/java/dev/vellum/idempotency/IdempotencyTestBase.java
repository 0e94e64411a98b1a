package dev.vellum.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Base for the Idempotency-Key tests: requests with raw answers, and row counts straight from Postgres. */
abstract class IdempotencyTestBase extends IntegrationTest {

    static final JsonMapper JSON = new JsonMapper();
    static final String PASSWORD = "correct horse battery";

    @Autowired
    protected DatabaseClient db;
    @Autowired
    private ApiKeyStore apiKeys;

    /** One answer: status, headers and the exact body bytes. */
    record Reply(int status, HttpHeaders headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        String errorCode() {
            return json().at("/error/code").asString();
        }

        boolean replayed() {
            return "true".equals(headers.getFirst(IdempotencyFilter.REPLAYED_HEADER));
        }

        /** Same status and body, the second answer marked as a replay and the first not. */
        void assertReplayedBy(Reply replay) {
            assertThat(replayed()).as("the first answer is not a replay").isFalse();
            assertThat(replay.replayed()).as("the second answer is a replay: %s", replay.text()).isTrue();
            assertThat(replay.status()).isEqualTo(status);
            assertThat(replay.text()).isEqualTo(text());
            assertThat(replay.headers().getContentType()).isEqualTo(headers.getContentType());
            assertThat(replay.headers().getETag()).isEqualTo(headers.getETag());
            assertThat(replay.headers().getContentLength()).isEqualTo(body.length);
        }
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

    static String freshKey() {
        return "idem-" + UUID.randomUUID();
    }

    /** A request with the secret key; {@code headers} are name, value pairs. */
    Reply secret(HttpMethod method, String uri, String body, String... headers) {
        return send(method, uri, body, with(headers, "X-Api-Key", SECRET_KEY));
    }

    /** A request with the public key and a user token; {@code headers} are name, value pairs. */
    Reply asUser(String token, HttpMethod method, String uri, String body, String... headers) {
        return send(method, uri, body, with(with(headers, "X-Api-Key", PUBLIC_KEY), "Authorization", "Bearer " + token));
    }

    Reply send(HttpMethod method, String uri, String body, String... headers) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(uri);
        for (int i = 0; i < headers.length; i += 2) {
            request = request.header(headers[i], headers[i + 1]);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body.getBytes(StandardCharsets.UTF_8));
        EntityExchangeResult<byte[]> result = ready.exchange().expectBody().returnResult();
        byte[] bytes = result.getResponseBody();
        return new Reply(result.getStatus().value(), result.getResponseHeaders(), bytes == null ? new byte[0] : bytes);
    }

    private static String[] with(String[] headers, String name, String value) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = name;
        all[headers.length + 1] = value;
        return all;
    }

    long projectId() {
        return apiKeys.find(SECRET_KEY).block().projectId();
    }

    /** A number from one SQL query with positional parameters. */
    long count(String sql, Object... params) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql);
        for (int i = 0; i < params.length; i++) {
            spec = spec.bind(i, params[i]);
        }
        return spec.map((row, meta) -> ((Number) row.get(0)).longValue()).one().block();
    }

    long documents(String collection) {
        return count("select count(*) from documents where project_id = $1 and collection = $2 and state = 'live'",
                projectId(), collection);
    }

    long records(String key) {
        return count("select count(*) from fence_records where kind = 'request' and key = $1", key);
    }

    void run(String sql) {
        db.sql(sql).fetch().rowsUpdated().block();
    }
}
