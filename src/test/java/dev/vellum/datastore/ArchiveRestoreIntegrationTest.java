package dev.vellum.datastore;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** delete, archive and restore by {@code _ref}, and the purge of deleted documents. */
class ArchiveRestoreIntegrationTest extends IntegrationTest {

    @Autowired
    DeletedDocumentPurge purge;

    private Ops ops() {
        return new Ops(http, SECRET_KEY, null);
    }

    private static int count(Ops ops, String c, Map<String, Object> match) {
        return ops.ok(op("collection.count", c, "match", match)).at("/data/count").asInt();
    }

    private static String hide(Ops ops, String verb, String c, Map<String, Object> match) {
        JsonNode response = ops.ok(op("collection." + verb, c, "match", match));
        assertThat(response.propertyNames()).containsExactly("data");
        assertThat(response.get("data").propertyNames()).containsExactly("_ref");
        return response.at("/data/_ref").asString();
    }

    private static JsonNode restore(Ops ops, String c, String ref) {
        return ops.ok(op("collection.restore", c, "match", Map.of("_ref", ref)));
    }

    @Test
    void delete_and_archive_hide_documents_from_find_and_count_and_return_a_ref() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));
        String deleted = hide(ops, "delete", c, Map.of("n", 1));
        String archived = hide(ops, "archive", c, Map.of("n", 2));
        assertThat(deleted).startsWith("del_").isNotEqualTo(archived);
        assertThat(archived).startsWith("arch_");
        assertThat(count(ops, c, Map.of())).isEqualTo(1);
        JsonNode found = ops.ok(op("collection.find", c, "match", Map.of("n:$in", List.of(1, 2, 3))));
        assertThat(found.get("data")).hasSize(1);
        assertThat(found.at("/data/0/n").asInt()).isEqualTo(3);
        assertThat(found.at("/meta/pagination/size").asInt()).isEqualTo(1);
        assertThat(ops.ok(op("collection.update", c, "match", Map.of("n", 1), "data", Map.of("x", 1))).get("data")).isEmpty();
    }

    @Test
    void restore_brings_back_exactly_its_batch_and_only_once() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("n", 1), Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));
        String a = hide(ops, "delete", c, Map.of("n", 1));
        String b = hide(ops, "delete", c, Map.of("n", 2));
        String d = hide(ops, "archive", c, Map.of("n", 3));
        assertThat(count(ops, c, Map.of())).isZero();
        assertThat(restore(ops, c, a)).isEqualTo(Ops.json("{\"data\": {\"data\": true}}"));
        assertThat(count(ops, c, Map.of())).isEqualTo(2);
        assertThat(count(ops, c, Map.of("n", 1))).isEqualTo(2);
        assertThat(restore(ops, c, a)).isEqualTo(Ops.json("{\"data\": {\"data\": false}}"));
        assertThat(restore(ops, c, d)).isEqualTo(Ops.json("{\"data\": {\"data\": true}}"));
        assertThat(count(ops, c, Map.of())).isEqualTo(3);
        assertThat(restore(ops, c, "del_" + "0".repeat(24))).isEqualTo(Ops.json("{\"data\": {\"data\": false}}"));
        assertThat(restore(ops, c, b).at("/data/data").asBoolean()).isTrue();
        assertThat(count(ops, c, Map.of())).isEqualTo(4);
    }

    @Test
    void a_ref_does_not_restore_a_document_hidden_again_by_a_later_batch() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("n", 1), Map.of("n", 2)));
        String a = hide(ops, "delete", c, Map.of("n", 1));
        assertThat(restore(ops, c, a).at("/data/data").asBoolean()).isTrue();
        String b = hide(ops, "archive", c, Map.of("n", 1));
        assertThat(restore(ops, c, a).at("/data/data").asBoolean()).isFalse();
        assertThat(count(ops, c, Map.of("n", 1))).isZero();
        assertThat(restore(ops, c, b).at("/data/data").asBoolean()).isTrue();
        assertThat(count(ops, c, Map.of("n", 1))).isEqualTo(1);
    }

    @Test
    void a_ref_from_another_collection_restores_nothing() {
        Ops ops = ops();
        String c = freshCollection();
        String other = freshCollection();
        ops.insert(c, Map.of("n", 1));
        ops.insert(other, Map.of("n", 1));
        String ref = hide(ops, "delete", c, Map.of("n", 1));
        assertThat(restore(ops, other, ref).at("/data/data").asBoolean()).isFalse();
        assertThat(count(ops, c, Map.of())).isZero();
    }

    @Test
    void purge_removes_deleted_documents_for_good_but_keeps_archived_ones() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));
        String deleted = hide(ops, "delete", c, Map.of("n", 1));
        String archived = hide(ops, "archive", c, Map.of("n", 2));
        assertThat(purge.purge(Duration.ZERO).block()).isGreaterThanOrEqualTo(1L);
        assertThat(restore(ops, c, deleted).at("/data/data").asBoolean()).isFalse();
        assertThat(restore(ops, c, archived).at("/data/data").asBoolean()).isTrue();
        assertThat(count(ops, c, Map.of())).isEqualTo(2);
        assertThat(count(ops, c, Map.of("n", 1))).isZero();
    }

    @Test
    void delete_and_archive_refuse_an_empty_match_unless_all_is_true() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, List.of(Map.of("n", 1), Map.of("n", 2)));
        for (String verb : List.of("delete", "archive")) {
            assertThat(ops.error(op("collection." + verb, c, "match", Map.of()), 400)).isEqualTo("VALIDATION_ERROR");
            assertThat(ops.error(op("collection." + verb, c), 400)).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(count(ops, c, Map.of())).isEqualTo(2);
        String ref = ops.ok(op("collection.delete", c, "all", true)).at("/data/_ref").asString();
        assertThat(count(ops, c, Map.of())).isZero();
        assertThat(restore(ops, c, ref).at("/data/data").asBoolean()).isTrue();
        assertThat(count(ops, c, Map.of())).isEqualTo(2);
    }

    @Test
    void a_delete_that_matches_nothing_still_returns_a_ref_that_restores_nothing() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Map.of("n", 1));
        String ref = hide(ops, "delete", c, Map.of("n", 99));
        assertThat(restore(ops, c, ref).at("/data/data").asBoolean()).isFalse();
    }

    @Test
    void restore_takes_exactly_a_ref_string_in_match() {
        Ops ops = ops();
        String c = freshCollection();
        ops.insert(c, Map.of("n", 1));
        for (Object match : List.of(Map.of(), Map.of("n", 1), Map.of("_ref", 5), Map.of("_ref", ""), Map.of("_ref", "x", "n", 1))) {
            assertThat(ops.error(op("collection.restore", c, "match", match), 400)).as(match.toString()).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(ops.error(op("collection.restore", c), 400)).isEqualTo("VALIDATION_ERROR");
    }
}
