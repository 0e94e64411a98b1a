package dev.vellum.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Many identical requests at once under one key: exactly one runs; every other answer is 409
 * IDEMPOTENCY_IN_PROGRESS (while it runs) or a replay of its answer (once it has committed).
 */
class IdempotencyConcurrencyIntegrationTest extends IdempotencyTestBase {

    private static final int CONCURRENT = 40;

    /** An answer from the JDK's client, independent of the server's Netty. */
    private record Answer(int status, boolean replayed, String body) {

        String errorCode() {
            return JSON.readTree(body).at("/error/code").asString();
        }
    }

    @Test
    void concurrent_identical_inserts_with_one_key_insert_one_document() throws Exception {
        String c = freshCollection();
        String body = "{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": {\"n\": 1}}";
        String key = freshKey();
        List<Answer> answers = race("/v1/datastore", SECRET_KEY, body, key);
        assertExactlyOneRan(answers, 200);
        assertReplayed(race("/v1/datastore", SECRET_KEY, body, key), answers);
        assertThat(documents(c)).isEqualTo(1);
    }

    /** Signups hash a password (tens of milliseconds): most duplicates arrive while the first runs. */
    @Test
    void concurrent_identical_signups_with_one_key_create_one_user() throws Exception {
        String email = freshEmail();
        String body = "{\"email\": \"" + email + "\", \"password\": \"" + PASSWORD + "\"}";
        String key = freshKey();
        List<Answer> answers = race("/v1/auth/signup", PUBLIC_KEY, body, key);
        assertExactlyOneRan(answers, 201);
        assertReplayed(race("/v1/auth/signup", PUBLIC_KEY, body, key), answers);
        assertThat(answers).as("some duplicates arrived while the first ran").anyMatch(a -> a.status() == 409);
        assertThat(count("select count(*) from app_users where lower(email) = lower($1)", email)).isEqualTo(1);
    }

    private static void assertExactlyOneRan(List<Answer> answers, int status) {
        List<Answer> ran = answers.stream().filter(a -> a.status() == status && !a.replayed()).toList();
        assertThat(ran).as("answers: %s", answers).hasSize(1);
        for (Answer answer : answers) {
            if (answer.status() == 409) {
                assertThat(answer.errorCode()).isEqualTo("IDEMPOTENCY_IN_PROGRESS");
            } else {
                assertThat(answer.status()).as(answer.body()).isEqualTo(status);
                assertThat(answer.body()).isEqualTo(ran.get(0).body());
            }
        }
    }

    /** Once the first has committed, every duplicate is a replay of its answer. */
    private static void assertReplayed(List<Answer> later, List<Answer> first) {
        Answer ran = first.stream().filter(a -> !a.replayed() && a.status() != 409).findFirst().orElseThrow();
        assertThat(later).allSatisfy(answer -> {
            assertThat(answer.replayed()).isTrue();
            assertThat(answer.status()).isEqualTo(ran.status());
            assertThat(answer.body()).isEqualTo(ran.body());
        });
    }

    /** Sends {@code CONCURRENT} identical requests, released together. */
    private List<Answer> race(String path, String apiKey, String body, String key) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Api-Key", apiKey).header("Idempotency-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Answer>> sent = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        return new Answer(response.statusCode(),
                                response.headers().firstValue(IdempotencyFilter.REPLAYED_HEADER).isPresent(), response.body());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (CompletableFuture<Answer> answer : sent) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
