package dev.vellum.transactions;

import static dev.vellum.transactions.TxClient.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.VellumApplication;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Identical transactions sent at once, to one server and to two servers sharing Postgres and
 * Redis: the operations run once (rows and counters say so), every other caller is told
 * {@code locked} or gets the {@code idempotent} replay.
 */
class TransactionConcurrencyIntegrationTest extends IntegrationTest {

    private static final int CALLERS = 50;

    @Test
    void fifty_identical_transactions_at_once_run_the_operations_once() {
        check(List.of(port));
    }

    @Test
    void fifty_identical_transactions_split_over_two_servers_run_the_operations_once() {
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(VellumApplication.class)
                .run("--server.port=0")) {
            int otherPort = second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            assertThat(otherPort).isNotEqualTo(port);
            check(List.of(port, otherPort));
        }
    }

    private void check(List<Integer> ports) {
        String orders = freshCollection();
        String wallets = freshCollection();
        String body = "{\"idempotency_key\": " + quote("charge-" + UUID.randomUUID()) + ", \"lock_resource\": " + quote("wallet:" + UUID.randomUUID()) + ","
                + " \"operations\": ["
                + "{\"datastore\": {\"op\": \"collection.insert\", \"collection\": " + quote(orders) + ", \"data\": {\"paid\": true}}},"
                + "{\"mutate_in\": {\"collection\": " + quote(wallets) + ", \"key\": \"w\", \"store_semantics\": \"upsert\","
                + " \"specs\": [{\"op\": \"counter\", \"path\": \"balance\", \"delta\": -10}]}}]}";
        List<WebClient> clients = ports.stream().map(p -> WebClient.create("http://127.0.0.1:" + p)).toList();

        List<JsonNode> outcomes = Flux.range(0, CALLERS)
                .flatMap(i -> clients.get(i % clients.size()).post().uri("/v1/transactions")
                        .header("X-Api-Key", SECRET_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .retrieve()
                        .bodyToMono(byte[].class)
                        .map(TxClient.JSON::readTree), CALLERS)
                .collectList()
                .block(Duration.ofSeconds(120));

        assertThat(outcomes).hasSize(CALLERS);
        long ran = outcomes.stream().filter(o -> o.get("ok").asBoolean() && !o.get("idempotent").asBoolean()).count();
        long replayed = outcomes.stream().filter(o -> o.get("ok").asBoolean() && o.get("idempotent").asBoolean()).count();
        long locked = outcomes.stream().filter(o -> o.get("locked").asBoolean()).count();
        assertThat(ran).as("exactly one caller ran the operations: %s", outcomes).isEqualTo(1);
        assertThat(replayed + locked).as("every other caller was told locked or got the replay").isEqualTo(CALLERS - 1);
        JsonNode first = outcomes.stream().filter(o -> o.get("ok").asBoolean() && !o.get("idempotent").asBoolean())
                .findFirst().orElseThrow();
        outcomes.stream().filter(o -> o.get("idempotent").asBoolean())
                .forEach(o -> assertThat(o.get("result")).isEqualTo(first.get("result")));
        outcomes.stream().filter(o -> o.get("locked").asBoolean())
                .forEach(o -> assertThat(o.get("retry_in").asInt()).isPositive());

        TxClient client = new TxClient(port, SECRET_KEY, null);
        assertThat(client.count(orders)).as("one order row").isEqualTo(1);
        assertThat(client.send("GET", "/v1/kv/" + wallets + "/w", null).body().at("/content/balance").asLong())
                .as("charged once").isEqualTo(-10);
        // everyone retrying afterwards gets the replay
        assertThat(client.transaction(body).get("idempotent").asBoolean()).isTrue();
    }
}
