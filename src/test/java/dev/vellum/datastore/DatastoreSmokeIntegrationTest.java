package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DatastoreSmokeIntegrationTest extends IntegrationTest {

    @Test
    void insert_then_find_update_count_delete_restore() {
        Ops ops = new Ops(http, SECRET_KEY, null);
        String c = freshCollection();
        JsonNode inserted = ops.ok(op("collection.insert", c, "data", List.of(
                Map.of("name", "a", "age", 20, "tags", List.of("x", "y")),
                Map.of("name", "b", "age", 15, "nested", Map.of("k", 1)))));
        assertThat(inserted.get("data")).hasSize(2);
        JsonNode found = ops.ok(op("collection.find", c, "match", Map.of("age:$gte", 18)));
        assertThat(found.get("data")).hasSize(1);
        assertThat(found.get("data").get(0).get("name").asString()).isEqualTo("a");
        assertThat(found.at("/meta/pagination/size").asLong()).isEqualTo(1);
        JsonNode byTag = ops.ok(op("collection.find", c, "match", Map.of("tags", "y")));
        assertThat(byTag.get("data")).hasSize(1);
        String key = inserted.get("data").get(1).get("_key").asString();
        JsonNode updated = ops.ok(op("collection.update", c, "data", Map.of("_key", key, "nested.z", 2, "&seen", "@now()")));
        assertThat(updated.at("/data/0/nested/z").asInt()).isEqualTo(2);
        assertThat(updated.at("/data/0/nested/k").asInt()).isEqualTo(1);
        assertThat(updated.at("/data/0/_version").asInt()).isEqualTo(2);
        assertThat(ops.ok(op("collection.count", c, "match", Map.of())).at("/data/count").asInt()).isEqualTo(2);
        String ref = ops.ok(op("collection.delete", c, "match", Map.of("name", "a"))).at("/data/_ref").asString();
        assertThat(ops.ok(op("collection.count", c, "match", Map.of())).at("/data/count").asInt()).isEqualTo(1);
        assertThat(ops.ok(op("collection.restore", c, "match", Map.of("_ref", ref))).at("/data/data").asBoolean()).isTrue();
        assertThat(ops.ok(op("collection.count", c, "match", Map.of())).at("/data/count").asInt()).isEqualTo(2);
        JsonNode upserted = ops.ok(op("collection.upsert", c, "match", Map.of("name", "q"), "update", Map.of("v", 2), "insert", Map.of("v", 1)));
        assertThat(upserted.at("/data/0/name").asString()).isEqualTo("q");
        assertThat(upserted.at("/data/0/v").asInt()).isEqualTo(1);
    }
}
