package dev.vellum.bounds;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.BoundedIntegrationTest;
import dev.vellum.support.LineCounter;
import dev.vellum.support.Ops;
import dev.vellum.web.NdjsonResponses;
import io.lettuce.core.RedisClient;
import io.r2dbc.spi.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault suite: PostgreSQL backends killed in the middle of a request, in the middle of a
 * stream, and all at once (what a PostgreSQL restart does to the pool); Redis connections killed
 * and its data flushed. Each time: a clear error while it happens, nothing half-applied, and
 * Vellum answers normally afterwards without a restart. (Stopping and restarting Redis itself is
 * {@code transactions/TransactionFaultsIntegrationTest}'s.)
 */
class FaultIntegrationTest extends BoundedIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PADDING = "z".repeat(800);

    @Autowired
    Environment environment;
    @Autowired
    NdjsonResponses ndjson;

    @BeforeEach
    void roomForLongBodies() {
        http = http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build();
    }

    @Test
    void a_backend_terminated_mid_request_is_a_503_and_the_write_is_not_applied() throws Exception {
        String c = freshCollection();
        String id = create(c);
        Connection locker = Mono.from(connectionFactory.create()).block(GENEROUS);
        CompletableFuture<Answer> patch;
        try {
            Mono.from(locker.beginTransaction()).block(GENEROUS);
            Flux.from(locker.createStatement("select 1 from documents where collection = $1 and key = $2 for update")
                    .bind("$1", c).bind("$2", id).execute()).flatMap(result -> result.map((row, meta) -> 1)).blockLast(GENEROUS);
            patch = send(WebClient.create("http://127.0.0.1:" + port).patch()
                    .uri("/v1/collections/{c}/documents/{id}", c, id).header("X-Api-Key", SECRET_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"n\": 2}"));
            // the update is now waiting on the row lock: end its backend
            await(() -> terminate("wait_event_type = 'Lock'") == 1, "the waiting update's backend to be terminated");
            Answer answer = patch.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body().at("/error/code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        } finally {
            Mono.from(locker.rollbackTransaction()).then(Mono.from(locker.close())).block(GENEROUS);
        }
        http.get().uri("/v1/collections/{c}/documents/{id}", c, id).header("X-Api-Key", SECRET_KEY).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.n").isEqualTo(1).jsonPath("$._version").isEqualTo(1);
        assertServiceAnswers(c);
    }

    @Test
    void a_backend_terminated_mid_stream_cuts_the_stream_and_the_pool_recovers() {
        String c = freshCollection();
        Ops ops = new Ops(http, SECRET_KEY, null);
        for (int start = 0; start < 8000; start += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int n = start; n < start + 1000; n++) {
                batch.add(Map.of("n", n, "padding", PADDING));
            }
            ops.ok(op("collection.insert", c, "data", batch));
        }
        LineCounter stalled = new LineCounter(50);
        WebClient.create("http://127.0.0.1:" + port).post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                .accept(MediaType.APPLICATION_NDJSON).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(op("collection.find", c)))
                .retrieve().bodyToFlux(DataBuffer.class).subscribe(stalled);
        await(() -> stalled.lines.get() >= 50, "the stream's first lines");
        await(() -> terminate("query like 'fetch % from vellum_stream'") == 1, "the stream's backend to be terminated");

        await(() -> ndjson.openStreams() == 0, "the stream to be ended");
        await(() -> poolMetrics().acquiredSize() == 0, "the stream's connection to leave the pool's hands");
        stalled.resume();
        await(() -> stalled.failed.get() || stalled.done.get(), "the stream's end to reach its client");
        assertThat(stalled.failed).as("the body is cut off, not a complete-looking list").isTrue();
        assertServiceAnswers(c);
    }

    @Test
    void every_backend_terminated_at_once_like_a_restart_and_vellum_recovers_without_one() {
        String c = freshCollection();
        create(c);
        await(() -> poolMetrics().idleSize() > 0, "an idle connection in the pool");
        // every Vellum session of this database, idle ones included: the pool's connections all die
        assertThat(terminate("true")).isPositive();
        await(() -> status(c) == 200, "Vellum to answer again");
        assertServiceAnswers(c);
    }

    @Test
    void redis_connections_killed_and_its_data_flushed_leave_writes_exactly_once_and_recover() {
        Assumptions.assumeTrue(environment.getProperty("vellum.redis.url", "").isBlank(),
                "kills every client of the embedded Redis and flushes it; an external Redis is not this test's to flush");
        String c = freshCollection();
        String idempotencyKey = "fault-" + UUID.randomUUID();
        JsonNode first = idempotentInsert(c, idempotencyKey);
        RedisClient redis = RedisClient.create(environment.getRequiredProperty("spring.data.redis.url"));
        try (var connection = redis.connect()) {
            // every client but this one: Vellum's shared connection and any other
            connection.sync().clientKill(new io.lettuce.core.KillArgs().skipme());
            connection.sync().flushall();
        } finally {
            redis.shutdown();
        }
        await(() -> status(c) == 200, "Vellum to answer again");
        // the replay survives the flush (the fence lives in PostgreSQL): still one document
        JsonNode again = idempotentInsert(c, idempotencyKey);
        assertThat(again).isEqualTo(first);
        assertThat(new Ops(http, SECRET_KEY, null).ok(op("collection.count", c)).at("/data/count").asInt()).isEqualTo(1);
        assertServiceAnswers(c);
    }

    /** Reads, a count, a write: each answers normally, over several pool connections. */
    private void assertServiceAnswers(String c) {
        Ops ops = new Ops(http, SECRET_KEY, null);
        for (int i = 0; i < POOL_SIZE * 2; i++) {
            ops.ok(op("collection.count", c));
        }
        ops.insert(c, List.of(Map.of("after", true)));
        assertThat(ops.ok(op("collection.find", c, "match", Map.of("after", true))).get("data")).hasSize(1);
    }

    private JsonNode idempotentInsert(String c, String idempotencyKey) {
        byte[] body = http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY).header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(op("collection.insert", c, "data", List.of(Map.of("once", true)))))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    private int status(String c) {
        return http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(op("collection.count", c)))
                .exchange().returnResult(String.class).getStatus().value();
    }

    private String create(String c) {
        JsonNode created = http.post().uri("/v1/collections/{c}/documents", c).header("X-Api-Key", SECRET_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"n\": 1}")
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
        return created.get("id").asString();
    }

    /** Terminates the other backends of this database matching {@code condition}; how many. */
    private long terminate(String condition) {
        Connection admin = Mono.from(connectionFactory.create()).block(GENEROUS);
        try {
            return Flux.from(admin.createStatement("select count(pg_terminate_backend(pid)) as n from pg_stat_activity"
                            + " where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'"
                            + " and " + condition).execute())
                    .flatMap(result -> result.map((row, meta) -> row.get("n", Long.class))).blockLast(GENEROUS);
        } finally {
            Mono.from(admin.close()).onErrorResume(e -> Mono.empty()).block(GENEROUS);
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    private static CompletableFuture<Answer> send(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("{}")
                        .map(body -> new Answer(response.statusCode().value(), JSON.readTree(body))))
                .toFuture();
    }

}
