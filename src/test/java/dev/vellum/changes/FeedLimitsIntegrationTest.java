package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.BoundedIntegrationTest;
import dev.vellum.access.AccessParser;
import dev.vellum.access.CollectionAccess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * Open change feeds are counted like NDJSON streams, with their own bounds: two per caller and
 * three per instance in this context ({@link BoundedIntegrationTest}).
 */
class FeedLimitsIntegrationTest extends BoundedIntegrationTest {

    @Autowired
    ChangesHandler changes;
    @Autowired
    ChangeHorizon horizon;
    @Autowired
    DatabaseClient db;
    @Autowired
    CollectionAccess access;

    @Test
    void feeds_past_each_bound_are_refused_with_retry_after_and_a_closed_feed_frees_its_place() {
        long project = projectId();
        String tokenB = userToken(project, "feed_b_" + UUID.randomUUID());
        String tokenC = userToken(project, "feed_c_" + UUID.randomUUID());
        String c = freshCollection();
        String uri = from(c);

        FeedClient first = new FeedClient(port, SECRET_KEY, null, uri, null);
        FeedClient second = new FeedClient(port, SECRET_KEY, null, uri, null);
        await(() -> changes.openFeeds() == 2, "the secret key's two feeds to be open");

        JsonNode tooMany = refused(SECRET_KEY, null, uri, 429);
        assertThat(tooMany.get("code").asString()).isEqualTo("TOO_MANY_STREAMS");
        assertThat(tooMany.at("/details/limit").asInt()).isEqualTo(2);

        // another caller still gets a feed, and it works: the instance's third place
        try (FeedClient userB = new FeedClient(port, PUBLIC_KEY, tokenB, uri, null)) {
            String created = create(c, tokenB);
            assertThat(userB.await(1)).extracting(FeedClient.Event::key).containsExactly(created);
            assertThat(changes.openFeeds()).isEqualTo(3);

            JsonNode full = refused(PUBLIC_KEY, tokenC, uri, 503);
            assertThat(full.get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(full.at("/details/limit").asInt()).isEqualTo(3);
            assertThat(changes.openFeeds()).as("a refused feed holds no place").isEqualTo(3);

            // the client going away gives its place back; then user C's feed opens and delivers
            first.close();
            await(() -> changes.openFeeds() == 2, "the closed feed's place to be free");
            try (FeedClient userC = new FeedClient(port, PUBLIC_KEY, tokenC, uri, null)) {
                String mine = create(c, tokenC);
                assertThat(userC.await(1)).extracting(FeedClient.Event::key).containsExactly(mine);
                assertThat(userC.error).isNull();
            }
            // a closed feed frees its place once the server has seen the client go, not before
            await(() -> changes.openFeeds() == 2, "user C's place to be free");
            // and the secret key, back under its own bound, opens one again
            try (FeedClient again = new FeedClient(port, SECRET_KEY, null, uri, null)) {
                assertThat(again.await(2)).extracting(FeedClient.Event::key).hasSize(2);
                assertThat(again.error).isNull();
            }
        } finally {
            second.close();
        }
        await(() -> changes.openFeeds() == 0, "every feed's place to be free");
    }

    /** A feed refused with {@code status}: a JSON error with {@code Retry-After: 1}, no event stream. */
    private JsonNode refused(String apiKey, String token, String uri, int status) {
        byte[] body = http.get().uri(uri).header("X-Api-Key", apiKey)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange().expectStatus().isEqualTo(status)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        return FeedClient.JSON.readTree(body).get("error");
    }

    /** A document of {@code token}'s user, or the secret key's when null. */
    private String create(String c, String token) {
        byte[] body = http.post().uri("/v1/collections/" + c + "/documents").header("X-Api-Key", token == null ? SECRET_KEY : PUBLIC_KEY)
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

    @Test
    void visitors_are_counted_per_client_address_not_all_together() {
        await(() -> changes.openFeeds() == 0, "no feed open from an earlier test");
        String c = freshCollection();
        String read = "[{\"who\": \"public\"}]";
        db.sql("insert into collections (project_id, name, settings) values ($1, $2, jsonb_build_object('access', jsonb_build_object('read', $3::jsonb)))")
                .bind(0, projectId()).bind(1, c).bind(2, read).fetch().rowsUpdated().block();
        var wanted = AccessParser.parse(FeedClient.JSON.readTree("{\"read\": " + read + "}"));
        Flux.interval(Duration.ZERO, Duration.ofMillis(20)).filter(tick -> access.rules(projectId(), c).equals(wanted))
                .next().timeout(GENEROUS).block();
        String uri = from(c);

        try (FeedClient first = new FeedClient(port, PUBLIC_KEY, null, uri, null);
             FeedClient second = new FeedClient(port, PUBLIC_KEY, null, uri, null)) {
            await(() -> changes.openFeeds() == 2, "the first visitor's two feeds to be open");
            assertThat(refused(PUBLIC_KEY, null, uri, 429).get("code").asString()).isEqualTo("TOO_MANY_STREAMS");

            // a visitor from another address (127.0.0.2, still loopback) has places of its own
            WebClient elsewhere = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                    .clientConnector(new ReactorClientHttpConnector(
                            HttpClient.create().bindAddress(() -> new InetSocketAddress("127.0.0.2", 0))))
                    .build();
            try (FeedClient other = new FeedClient(elsewhere, PUBLIC_KEY, null, uri, null)) {
                String created = create(c, null);
                assertThat(other.await(1)).extracting(FeedClient.Event::key).containsExactly(created);
                assertThat(first.await(1)).extracting(FeedClient.Event::key).containsExactly(created);
                assertThat(changes.openFeeds()).isEqualTo(3);
            }
        }
        await(() -> changes.openFeeds() == 0, "every feed's place to be free");
    }
}
