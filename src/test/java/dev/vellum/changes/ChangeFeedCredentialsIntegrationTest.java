package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.ApiKeys;
import dev.vellum.changes.FeedClient.Event;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * A feed lives only as long as the credentials it was opened with: once a user's token is revoked
 * (password changed, user deleted) or the API key is deleted, the feed ends with a final
 * {@code event: error} carrying the usual error body (AUTHENTICATION_FAILED) and gives its place
 * back. Most feeds here are idle after revocation, so the check before a heartbeat (1 s in tests)
 * ends them; in {@link #a_change_after_revocation_is_never_sent} a change follows at once, and
 * whichever check comes first (before its page, or a heartbeat) ends the feed before it is sent.
 */
class ChangeFeedCredentialsIntegrationTest extends IntegrationTest {

    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    DatabaseClient db;
    @Autowired
    ChangeHorizon horizon;
    @Autowired
    ChangesHandler changes;

    @Test
    void a_users_feed_ends_with_an_error_event_when_they_change_their_password() {
        String user = "feedauth_" + UUID.randomUUID();
        String token = userToken(projectId(), user);
        String c = freshCollection();
        try (FeedClient feed = new FeedClient(port, PUBLIC_KEY, token, from(c), null)) {
            String mine = create(c, PUBLIC_KEY, token);
            assertThat(feed.await(1)).extracting(Event::key).containsExactly(mine);

            http.patch().uri("/v1/auth/me").header("X-Api-Key", PUBLIC_KEY).headers(h -> h.setBearerAuth(token))
                    .bodyValue("{\"password\": \"a new long password\"}").exchange().expectStatus().isOk();

            assertEndsSignedOut(feed, 2);
        }
        awaitNoFeedOpen();
    }

    @Test
    void a_users_feed_ends_with_an_error_event_when_the_secret_key_deletes_the_user() {
        String user = "feedauth_" + UUID.randomUUID();
        String token = userToken(projectId(), user);
        String c = freshCollection();
        try (FeedClient feed = new FeedClient(port, PUBLIC_KEY, token, from(c), null)) {
            String mine = create(c, PUBLIC_KEY, token);
            assertThat(feed.await(1)).extracting(Event::key).containsExactly(mine);

            http.delete().uri("/v1/users/" + user).header("X-Api-Key", SECRET_KEY).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.deleted").isEqualTo(true);

            assertEndsSignedOut(feed, 2);
        }
        awaitNoFeedOpen();
    }

    /** Keys have no management route: deleted with SQL, whose trigger tells every instance. */
    @Test
    void a_secret_key_feed_ends_with_an_error_event_when_the_key_is_deleted() {
        String key = "vk_secret_feedauth_" + UUID.randomUUID().toString().replace("-", "");
        db.sql("insert into api_keys (key_hash, project_id, kind) values ($1, $2, 'secret')")
                .bind(0, ApiKeys.digest(key)).bind(1, projectId()).then().block();
        String c = freshCollection();
        try (FeedClient feed = new FeedClient(port, key, null, from(c), null)) {
            String created = create(c, key, null);
            assertThat(feed.await(1)).extracting(Event::key).containsExactly(created);

            db.sql("delete from api_keys where key_hash = $1").bind(0, ApiKeys.digest(key)).then().block();

            assertEndsSignedOut(feed, 2);
        }
        awaitNoFeedOpen();
    }

    @Test
    void a_change_after_revocation_is_never_sent() {
        String user = "feedauth_" + UUID.randomUUID();
        String token = userToken(projectId(), user);
        String c = freshCollection();
        try (FeedClient feed = new FeedClient(port, PUBLIC_KEY, token, from(c), null)) {
            String first = create(c, PUBLIC_KEY, token);
            assertThat(feed.await(1)).extracting(Event::key).containsExactly(first);

            // the user is revoked and writes no more; the secret key then changes the user's document
            db.sql("update app_users set token_version = token_version + 1 where project_id = $1 and id = $2")
                    .bind(0, projectId()).bind(1, user).then().block();
            http.patch().uri("/v1/collections/" + c + "/documents/" + first).header("X-Api-Key", SECRET_KEY)
                    .bodyValue("{\"n\": 2}").exchange().expectStatus().isOk();

            assertEndsSignedOut(feed, 2);
        }
        awaitNoFeedOpen();
    }

    /** The feed's {@code total} events are changes and then one final error event, and the stream ended. */
    private static void assertEndsSignedOut(FeedClient feed, int total) {
        feed.awaitEnd();
        List<Event> events = List.copyOf(feed.events);
        assertThat(events).hasSize(total);
        assertThat(events.subList(0, total - 1)).allMatch(event -> event.name() == null);
        Event last = events.get(total - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.id()).isNull();
        assertThat(last.data().at("/error/code").asString()).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(last.data().at("/error/message").asString()).isNotBlank();
        assertThat(last.data().at("/error/details").isObject()).isTrue();
        assertThat(feed.error).isNull();
    }

    private void awaitNoFeedOpen() {
        Flux.interval(Duration.ZERO, Duration.ofMillis(20)).filter(tick -> changes.openFeeds() == 0)
                .next().timeout(Duration.ofSeconds(20)).block();
    }

    private long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }

    private String create(String c, String key, String token) {
        byte[] body = http.post().uri("/v1/collections/" + c + "/documents").header("X-Api-Key", key)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .bodyValue("{\"n\": 1}").exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return FeedClient.JSON.readTree(body).get("id").asString();
    }

    private String from(String c) {
        return FeedClient.fromNow(db, horizon, c);
    }
}
