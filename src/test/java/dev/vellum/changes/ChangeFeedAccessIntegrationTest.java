package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.access.AccessParser;
import dev.vellum.access.AccessRules;
import dev.vellum.access.CollectionAccess;
import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.changes.FeedClient.Event;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The change feed under a collection's read rules, over HTTP: two users, a moderator, a visitor
 * (public key, no token) and the secret key each see exactly the changes the rules let them read,
 * before and after each change. Rules are written with SQL, as the README shows, and reach the
 * feeds through the vellum_access notification (the tests wait for the rule cache, never reload it).
 * Every assertion that a reader saw nothing ends with a change that reader can see: events arrive
 * in seq order, so anything the reader should not have seen would have come before it.
 */
class ChangeFeedAccessIntegrationTest extends IntegrationTest {

    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    DatabaseClient db;
    @Autowired
    ChangeHorizon horizon;
    @Autowired
    CollectionAccess access;
    @Autowired
    AsyncDbFactory asyncDbs;

    long projectId;
    Actor alice;
    Actor bob;
    Actor mod;
    Actor visitor;
    Actor secret;
    /** Each document's name by key, to name deletions (which carry no document). */
    final Map<String, String> names = new HashMap<>();

    record Actor(String name, String apiKey, String token, String userId) {
    }

    @BeforeEach
    void cast() {
        projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        alice = user("alice_" + suffix);
        bob = user("bob_" + suffix);
        mod = user("mod_" + suffix);
        setRoles(mod, "[\"moderator\"]");
        visitor = new Actor("visitor", PUBLIC_KEY, null, null);
        secret = new Actor("secret", SECRET_KEY, null, null);
    }

    @Test
    void each_reader_sees_what_public_where_published_or_owner_grants_and_unpublishing_is_a_deletion_to_others() {
        String c = freshCollection();
        setRead(c, "[{\"who\": \"public\", \"where\": {\"published\": true}}, {\"who\": \"owner\"}]");
        String uri = from(c);
        List<ChangeEvent> bobViaAsyncDb = new CopyOnWriteArrayList<>();
        Disposable asyncDb = asyncDbs.forCaller(new Caller(projectId, Caller.KeyKind.PUBLIC, bob.userId()))
                .changes(c, since(uri), null).subscribe(bobViaAsyncDb::add);
        try (FeedClient aliceFeed = feed(alice, uri); FeedClient bobFeed = feed(bob, uri); FeedClient modFeed = feed(mod, uri);
             FeedClient visitorFeed = feed(visitor, uri); FeedClient all = feed(secret, uri)) {
            String draft = create(alice, c, "{\"name\": \"a_draft\", \"published\": false}");
            String bPub = create(bob, c, "{\"name\": \"b_pub\", \"published\": true}");
            String aPub = create(alice, c, "{\"name\": \"a_pub\", \"published\": true}");
            patch(alice, c, aPub, "{\"published\": false}");
            patch(alice, c, draft, "{\"published\": true}");
            patch(bob, c, bPub, "{\"published\": \"true\"}");
            create(secret, c, "{\"name\": \"end\", \"published\": true}");

            assertThat(seen(aliceFeed, 7)).containsExactly("created a_draft", "created b_pub", "created a_pub", "updated a_pub",
                    "updated a_draft", "deleted b_pub", "created end");
            List<String> others = List.of("created b_pub", "created a_pub", "deleted a_pub", "created a_draft", "deleted b_pub",
                    "created end");
            assertThat(seen(modFeed, 6)).isEqualTo(others);
            assertThat(seen(visitorFeed, 6)).isEqualTo(others);
            assertThat(seen(bobFeed, 6)).containsExactly("created b_pub", "created a_pub", "deleted a_pub", "created a_draft",
                    "updated b_pub", "created end");
            assertThat(seen(all, 7)).containsExactly("created a_draft", "created b_pub", "created a_pub", "updated a_pub",
                    "updated a_draft", "updated b_pub", "created end");

            Event unpublished = bobFeed.events.get(2);
            assertThat(unpublished.data().at("/data/document").isNull()).isTrue();
            assertThat(unpublished.data().at("/data/version").asLong()).isEqualTo(2);
            assertThat(aliceFeed.events.get(3).data().at("/data/document/published").asBoolean(true)).isFalse();
            assertThat(bobFeed.events.get(3).data().at("/data/document/name").asString()).isEqualTo("a_draft");

            awaitSize(bobViaAsyncDb, 6);
            assertThat(bobViaAsyncDb).extracting(e -> e.kind().column() + " " + name(e.key(), e.document()))
                    .isEqualTo(seen(bobFeed, 6));
            assertThat(bobViaAsyncDb).extracting(e -> Long.toString(e.seq()))
                    .containsExactlyElementsOf(bobFeed.events.stream().map(Event::id).toList());
        } finally {
            asyncDb.dispose();
        }
    }

