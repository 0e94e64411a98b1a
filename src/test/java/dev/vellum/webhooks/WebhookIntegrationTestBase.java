package dev.vellum.webhooks;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/** Webhook tests through HTTP: a {@link Receiver} per test and collections whose webhook points at it. */
abstract class WebhookIntegrationTestBase extends IntegrationTest {

    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    DatabaseClient db;
    @Autowired
    WebhookDispatcher dispatcher;

    Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new Receiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    String webhookCollection(String events) {
        return webhookCollection(null, events);
    }

    /** A fresh collection whose webhook goes to {@code url} (the receiver when null), with a secret the receiver knows. */
    String webhookCollection(String url, String events) {
        String c = freshCollection();
        String settings = "{\"webhook_url\": \"" + (url == null ? receiver.url(c) : url) + "\""
                + (events == null ? "" : ", \"webhook_events\": " + events) + "}";
        db.sql("insert into collections (project_id, name, settings) values ($1, $2, $3::jsonb)")
                .bind(0, projectId()).bind(1, c).bind(2, settings).fetch().rowsUpdated().block();
        receiver.secrets.add(rotate(c).get("secret").asString());
        return c;
    }

    JsonNode rotate(String c) {
        return Receiver.JSON.readTree(http.post().uri("/v1/collections/" + c + "/webhook_secret").header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /** {@code GET /v1/collections/{c}/webhook_deliveries}, of one status unless {@code status} is null. */
    JsonNode list(String c, String status) {
        String query = status == null ? "" : "?status=" + status;
        return Receiver.JSON.readTree(http.get().uri("/v1/collections/" + c + "/webhook_deliveries" + query)
                .header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    void put(String c, String key, String body) {
        http.put().uri("/v1/kv/" + c + "/" + key).header("X-Api-Key", SECRET_KEY).bodyValue(body).exchange()
                .expectStatus().is2xxSuccessful();
    }

    long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
