package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

/** How the Datastore shows documents written through the KV API: array bodies, expiry. */
class DatastoreKvDocumentsIntegrationTest extends IntegrationTest {

    @Autowired
    private DeletedDocumentPurge purge;
    @Autowired
    private DatabaseClient db;

    private Ops ops;
    private String c;

    @BeforeEach
    void setUp() {
        ops = new Ops(http, SECRET_KEY, null);
        c = freshCollection();
    }

    private int kv(String method, String key, String query, String body) {
        var request = http.method(HttpMethod.valueOf(method))
                .uri(URI.create("http://127.0.0.1:" + port + "/v1/kv/" + c + "/" + key + query))
                .header("X-Api-Key", SECRET_KEY);
        var ready = body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        return ready.exchange().expectBody().returnResult().getStatus().value();
    }

    @Test
    void an_array_body_is_rendered_as_value_after_the_system_fields() {
        assertThat(kv("POST", "list", "", "[1, \"two\", {\"three\": 3}]")).isEqualTo(201);
        assertThat(kv("POST", "obj", "", "{\"name\": \"x\"}")).isEqualTo(201);
        JsonNode found = ops.ok(op("collection.find", c, "match", Map.of(), "sort", "_key"));
        JsonNode list = found.at("/data/0");
        assertThat(list.propertyNames())
                .containsExactly("_key", "_userkey", "_created_at", "_modified_at", "_version", "_value");
        assertThat(list.get("_value")).isEqualTo(Ops.json("[1, \"two\", {\"three\": 3}]"));
        assertThat(found.at("/data/1").propertyNames()).doesNotContain("_value").contains("name");
        assertThat(ops.ok(op("collection.find", c, "match", Map.of("name", "x"))).get("data")).hasSize(1);
    }

    /**
     * A find without projection or lookup builds each document's text around its stored body
     * instead of a tree; it must show what the tree shows (a find with a lookup still renders trees),
     * field for field and in order, for keys that need JSON escapes and unusual values.
     */
    @Test
    void a_plain_find_shows_each_document_exactly_as_the_tree_rendering_does() {
        assertThat(kv("POST", "q%22uote%5C%C3%A9", "", "{\"zeta\": 1, \"a\": {\"b\": [1, 2.50, \"x\\\"y\\u0001\"]},"
                + " \"\u00fcn\u00ef\": \"\u00e7\u00f8d\u00e9 \\ud83d\\ude00\", \"big\": 3.14159265358979323846,"
                + " \"tiny\": 1e-40, \"t\": true, \"n\": null, \"nested\": {\"_key\": \"inner\"}}")).isEqualTo(201);
        assertThat(kv("POST", "empty", "", "{}")).isEqualTo(201);
        assertThat(kv("POST", "list", "", "[1]")).isEqualTo(201);
        JsonNode found = ops.ok(op("collection.find", c, "match", Map.of(), "sort", "_key")).get("data");
        JsonNode trees = ops.ok(op("collection.find", c, "match", Map.of(), "sort", "_key",
                "lookup", Map.of("no_such_field", c))).get("data");
        assertThat(found).hasSize(3).isEqualTo(trees);
        for (int i = 0; i < 3; i++) {
            assertThat(found.get(i).propertyNames()).containsExactlyElementsOf(trees.get(i).propertyNames());
        }
        assertThat(found.get(2).get("_key").asString()).isEqualTo("q\"uote\\\u00e9");
        assertThat(found.get(2).at("/a/b/2").asString()).isEqualTo("x\"y\u0001");
    }

    @Test
    void an_empty_array_body_is_an_empty_value() {
        kv("PUT", "empty", "", "[]");
        JsonNode doc = ops.ok(op("collection.find", c, "match", Map.of())).at("/data/0");
        assertThat(doc.get("_value").isArray()).isTrue();
        assertThat(doc.get("_value").isEmpty()).isTrue();
    }

    @Test
    void the_purge_removes_the_rows_of_expired_documents_only() throws InterruptedException {
        kv("PUT", "short", "?expiry=1", "{}");
        kv("PUT", "long", "?expiry=3600", "{}");
        kv("PUT", "forever", "", "{}");
        boolean gone = false;
        for (int attempt = 0; attempt < 50 && !gone; attempt++) {
            gone = kv("GET", "short", "", null) == 404;
            if (!gone) {
                Thread.sleep(100);
            }
        }
        assertThat(gone).isTrue();
        assertThat(rows()).isEqualTo(3);
        assertThat(purge.purgeExpired().block(Duration.ofSeconds(10))).isPositive();
        assertThat(rows()).isEqualTo(2);
        assertThat(Ops.keys(ops.ok(op("collection.find", c, "match", Map.of(), "sort", "_key"))))
                .containsExactly("forever", "long");
    }

    private long rows() {
        return db.sql("select count(*) from documents where collection = $1").bind(0, c)
                .map((row, meta) -> row.get(0, Long.class)).one().block(Duration.ofSeconds(10));
    }
}