    @Test
    void a_role_grant_shows_moderators_everything_and_a_role_taken_away_applies_to_the_next_change() {
        String c = freshCollection();
        setRead(c, "[{\"who\": \"role:moderator\"}]");
        refusesVisitor(c);
        String uri = from(c);
        try (FeedClient aliceFeed = feed(alice, uri); FeedClient bobFeed = feed(bob, uri); FeedClient modFeed = feed(mod, uri);
             FeedClient all = feed(secret, uri)) {
            String a1 = create(alice, c, "{\"name\": \"a1\"}");
            create(bob, c, "{\"name\": \"b1\"}");
            patch(secret, c, a1, "{\"n\": 1}");
            assertThat(seen(modFeed, 3)).containsExactly("created a1", "created b1", "updated a1");

            // a notice grant for signed-in users: a1 and b1 stay unreadable to alice and bob, the notice is their first event
            setRead(c, "[{\"who\": \"role:moderator\"}, {\"who\": \"authenticated\", \"where\": {\"notice\": true}}]");
            create(secret, c, "{\"name\": \"notice\", \"notice\": true}");
            assertThat(seen(aliceFeed, 1)).containsExactly("created notice");
            assertThat(seen(bobFeed, 1)).containsExactly("created notice");
            assertThat(seen(modFeed, 4)).endsWith("created notice");

            setRoles(mod, "[]");
            patch(secret, c, a1, "{\"n\": 2}");
            create(secret, c, "{\"name\": \"notice2\", \"notice\": true}");
            assertThat(seen(modFeed, 5)).endsWith("created notice", "created notice2");
            assertThat(seen(aliceFeed, 2)).containsExactly("created notice", "created notice2");
            assertThat(seen(all, 6)).containsExactly("created a1", "created b1", "updated a1", "created notice", "updated a1",
                    "created notice2");
        }
    }

    @Test
    void the_default_is_owner_only_and_rules_changed_in_the_database_apply_to_open_feeds() {
        String c = freshCollection();
        refusesVisitor(c);
        String uri = from(c);
        try (FeedClient aliceFeed = feed(alice, uri); FeedClient bobFeed = feed(bob, uri)) {
            create(alice, c, "{\"name\": \"a1\", \"shared\": false}");
            // a1 is unreadable to bob under both rules, so it never reaches him whenever his feed reads it
            setRead(c, "[{\"who\": \"owner\"}, {\"who\": \"authenticated\", \"where\": {\"shared\": true}}]");
            String a2 = create(alice, c, "{\"name\": \"a2\", \"shared\": true}");
            assertThat(seen(aliceFeed, 2)).containsExactly("created a1", "created a2");
            assertThat(seen(bobFeed, 1)).containsExactly("created a2");

            setRead(c, null);
            patch(alice, c, a2, "{\"n\": 2}");
            create(bob, c, "{\"name\": \"b1\"}");
            assertThat(seen(aliceFeed, 3)).endsWith("updated a2");
            assertThat(seen(bobFeed, 2)).containsExactly("created a2", "created b1");
        }
    }

    @Test
    void a_visitor_may_open_a_feed_only_where_read_grants_public() {
        String c = freshCollection();
        refusesVisitor(c);
        setRead(c, null);
        db.sql("update collections set settings = jsonb_build_object('access', $3::jsonb) where project_id = $1 and name = $2")
                .bind(0, projectId).bind(1, c).bind(2, "{\"create\": [{\"who\": \"public\"}]}").fetch().rowsUpdated().block();
        awaitRules(c, AccessParser.parse(FeedClient.JSON.readTree("{\"create\": [{\"who\": \"public\"}]}")));
        refusesVisitor(c);
        setRead(c, "[{\"who\": \"authenticated\"}]");
        refusesVisitor(c);
    }

