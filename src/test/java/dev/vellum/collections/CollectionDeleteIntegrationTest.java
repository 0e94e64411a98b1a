package dev.vellum.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.VellumApplication;
import dev.vellum.auth.ApiKeyStore;
import dev.vellum.docstore.DroppedStorageCleanup;
import dev.vellum.indexing.IndexBuilder;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * DELETE /v1/collections/{c} in O(1): the documents are gone for every route the moment it answers
 * while their rows are still there, the name and its keys can be written again at once, the
 * background cleanup then removes the old rows without recording a change each, and a second
 * instance stops seeing the collection when the notification arrives. The test configuration runs
 * the cleanup and the index builder only when asked (vellum.collections.cleanup-interval and
 * vellum.indexing.interval: 1h).
 */
class CollectionDeleteIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final int DOCUMENTS = 100_000;
    private static ConfigurableApplicationContext second;

    @Autowired
    private ApiKeyStore apiKeys;
    @Autowired
    private DatabaseClient db;
    @Autowired
    private DroppedStorageCleanup cleanup;
    @Autowired
    private TransactionalOperator tx;
    @Autowired
    private IndexBuilder builder;

    record Reply(int status, JsonNode body) {
        String code() {
            return body.at("/error/code").asString();
        }
    }

    @BeforeEach
    void unpooledConnections() {
        http = client(port);
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void deleting_a_large_collection_hides_it_at_once_frees_the_name_and_cleans_up_in_the_background() {
        String c = freshCollection();
        String source = freshCollection();
        long projectId = projectId();
        assertThat(call(http, HttpMethod.POST, "/v1/collections", "{\"name\": \"" + c + "\"}").status()).isEqualTo(201);
        assertThat(call(http, HttpMethod.POST, "/v1/collections", "{\"name\": \"" + source + "\", \"references\": {\"ref\": \""
                + c + "\"}}").status()).isEqualTo(201);
        // one statement; without triggers, so the suite's outbox (and its webhook fan-out) is not
        // handed 100,000 creations nobody follows
        long inserted = tx.transactional(db.sql("set local session_replication_role = replica").then()
                        .then(db.sql("insert into documents (project_id, collection, key, body, created_at, modified_at)"
                                + " select $1, $2, md5(i::text), jsonb_build_object('n', i, 'word', 'needle'), now(), now()"
                                + " from generate_series(1, " + DOCUMENTS + ") as i")
                        .bind(0, projectId).bind(1, c).fetch().rowsUpdated()))
                .block();
        assertThat(inserted).isEqualTo(DOCUMENTS);
        String key = md5(1);
        String pointer = call(http, HttpMethod.POST, "/v1/collections/" + source + "/documents", "{\"ref\": \"" + key + "\"}")
                .body().get("id").asString();
        String populated = "/v1/collections/" + source + "/documents/" + pointer + "?populate=ref";
        assertThat(call(http, HttpMethod.GET, populated, null).body().at("/ref/n").asInt()).isEqualTo(1);
        String lookup = "{\"op\": \"collection.find\", \"collection\": \"" + source + "\", \"match\": {}, \"lookup\": {\"ref\": \""
                + c + "\"}}";
        assertThat(call(http, HttpMethod.POST, "/v1/datastore", lookup).body().at("/data/0/ref/n").asInt()).isEqualTo(1);
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c + "/count", null).body().get("count").asLong())
                .isEqualTo(DOCUMENTS);
        long before = lastChange();

        Reply deleted = call(http, HttpMethod.DELETE, "/v1/collections/" + c, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo(JSON.readTree("{\"deleted\": true}"));

        // nothing scanned the documents: every row is still there, and one change records the deletion
        assertThat(rowsIn(projectId, c)).isEqualTo(DOCUMENTS);
        assertThat(changeKindsAfter(before, c)).containsExactly("collection_deleted");
        // ...yet no route sees any of them
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c, null).code()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c + "/count", null).code()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c + "/documents", null).code()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c + "/search?q=needle", null).code())
                .isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c + "/documents/" + key, null).status()).isEqualTo(404);
        assertThat(call(http, HttpMethod.GET, "/v1/kv/" + c + "/" + key, null).status()).isEqualTo(404);
        assertThat(call(http, HttpMethod.POST, "/v1/datastore", "{\"op\": \"collection.find\", \"collection\": \"" + c
                + "\", \"match\": {}}").code()).isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(call(http, HttpMethod.POST, "/v1/fetch_all", "[{\"type\": \"count\", \"collection\": \"" + c + "\"}]").code())
                .isEqualTo("COLLECTION_NOT_FOUND");
        assertThat(call(http, HttpMethod.GET, populated, null).body().get("ref").isObject()).isFalse();
        assertThat(call(http, HttpMethod.POST, "/v1/datastore", lookup).code()).isEqualTo("COLLECTION_NOT_FOUND");

        // the name, and the same keys, can be written again at once
        assertThat(call(http, HttpMethod.POST, "/v1/collections", "{\"name\": \"" + c + "\"}").status()).isEqualTo(201);
        assertThat(call(http, HttpMethod.PUT, "/v1/kv/" + c + "/" + key, "{\"fresh\": true}").status()).isBetween(200, 201);
        assertThat(call(http, HttpMethod.GET, "/v1/kv/" + c + "/" + key, null).body().get("content"))
                .isEqualTo(JSON.readTree("{\"fresh\": true}"));
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c + "/count", null).body().get("count").asLong()).isEqualTo(1);
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c + "/search?q=needle", null).body().size())
                .isZero();
        assertThat(call(http, HttpMethod.GET, populated, null).body().at("/ref/fresh").asBoolean()).isTrue();
        assertThat(rowsIn(projectId, c)).isEqualTo(DOCUMENTS);

        // the cleanup removes the old rows, records no change for them, and leaves the new collection alone
        assertThat(cleanup.runOnce().block()).isGreaterThanOrEqualTo(DOCUMENTS); // other tests' deleted collections too
        assertThat(rowsIn(projectId, c)).isZero();
        assertThat(changeKindsAfter(before, c)).containsExactly("collection_deleted", "created");
        assertThat(db.sql("select count(*) as n from collection_storages where project_id = $1 and collection = $2")
                .bind(0, projectId).bind(1, c).map((row, meta) -> row.get("n", Long.class)).one().block()).isEqualTo(1);
        assertThat(call(http, HttpMethod.GET, "/v1/kv/" + c + "/" + key, null).body().get("content"))
                .isEqualTo(JSON.readTree("{\"fresh\": true}"));
        assertThat(cleanup.runOnce().block()).isZero();
    }

    @Test
    void a_second_instance_stops_seeing_a_deleted_collection_when_the_notification_arrives() {
        if (second == null) {
            second = new SpringApplicationBuilder(VellumApplication.class).run("--server.port=0");
        }
        WebTestClient other = client(second.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        String c = freshCollection();
        assertThat(call(http, HttpMethod.PUT, "/v1/kv/" + c + "/k1", "{\"v\": 1}").status()).isBetween(200, 201);
        // the second instance has seen the collection, so it no longer asks the database whether it exists
        assertThat(call(other, HttpMethod.GET, "/v1/collections/" + c + "/count", null).body().get("count").asLong()).isEqualTo(1);
        assertThat(call(other, HttpMethod.GET, "/v1/kv/" + c + "/k1", null).status()).isEqualTo(200);

        assertThat(call(http, HttpMethod.DELETE, "/v1/collections/" + c, null).status()).isEqualTo(200);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (call(other, HttpMethod.GET, "/v1/kv/" + c + "/k1", null).status() != 404) {
            assertThat(System.nanoTime()).as("the second instance hears the deletion within 10 s").isLessThan(deadline);
            pause();
        }
        assertThat(call(other, HttpMethod.GET, "/v1/collections/" + c + "/count", null).code()).isEqualTo("COLLECTION_NOT_FOUND");
        // and it writes the name again under the fresh storage, which the first instance reads
        assertThat(call(other, HttpMethod.PUT, "/v1/kv/" + c + "/k1", "{\"v\": 2}").status()).isBetween(200, 201);
        assertThat(call(http, HttpMethod.GET, "/v1/kv/" + c + "/k1", null).body().get("content"))
                .isEqualTo(JSON.readTree("{\"v\": 2}"));
        assertThat(call(http, HttpMethod.GET, "/v1/collections/" + c + "/count", null).body().get("count").asLong()).isEqualTo(1);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_index_builder_drops_a_deleted_collections_indexes_and_builds_the_new_ones_on_its_storage() {
        String c = freshCollection();
        String declared = "{\"name\": \"" + c + "\", \"indexes\": [{\"fields\": [[\"n\", \"asc\"]]}]}";
        assertThat(call(http, HttpMethod.POST, "/v1/collections", declared).status()).isEqualTo(201);
        assertThat(call(http, HttpMethod.PUT, "/v1/kv/" + c + "/k1", "{\"n\": 1}").status()).isBetween(200, 201);
        builder.runOnce().block();
        List<String[]> before = indexesOf(c);
        assertThat(before).hasSize(1);
        assertThat(before.get(0)[0]).isEqualTo(c);
        assertThat(before.get(0)[2]).as("the project's index, led by the collection").contains("(collection, ");

        assertThat(call(http, HttpMethod.DELETE, "/v1/collections/" + c, null).status()).isEqualTo(200);
        assertThat(call(http, HttpMethod.POST, "/v1/collections", declared).status()).isEqualTo(201);
        builder.runOnce().block();

        List<String[]> after = indexesOf(c);
        assertThat(after).hasSize(1);
        assertThat(after.get(0)[0]).isEqualTo(c + "~1");
        assertThat(after.get(0)[2]).contains("(collection, ");
        assertThat(db.sql("select count(*) as n from collection_indexes where collection = $1").bind(0, c)
                .map((row, meta) -> row.get("n", Long.class)).one().block()).as("the old storage's row is gone").isZero();
    }

    /** The storage, name and definition of every index of the name's storages. */
    private List<String[]> indexesOf(String name) {
        return db.sql("select i.collection, i.physical as name, coalesce(p.indexdef, '') as def from collection_indexes i"
                        + " left join pg_indexes p on p.indexname = i.physical where i.collection = $1 or i.collection like $2"
                        + " order by i.created_at")
                .bind(0, name).bind(1, name + "~%")
                .map((row, meta) -> new String[] {row.get("collection", String.class), row.get("name", String.class),
                        row.get("def", String.class)})
                .all().collectList().block();
    }

    private long rowsIn(long projectId, String storage) {
        return db.sql("select count(*) as n from documents where project_id = $1 and collection = $2")
                .bind(0, projectId).bind(1, storage).map((row, meta) -> row.get("n", Long.class)).one().block();
    }

    private long lastChange() {
        return db.sql("select coalesce(max(seq), 0) as seq from changes").map((row, meta) -> row.get("seq", Long.class)).one().block();
    }

    private List<String> changeKindsAfter(long seq, String collection) {
        return db.sql("select kind from changes where seq > $1 and collection = $2 order by seq")
                .bind(0, seq).bind(1, collection).map((row, meta) -> row.get("kind", String.class)).all().collectList().block();
    }

    private static String md5(int i) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5").digest(Integer.toString(i).getBytes());
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    private static Reply call(WebTestClient client, HttpMethod method, String uri, String body) {
        WebTestClient.RequestBodySpec spec = client.method(method).uri(uri).header("X-Api-Key", SECRET_KEY);
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        var result = ready.exchange().expectBody(String.class).returnResult();
        String raw = result.getResponseBody();
        return new Reply(result.getStatus().value(), raw == null || raw.isEmpty() ? JSON.createObjectNode() : JSON.readTree(raw));
    }

    private long projectId() {
        return apiKeys.find(PUBLIC_KEY).block().projectId();
    }
}
