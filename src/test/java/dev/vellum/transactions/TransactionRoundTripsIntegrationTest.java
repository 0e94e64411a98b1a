package dev.vellum.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Redis calls of {@code POST /v1/transactions}, counted by Redis itself ({@code INFO
 * commandstats}: Vellum talks to Redis only through scripts): the request's rate limit, then one
 * script that replays or locks and one that caches and unlocks. A replay from Redis is the rate
 * limit and the first script. The rate limit and the first script travel together, one round trip
 * on the wire ({@code fence.TransactionAdmissionIntegrationTest}).
 */
class TransactionRoundTripsIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();

    @Autowired
    private ReactiveStringRedisTemplate redis;

    @Test
    void a_transaction_costs_three_redis_calls_with_its_rate_limit_and_a_replay_two() {
        String collection = freshCollection();
        send(body("warm-" + UUID.randomUUID(), null, collection)); // scripts loaded (NOSCRIPT fallback) before counting
        for (String resource : new String[] {null, "wallet:" + UUID.randomUUID()}) {
            String body = body("count-" + UUID.randomUUID(), resource, collection);
            long before = scriptCalls();
            JsonNode ran = send(body);
            assertThat(ran.get("ok").asBoolean()).as(ran.toString()).isTrue();
            assertThat(scriptCalls() - before).as("rate limit + tx_begin + tx_end, lock_resource %s", resource).isEqualTo(3);

            before = scriptCalls();
            JsonNode replayed = send(body);
            assertThat(replayed.get("idempotent").asBoolean()).as(replayed.toString()).isTrue();
            assertThat(scriptCalls() - before).as("rate limit + tx_begin").isEqualTo(2);
        }
    }

    private static String body(String key, String resource, String collection) {
        return "{\"idempotency_key\": \"" + key + "\"" + (resource == null ? "" : ", \"lock_resource\": \"" + resource + "\"")
                + ", \"operations\": [{\"datastore\": {\"op\": \"collection.insert\", \"collection\": \"" + collection
                + "\", \"data\": {\"n\": 1}}}]}";
    }

    private JsonNode send(String body) {
        byte[] answer = http.post().uri("/v1/transactions").header("X-Api-Key", SECRET_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectBody(byte[].class).returnResult().getResponseBody();
        return JSON.readTree(answer);
    }

    /** Every EVALSHA and EVAL Redis has run so far. */
    private long scriptCalls() {
        try (ReactiveRedisConnection connection = redis.getConnectionFactory().getReactiveConnection()) {
            Properties stats = connection.serverCommands().info("commandstats").block();
            return calls(stats, "cmdstat_evalsha") + calls(stats, "cmdstat_eval");
        }
    }

    private static long calls(Properties stats, String command) {
        String line = stats.getProperty(command);
        if (line == null) {
            return 0;
        }
        for (String part : line.split(",")) {
            if (part.startsWith("calls=")) {
                return Long.parseLong(part.substring("calls=".length()));
            }
        }
        return 0;
    }
}
