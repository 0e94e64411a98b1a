package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.changes.FeedClient.Event;
import dev.vellum.datastore.DeletedDocumentPurge;
import dev.vellum.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** Archive, restore, expiry and a collection's deletion reach the feed with their own kinds. */
class ChangeKindsIntegrationTest extends IntegrationTest {

    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    DatabaseClient db;
    @Autowired
    ChangeHorizon horizon;
    @Autowired
    DeletedDocumentPurge purge;

    @Test
    void archive_restore_expiry_and_collection_deletion_have_their_kinds() {
        String c = freshCollection();
        try (FeedClient feed = new FeedClient(port, SECRET_KEY, null, from(c), null)) {
            datastore("{\"op\": \"collection.insert\", \"collection\": \"" + c + "\", \"data\": {\"name\": \"a\"}}");
            String ref = datastore("{\"op\": \"collection.archive\", \"collection\": \"" + c + "\", \"match\": {\"name\": \"a\"}}")
                    .replaceAll(".*\"_ref\":\"([^\"]+)\".*", "$1");
            datastore("{\"op\": \"collection.restore\", \"collection\": \"" + c + "\", \"match\": {\"_ref\": \"" + ref + "\"}}");
            http.put().uri("/v1/kv/" + c + "/short?expiry=1").header("X-Api-Key", SECRET_KEY).bodyValue("{}").exchange()
                    .expectStatus().is2xxSuccessful();
            db.sql("update documents set expires_at = now() - interval '1 second' where collection = $1 and key = 'short'")
                    .bind(0, c).fetch().rowsUpdated().block();
            purge.purgeExpired().block();
            http.delete().uri("/v1/collections/" + c).header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isOk();
            List<Event> events = feed.await(7);
            // The test's own SQL moving the expiry into the past is a change too (an update). The
            // collection's deletion is one event, however many documents it held.
            assertThat(events).extracting(Event::type).containsExactly("document.created", "document.archived",
                    "document.restored", "document.created", "document.updated", "document.expired", "collection.deleted");
            assertThat(events.get(6).data().at("/data/collection").asString()).isEqualTo(c);
            assertThat(events.get(6).data().at("/data/document").isNull()).isTrue();
            assertThat(events.get(2).data().at("/data/document/name").asString()).isEqualTo("a");
            assertThat(events.get(1).data().at("/data/document").isNull()).isTrue();
        }
    }

    private String datastore(String body) {
        return http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    }

    private String from(String c) {
        return FeedClient.fromNow(db, horizon, c);
    }

    private long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }
}
