package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * Concurrent mutate_in calls on one document through HTTP, from many connections at once: the
 * row lock in vellum_mutate_in serialises them, so none is lost and each sees the one before.
 */
class SubdocConcurrencyIntegrationTest extends SubdocHttpTest {

    private static final int CALLS = 200;
    private static final int IN_FLIGHT = 32;

    /** One HTTP reply: status and parsed body. */
    private record Answer(int status, JsonNode body) {
    }

    private ConnectionProvider connections;
    private WebClient client;

    @BeforeEach
    void manyConnections() {
        connections = ConnectionProvider.builder("subdoc-concurrency").maxConnections(IN_FLIGHT * 2).build();
        client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("X-Api-Key", SECRET_KEY)
                .build();
    }

    @AfterEach
    void closeConnections() {
        connections.disposeLater().block(Duration.ofSeconds(10));
    }

    /** Sends {@code CALLS} mutate_in bodies, {@code IN_FLIGHT} at a time, and returns every answer. */
    private List<Answer> mutateConcurrently(String key, java.util.function.IntFunction<String> body) {
        return Flux.range(0, CALLS)
                .flatMap(i -> client.post().uri("/v1/kv/{c}/{k}/mutate_in", c, key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body.apply(i))
                        .exchangeToMono(response -> response.bodyToMono(String.class)
                                .map(text -> new Answer(response.statusCode().value(), json(text)))), IN_FLIGHT)
                .collectList()
                .block(Duration.ofSeconds(120));
    }

    private static void assertAllOkWithDistinctCas(List<Answer> answers) {
        assertThat(answers).hasSize(CALLS);
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as("%s", a.body()).isEqualTo(200));
        assertThat(answers.stream().map(a -> a.body().get("cas").asString()).distinct()).hasSize(CALLS);
    }

    @Test
    void two_hundred_concurrent_array_appends_leave_exactly_two_hundred_new_elements() {
        String cas = createCustomer();
        List<Answer> answers = mutateConcurrently(CUSTOMER_KEY,
                i -> specs("{\"op\": \"array_append\", \"path\": \"purchases.complete\", \"value\": " + (1000 + i) + "}"));
        assertAllOkWithDistinctCas(answers);

        Snapshot after = snapshot(CUSTOMER_KEY);
        assertThat(Long.parseLong(after.cas())).isEqualTo(Long.parseLong(cas) + CALLS);
        JsonNode complete = after.content().at("/purchases/complete");
        assertThat(complete).hasSize(4 + CALLS);
        List<Integer> values = IntStream.range(0, complete.size()).map(i -> complete.get(i).asInt()).boxed().toList();
        assertThat(values.subList(0, 4)).containsExactly(339, 976, 442, 666);
        assertThat(values.subList(4, values.size()))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(1000, 1000 + CALLS).boxed().toList());
        // nothing else in the document moved
        for (String field : new String[] {"name", "email", "addresses"}) {
            assertThat(after.content().get(field)).isEqualTo(json(CUSTOMER).get(field));
        }
        assertThat(after.content().at("/purchases/abandoned")).isEqualTo(json(CUSTOMER).at("/purchases/abandoned"));
    }

    @Test
    void two_hundred_concurrent_counter_increments_add_exactly_two_hundred() {
        create("player432", "{\"gold\": 1000}");
        List<Answer> answers = mutateConcurrently("player432",
                i -> specs("{\"op\": \"counter\", \"path\": \"gold\", \"delta\": 1}"));
        assertAllOkWithDistinctCas(answers);
        // each call saw the one before it: the returned values are exactly 1001..1200
        assertThat(answers.stream().map(a -> a.body().at("/results/0/value").asLong()).toList())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1001, 1000 + CALLS).boxed().toList());
        assertThat(snapshot("player432").content()).isEqualTo(json("{\"gold\": " + (1000 + CALLS) + "}"));
    }

    @Test
    void concurrent_appends_and_increments_on_one_document_interleave_without_loss() {
        createCustomer();
        List<Answer> answers = mutateConcurrently(CUSTOMER_KEY, i -> i % 2 == 0
                ? specs("{\"op\": \"array_append\", \"path\": \"purchases.abandoned\", \"value\": " + i + "}")
                : specs("{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 1}"));
        assertAllOkWithDistinctCas(answers);
        JsonNode content = snapshot(CUSTOMER_KEY).content();
        assertThat(content.at("/purchases/abandoned")).hasSize(3 + CALLS / 2);
        assertThat(content.get("logins").asInt()).isEqualTo(CALLS / 2);
    }

    @Test
    void concurrent_upserts_of_a_missing_document_create_it_once_and_lose_no_increment() {
        List<Answer> answers = mutateConcurrently("fresh", i -> specsWith("\"store_semantics\": \"upsert\"",
                "{\"op\": \"counter\", \"path\": \"hits\", \"delta\": 1}",
                "{\"op\": \"array_append\", \"path\": \"seen\", \"value\": " + i + ", \"create_parents\": true}"));
        assertAllOkWithDistinctCas(answers);
        Snapshot after = snapshot("fresh");
        assertThat(after.cas()).isEqualTo(String.valueOf(CALLS));
        assertThat(after.content().get("hits").asInt()).isEqualTo(CALLS);
        assertThat(after.content().get("seen")).hasSize(CALLS);
    }
}
