package dev.vellum.bounds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.BoundedIntegrationTest;
import io.r2dbc.spi.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request never waits without bound on the database: not for a pool connection (503 with
 * Retry-After after {@code vellum.postgres.acquire-timeout}) and not for a statement (503
 * {@code QUERY_TIMEOUT} after {@code vellum.postgres.statement-timeout}). On the old main both
 * requests waited until their client gave up.
 */
class PoolBoundsIntegrationTest extends BoundedIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_request_that_cannot_get_a_connection_answers_503_with_retry_after_and_the_next_one_answers() {
        String c = freshCollection();
        String id = create(c, Map.of("n", 1));
        await(() -> poolMetrics().acquiredSize() == 0, "an idle pool");
        List<Connection> held = new ArrayList<>();
        try {
            while (held.size() < POOL_SIZE) {
                held.add(Mono.from(connectionFactory.create()).block(GENEROUS));
            }
            JsonNode error = http.get().uri("/v1/collections/{c}/documents/{id}", c, id).header("X-Api-Key", SECRET_KEY)
                    .exchange().expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("error");
            assertThat(error.get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(error.get("message").asString()).isEqualTo("the server is busy, retry later");
        } finally {
            held.forEach(connection -> Mono.from(connection.close()).block(GENEROUS));
        }
        http.get().uri("/v1/collections/{c}/documents/{id}", c, id).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.n").isEqualTo(1);
    }

    @Test
    void a_statement_past_the_statement_timeout_answers_503_query_timeout_and_changes_nothing() {
        String c = freshCollection();
        String id = create(c, Map.of("n", 1));
        Connection locker = Mono.from(connectionFactory.create()).block(GENEROUS);
        try {
            Mono.from(locker.beginTransaction()).block(GENEROUS);
            // another session holds the row: the update waits on its lock until the statement timeout ends it
            Flux.from(locker.createStatement("select 1 from documents where collection = $1 and key = $2 for update")
                            .bind("$1", c).bind("$2", id).execute())
                    .flatMap(result -> result.map((row, meta) -> 1)).blockLast(GENEROUS);
            JsonNode error = http.patch().uri("/v1/collections/{c}/documents/{id}", c, id).header("X-Api-Key", SECRET_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"n\": 2}")
                    .exchange().expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("error");
            assertThat(error.get("code").asString()).isEqualTo("QUERY_TIMEOUT");
        } finally {
            Mono.from(locker.rollbackTransaction()).then(Mono.from(locker.close())).block(GENEROUS);
        }
        http.get().uri("/v1/collections/{c}/documents/{id}", c, id).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.n").isEqualTo(1).jsonPath("$._version").isEqualTo(1);
        http.patch().uri("/v1/collections/{c}/documents/{id}", c, id).header("X-Api-Key", SECRET_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"n\": 2}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.n").isEqualTo(2);
    }

    private String create(String collection, Map<String, Object> body) {
        JsonNode created = http.post().uri("/v1/collections/{c}/documents", collection).header("X-Api-Key", SECRET_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(body))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return created.get("id").asString();
    }
}
