package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.VellumApplication;
import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import dev.vellum.changes.FeedClient.Event;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

class ChangeFeedIntegrationTest extends IntegrationTest {

    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    DatabaseClient db;
    @Autowired
    TransactionalOperator tx;
    @Autowired
    ChangeHorizon horizon;
    @Autowired
    AsyncDbFactory asyncDbs;
    @Autowired
    io.r2dbc.spi.ConnectionFactory connections;
    @Autowired
    ChangeLog changeLog;

    long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }

    @Test
    void every_kind_of_write_appears_once_in_order_with_its_document() {
        String c = freshCollection();
        try (FeedClient feed = new FeedClient(port, SECRET_KEY, null, from(c), null)) {
            String id = create(c, "{\"title\": \"a\"}", SECRET_KEY, null);
            http.patch().uri("/v1/collections/" + c + "/documents/" + id).header("X-Api-Key", SECRET_KEY)
                    .bodyValue("{\"title\": \"b\"}").exchange().expectStatus().isOk();
            http.put().uri("/v1/kv/" + c + "/k1").header("X-Api-Key", SECRET_KEY).bodyValue("{\"n\": 1}").exchange()
                    .expectStatus().is2xxSuccessful();
            http.post().uri("/v1/kv/" + c + "/k1/mutate_in").header("X-Api-Key", SECRET_KEY)
                    .bodyValue("{\"specs\": [{\"op\": \"counter\", \"path\": \"n\", \"delta\": 2}]}").exchange().expectStatus().isOk();
            http.delete().uri("/v1/collections/" + c + "/documents/" + id).header("X-Api-Key", SECRET_KEY).exchange()
                    .expectStatus().isOk();
            List<Event> events = feed.await(5);
            assertThat(events).extracting(Event::type).containsExactly("document.created", "document.updated",
                    "document.created", "document.updated", "document.deleted");
            assertThat(events.get(1).data().at("/data/document/title").asString()).isEqualTo("b");
            assertThat(events.get(3).data().at("/data/document/n").asInt()).isEqualTo(3);
            assertThat(events.get(3).data().at("/data/version").asLong()).isEqualTo(2);
            assertThat(events.get(4).data().at("/data/document").isNull()).isTrue();
            assertThat(events).extracting(e -> Long.parseLong(e.id())).isSorted();
        }
    }

    @Test
    void resuming_with_last_event_id_gives_exactly_the_missed_changes() {
        String c = freshCollection();
        String uri = "/v1/collections/" + c + "/changes";
        String start = from(c);
        String lastId;
        try (FeedClient feed = new FeedClient(port, SECRET_KEY, null, start, null)) {
            create(c, "{\"n\": 1}", SECRET_KEY, null);
            create(c, "{\"n\": 2}", SECRET_KEY, null);
            lastId = feed.await(2).get(1).id();
        }
        create(c, "{\"n\": 3}", SECRET_KEY, null);
        create(c, "{\"n\": 4}", SECRET_KEY, null);
        try (FeedClient resumed = new FeedClient(port, SECRET_KEY, null, uri, lastId)) {
            List<Event> events = resumed.await(2);
            create(c, "{\"n\": 5}", SECRET_KEY, null);
            events = resumed.await(3);
            assertThat(events).extracting(e -> e.data().at("/data/document/n").asInt()).containsExactly(3, 4, 5);
        }
        try (FeedClient since = new FeedClient(port, SECRET_KEY, null, uri + "?since=" + lastId + "&n_gte=4", null)) {
            assertThat(since.await(2)).extracting(e -> e.data().at("/data/document/n").asInt()).containsExactly(4, 5);
        }
    }

    @Test
    void users_see_only_changes_of_their_own_documents() {
        String c = freshCollection();
        String alice = "user_" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "user_" + UUID.randomUUID().toString().substring(0, 8);
        String aliceToken = userToken(projectId(), alice);
        String bobToken = userToken(projectId(), bob);
        String uri = from(c);
        try (FeedClient aliceFeed = new FeedClient(port, PUBLIC_KEY, aliceToken, uri, null);
             FeedClient bobFeed = new FeedClient(port, PUBLIC_KEY, bobToken, uri, null);
             FeedClient all = new FeedClient(port, SECRET_KEY, null, uri, null)) {
            create(c, "{\"who\": \"alice\"}", PUBLIC_KEY, aliceToken);
            create(c, "{\"who\": \"bob\"}", PUBLIC_KEY, bobToken);
            create(c, "{\"who\": \"alice2\"}", PUBLIC_KEY, aliceToken);
            create(c, "{\"who\": \"service\"}", SECRET_KEY, null);
            assertThat(all.await(4)).hasSize(4);
            assertThat(aliceFeed.await(2)).extracting(e -> e.data().at("/data/document/who").asString())
                    .containsExactly("alice", "alice2");
            assertThat(bobFeed.await(1)).extracting(e -> e.data().at("/data/document/who").asString()).containsExactly("bob");
        }
    }

    @Test
    void a_document_that_stops_matching_the_filter_arrives_as_a_deletion() {
        String c = freshCollection();
        try (FeedClient feed = new FeedClient(port, SECRET_KEY, null, from(c) + "&status=published", null)) {
            String id = create(c, "{\"status\": \"draft\"}", SECRET_KEY, null);
            http.patch().uri("/v1/collections/" + c + "/documents/" + id).header("X-Api-Key", SECRET_KEY)
                    .bodyValue("{\"status\": \"published\"}").exchange().expectStatus().isOk();
            http.patch().uri("/v1/collections/" + c + "/documents/" + id).header("X-Api-Key", SECRET_KEY)
                    .bodyValue("{\"status\": \"retracted\"}").exchange().expectStatus().isOk();
            List<Event> events = feed.await(2);
            assertThat(events).extracting(Event::type).containsExactly("document.created", "document.deleted");
        }
    }

    @Test
    void another_instance_serves_the_feed_of_writes_made_here_and_async_db_gives_the_same_events() {
        String c = freshCollection();
        String start = from(c);
        long since = Long.parseLong(start.substring(start.indexOf("since=") + 6));
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(VellumApplication.class).run("--server.port=0")) {
            int otherPort = second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            AsyncDb asyncDb = asyncDbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null));
            List<ChangeEvent> viaAsyncDb = new java.util.concurrent.CopyOnWriteArrayList<>();
            reactor.core.Disposable subscription = asyncDb.changes(c, since, null).subscribe(viaAsyncDb::add);
            try (FeedClient remote = new FeedClient(otherPort, SECRET_KEY, null, start, null)) {
                create(c, "{\"n\": 1}", SECRET_KEY, null);
                create(c, "{\"n\": 2}", SECRET_KEY, null);
                List<Event> events = remote.await(2);
                assertThat(events).extracting(e -> e.data().at("/data/document/n").asInt()).containsExactly(1, 2);
                while (viaAsyncDb.size() < 2) {
                    FeedClient.sleep(20);
                }
                assertThat(viaAsyncDb).extracting(e -> Long.toString(e.seq())).containsExactly(events.get(0).id(), events.get(1).id());
                assertThat(viaAsyncDb).extracting(e -> e.kind().type()).containsOnly("document.created");
            } finally {
                subscription.dispose();
            }
        }
    }

    @Test
    void rolled_back_writes_leave_no_change() {
        String c = freshCollection();
        create(c, "{\"n\": 0}", SECRET_KEY, null);
        Mono<Long> write = db.sql("insert into documents (project_id, collection, key, body, created_at, modified_at)"
                        + " values ($1, $2, 'gone', '{}', now(), now())").bind(0, projectId()).bind(1, c)
                .fetch().rowsUpdated()
                .then(Mono.error(new IllegalStateException("roll back")));
        try {
            tx.transactional(write).block();
        } catch (IllegalStateException expected) {
            // the transaction rolled back
        }
        Long rows = db.sql("select count(*) as n from changes where project_id = $1 and collection = $2")
                .bind(0, projectId()).bind(1, c).map((row, meta) -> row.get("n", Long.class)).one().block();
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void a_change_that_commits_late_with_a_smaller_seq_is_not_skipped() {
        String c = freshCollection();
        create(c, "{\"n\": 0}", SECRET_KEY, null);
        try (FeedClient feed = new FeedClient(port, SECRET_KEY, null, from(c), null)) {
            LateCommit late = LateCommit.open(connections, projectId(), c, "early");
            create(c, "{\"n\": 2}", SECRET_KEY, null);
            // The horizon cannot pass the open transaction's seq: nothing is sent while it is open.
            long seen = horizon.values().next().block();
            FeedClient.sleep(500);
            assertThat(feed.events).isEmpty();
            late.commit();
            List<Event> events = feed.await(2);
            assertThat(events).extracting(Event::key).first().isEqualTo("early");
            assertThat(Long.parseLong(events.get(0).id())).isLessThan(Long.parseLong(events.get(1).id()));
            assertThat(Long.parseLong(events.get(0).id())).isGreaterThan(seen);
        }
    }

    @Test
    void a_since_older_than_the_retention_is_410_changes_expired() {
        String c = freshCollection();
        Long purgedSeq = db.sql("insert into changes (project_id, collection, key, kind, version, at)"
                        + " values ($1, $2, 'old', 'created', 1, now() - interval '30 days') returning seq")
                .bind(0, projectId()).bind(1, c).map((row, meta) -> row.get("seq", Long.class)).one().block();
        db.sql("delete from changes where seq = $1").bind(0, purgedSeq).fetch().rowsUpdated().block();
        db.sql("update changes_purged set seq = greatest(seq, $1)").bind(0, purgedSeq).fetch().rowsUpdated().block();
        http.get().uri("/v1/collections/" + c + "/changes?since=" + (purgedSeq - 1)).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isEqualTo(410).expectBody().jsonPath("$.error.code").isEqualTo("CHANGES_EXPIRED");
        http.get().uri("/v1/collections/" + c + "/changes?since=x").header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error.code").isEqualTo("VALIDATION_ERROR");
    }

    @Test
    void the_purge_removes_changes_past_the_retention_and_a_feed_resuming_before_them_is_410() {
        String c = freshCollection();
        Long old = db.sql("insert into changes (project_id, collection, key, kind, version, at)"
                        + " values ($1, $2, 'old', 'created', 1, now() - interval '8 days') returning seq")
                .bind(0, projectId()).bind(1, c).map((row, meta) -> row.get("seq", Long.class)).one().block();
        String kept = create(c, "{\"n\": 1}", SECRET_KEY, null);
        assertThat(changeLog.purge().block()).isGreaterThanOrEqualTo(1);
        Long left = db.sql("select count(*) as n from changes where project_id = $1 and collection = $2 and key = 'old'")
                .bind(0, projectId()).bind(1, c).map((row, meta) -> row.get("n", Long.class)).one().block();
        assertThat(left).isZero();
        http.get().uri("/v1/collections/" + c + "/changes?since=" + (old - 1)).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isEqualTo(410).expectBody().jsonPath("$.error.code").isEqualTo("CHANGES_EXPIRED");
        try (FeedClient feed = new FeedClient(port, SECRET_KEY, null, "/v1/collections/" + c + "/changes?since=" + old, null)) {
            assertThat(feed.await(1)).extracting(Event::key).containsExactly(kept);
        }
    }

    @Test
    void an_idle_feed_sends_heartbeat_comments() {
        String c = freshCollection();
        ServerSentEvent<String> first = WebClient.create("http://127.0.0.1:" + port).get().uri("/v1/collections/" + c + "/changes")
                .header("X-Api-Key", SECRET_KEY).retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .next().block(Duration.ofSeconds(20));
        assertThat(first.comment()).isEqualTo("heartbeat");
        assertThat(first.data()).isNull();
    }

    private String from(String c) {
        return FeedClient.fromNow(db, horizon, c);
    }

    private String create(String c, String body, String key, String token) {
        return http.post().uri("/v1/collections/" + c + "/documents").header("X-Api-Key", key)
                .headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody()
                .transform(text -> FeedClient.JSON.readTree(text).get("id").asString());
    }
}