    private void refusesVisitor(String c) {
        http.get().uri("/v1/collections/" + c + "/changes").header("X-Api-Key", PUBLIC_KEY).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("AUTHENTICATION_FAILED");
        Throwable refused = asyncDbs.forCaller(new Caller(projectId, Caller.KeyKind.PUBLIC, null))
                .changes(c, null, null).materialize().blockFirst(Duration.ofSeconds(20)).getThrowable();
        assertThat(refused).isInstanceOf(VellumException.class);
        assertThat(((VellumException) refused).code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    /** Writes the collection's read entries with SQL (null: no access setting) and waits until this instance heard of it. */
    private void setRead(String c, String read) {
        String sql = read == null
                ? "insert into collections (project_id, name) values ($1, $2)"
                        + " on conflict (project_id, name) do update set settings = collections.settings - 'access'"
                : "insert into collections (project_id, name, settings) values ($1, $2, jsonb_build_object('access', jsonb_build_object('read', $3::jsonb)))"
                        + " on conflict (project_id, name) do update set settings = collections.settings || excluded.settings";
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql).bind(0, projectId).bind(1, c);
        if (read != null) {
            spec = spec.bind(2, read);
        }
        spec.fetch().rowsUpdated().block();
        awaitRules(c, read == null ? AccessRules.DEFAULT
                : AccessParser.parse(FeedClient.JSON.readTree("{\"read\": " + read + "}")));
    }

    private void awaitRules(String c, AccessRules wanted) {
        Flux.interval(Duration.ZERO, Duration.ofMillis(20))
                .filter(tick -> access.rules(projectId, c).equals(wanted))
                .next().timeout(Duration.ofSeconds(20)).block();
    }

    private void setRoles(Actor actor, String roles) {
        db.sql("update app_users set roles = $3::jsonb where project_id = $1 and id = $2")
                .bind(0, projectId).bind(1, actor.userId()).bind(2, roles).fetch().rowsUpdated().block();
    }

    private Actor user(String id) {
        return new Actor(id, PUBLIC_KEY, userToken(projectId, id), id);
    }

    private FeedClient feed(Actor actor, String uri) {
        return new FeedClient(port, actor.apiKey(), actor.token(), uri, null);
    }

    /** The first {@code count} events as "kind name". */
    private List<String> seen(FeedClient feed, int count) {
        List<String> seen = new ArrayList<>();
        for (Event event : feed.await(count)) {
            seen.add(event.type().substring("document.".length()) + " " + name(event.key(), event.data().at("/data/document")));
        }
        return seen;
    }

    private String name(String key, JsonNode document) {
        return document != null && document.has("name") ? document.get("name").asString() : names.get(key);
    }

    private String create(Actor actor, String c, String body) {
        String text = http.post().uri("/v1/collections/" + c + "/documents").header("X-Api-Key", actor.apiKey())
                .headers(h -> Optional.ofNullable(actor.token()).ifPresent(h::setBearerAuth))
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        String key = FeedClient.JSON.readTree(text).get("id").asString();
        names.put(key, FeedClient.JSON.readTree(body).get("name").asString());
        return key;
    }

    private void patch(Actor actor, String c, String key, String body) {
        http.patch().uri("/v1/collections/" + c + "/documents/" + key).header("X-Api-Key", actor.apiKey())
                .headers(h -> Optional.ofNullable(actor.token()).ifPresent(h::setBearerAuth))
                .bodyValue(body).exchange().expectStatus().isOk();
    }

    private String from(String c) {
        return FeedClient.fromNow(db, horizon, c);
    }

    private static long since(String uri) {
        return Long.parseLong(uri.substring(uri.indexOf("since=") + 6));
    }

    private static void awaitSize(List<?> list, int size) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (list.size() < size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + size + " events, got " + list);
            }
            FeedClient.sleep(20);
        }
    }
}
