package dev.vellum.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.VellumApplication;
import dev.vellum.webhooks.Receiver.Received;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Receivers that hang or are not there: an attempt ends by the read timeout or the refused
 * connection and is retried, and writers never wait for a receiver.
 */
class WebhookSlowReceiverIntegrationTest extends WebhookIntegrationTestBase {

    @Test
    void a_receiver_that_never_answers_times_out_and_the_delivery_is_retried_until_it_answers() {
        String c = webhookCollection(null);
        receiver.hang();
        put(c, "k", "{\"v\": 1}");
        JsonNode pending = awaitDelivery(c, "pending", delivery -> delivery.get("attempts").size() >= 1);
        JsonNode timedOut = pending.get("attempts").get(0);
        assertThat(timedOut.get("status").isNull()).isTrue();
        assertThat(timedOut.get("error").asString()).isEqualTo("timed out");
        receiver.release();

        List<Received> got = receiver.await(list -> !list.isEmpty());
        assertThat(got.get(0).id()).isEqualTo(pending.get("webhook_id").asString());
        assertThat(got.get(0).body().at("/data/document/v").asInt()).isEqualTo(1);
        assertThat(receiver.badSignatures).isEmpty();
        JsonNode attempts = awaitDelivery(c, "delivered", delivery -> true).get("attempts");
        assertThat(attempts.size()).isGreaterThan(1);
        for (int i = 0; i < attempts.size() - 1; i++) {
            assertThat(attempts.get(i).get("error").asString()).isEqualTo("timed out");
        }
        assertThat(attempts.get(attempts.size() - 1).get("status").asInt()).isEqualTo(200);
        // the requests Vellum gave up on were closed, so only the answered one counts as received
        assertThat(receiver.accepted).hasSize(1);
        assertThat(receiver.concurrentDuplicates).isEmpty();
    }

    @Test
    void a_target_that_refuses_connections_is_retried_and_then_failed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String c = webhookCollection("http://127.0.0.1:" + closedPort + "/hook", null);
        put(c, "k", "{}");
        JsonNode failed = awaitDelivery(c, "failed", delivery -> true);
        assertThat(failed.get("attempts").size()).isGreaterThan(1);
        failed.get("attempts").forEach(attempt -> {
            assertThat(attempt.get("status").isNull()).isTrue();
            assertThat(attempt.get("error").asString()).containsIgnoringCase("connection refused");
        });
    }

    @Test
    void writers_get_their_answers_while_the_receiver_holds_every_request() {
        String c = webhookCollection(null);
        receiver.hang();
        dispatcher.stop();
        // a second instance sends, with timeouts long enough that the held requests stay held throughout
        try (ConfigurableApplicationContext sender = new SpringApplicationBuilder(VellumApplication.class)
                .run("--server.port=0", "--vellum.webhooks.read-timeout=5m", "--vellum.webhooks.retry-period=10m",
                        "--vellum.webhooks.concurrency=2")) {
            put(c, "first", "{}");
            long held = System.nanoTime() + 60_000_000_000L;
            while (receiver.held.get() < 1 && System.nanoTime() < held) {
                sleep(20);
            }
            assertThat(receiver.held.get()).isEqualTo(1);
            for (int i = 0; i < 40; i++) {
                put(c, "k" + (i % 4), "{\"i\": " + i + "}");
            }
            assertThat(receiver.held.get()).isGreaterThanOrEqualTo(1);
            assertThat(receiver.accepted).isEmpty();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (list(c, "pending").get("data").size() < 41 && System.nanoTime() < deadline) {
                sleep(100);
            }
            assertThat(list(c, "pending").get("data")).hasSize(41);
            assertThat(receiver.accepted).isEmpty();

            receiver.release();
            List<Received> got = receiver.await(list -> list.size() >= 41);
            assertThat(got).hasSize(41);
            assertThat(receiver.badSignatures).isEmpty();
            assertThat(got.stream().filter(r -> r.key().equals("k0")).map(r -> r.body().at("/data/document/i").asInt()))
                    .containsExactly(0, 4, 8, 12, 16, 20, 24, 28, 32, 36);
        } finally {
            dispatcher.start();
        }
    }

    /** Waits until a delivery of {@code c} with {@code status} matches; fails after 60 s. */
    private JsonNode awaitDelivery(String c, String status, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode delivery : list(c, status).get("data")) {
                if (done.test(delivery)) {
                    return delivery;
                }
            }
            sleep(100);
        }
        throw new AssertionError("no " + status + " delivery in " + c + ": " + list(c, null));
    }
}
