package dev.vellum.kv;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KvIntegrationTest extends IntegrationTest {

    static final String CUSTOMER = """
            {"name": "Douglas Reynholm", "email": "douglas@reynholmindustries.com",
             "addresses": {"billing": {"line1": "123 Any Street", "country": "United Kingdom"}},
             "purchases": {"complete": [339, 976, 442, 666], "abandoned": [157, 42, 999]},
             "ratio": 3.14159265358979323846264338327950288}""";

    private KvClient kv;
    private Ops ops;
    private String c;

    @BeforeEach
    void setUp() {
        kv = KvClient.secret(http, port);
        ops = new Ops(http, SECRET_KEY, null);
        c = freshCollection();
    }

    private String doc(String key) {
        return "/v1/kv/" + c + "/" + key;
    }

    @Test
    void get_returns_the_cas_the_content_and_the_cas_as_etag() {
        Reply created = kv.post(doc("customer123"), CUSTOMER);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().propertyNames()).containsExactly("cas");
        assertThat(created.headers().getETag()).isEqualTo("\"" + created.cas() + "\"");

        Reply got = kv.get(doc("customer123"));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().propertyNames()).containsExactly("cas", "content");
        assertThat(got.cas()).isEqualTo(created.cas());
        assertThat(got.headers().getETag()).isEqualTo("\"" + created.cas() + "\"");
        assertThat(got.body().get("content")).isEqualTo(KvClient.JSON.readTree(CUSTOMER));
        assertThat(got.body().at("/content/ratio").decimalValue()).hasToString("3.14159265358979323846264338327950288");
    }

    @Test
    void get_of_a_missing_key_or_collection_is_document_not_found() {
        kv.post(doc("here"), "{}");
        assertThat(kv.get(doc("absent")).status()).isEqualTo(404);
        assertThat(kv.get(doc("absent")).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(kv.get("/v1/kv/" + freshCollection() + "/absent").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
    }

    @Test
    void insert_of_an_existing_key_is_document_exists_and_changes_nothing() {
        String cas = kv.post(doc("k"), "{\"v\": 1}").cas();
        Reply again = kv.post(doc("k"), "{\"v\": 2}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("DOCUMENT_EXISTS");
        Reply got = kv.get(doc("k"));
        assertThat(got.cas()).isEqualTo(cas);
        assertThat(got.body().at("/content/v").asInt()).isEqualTo(1);
    }

    @Test
    void insert_creates_the_collection_and_the_datastore_sees_the_document() {
        kv.post(doc("k1"), "{\"name\": \"a\"}");
        JsonNode found = ops.ok(op("collection.find", c, "match", Map.of()));
        JsonNode stored = found.at("/data/0");
        assertThat(stored.get("_key").asString()).isEqualTo("k1");
        assertThat(stored.get("_version").asLong()).isEqualTo(1);
        assertThat(stored.get("_userkey").isNull()).isTrue();
        assertThat(stored.get("_modified_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(stored.get("_created_at").asString()).isEqualTo(stored.get("_modified_at").asString());
        assertThat(stored.get("name").asString()).isEqualTo("a");
    }

    @Test
    void upsert_creates_then_overwrites_and_every_write_bumps_version_and_modified_at() {
        Reply first = kv.put(doc("k"), "{\"v\": 1, \"old\": true}");
        assertThat(first.status()).isEqualTo(200);
        JsonNode before = ops.ok(op("collection.find", c, "match", Map.of())).at("/data/0");
        Reply second = kv.put(doc("k"), "{\"v\": 2}");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.cas()).isNotEqualTo(first.cas());
        JsonNode after = ops.ok(op("collection.find", c, "match", Map.of())).at("/data/0");
        assertThat(after.get("_version").asLong()).isEqualTo(before.get("_version").asLong() + 1);
        assertThat(after.get("_created_at").asString()).isEqualTo(before.get("_created_at").asString());
        assertThat(after.get("_modified_at").asString()).isGreaterThanOrEqualTo(before.get("_modified_at").asString());
        assertThat(after.has("old")).isFalse();
        assertThat(kv.get(doc("k")).body().get("content")).isEqualTo(KvClient.JSON.readTree("{\"v\": 2}"));
    }

    @Test
    void replace_with_the_current_cas_succeeds_and_the_old_cas_then_mismatches_changing_nothing() {
        String cas1 = kv.post(doc("k"), "{\"v\": 1}").cas();
        Reply replaced = kv.put(doc("k"), "{\"v\": 2}", "\"" + cas1 + "\"");
        assertThat(replaced.status()).isEqualTo(200);
        String cas2 = replaced.cas();
        assertThat(cas2).isNotEqualTo(cas1);

        Reply stale = kv.put(doc("k"), "{\"v\": 3}", "\"" + cas1 + "\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("CAS_MISMATCH");
        Reply staleQuery = kv.put(doc("k") + "?cas=" + cas1, "{\"v\": 3}");
        assertThat(staleQuery.errorCode()).isEqualTo("CAS_MISMATCH");
        Reply got = kv.get(doc("k"));
        assertThat(got.cas()).isEqualTo(cas2);
        assertThat(got.body().at("/content/v").asInt()).isEqualTo(2);

        Reply byQuery = kv.put(doc("k") + "?cas=" + cas2, "{\"v\": 4}");
        assertThat(byQuery.status()).isEqualTo(200);
        assertThat(kv.get(doc("k")).body().at("/content/v").asInt()).isEqualTo(4);
    }

    @Test
    void replace_of_a_missing_document_is_not_found_with_any_condition() {
        assertThat(kv.put(doc("nope"), "{}", "\"1\"").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(kv.put(doc("nope") + "?cas=1", "{}").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(kv.put(doc("nope"), "{}", "*").status()).isEqualTo(404);
        assertThat(kv.get(doc("nope")).status()).isEqualTo(404);
    }

    @Test
    void if_match_star_replaces_whatever_version_exists() {
        kv.post(doc("k"), "{\"v\": 1}");
        kv.put(doc("k"), "{\"v\": 2}");
        Reply replaced = kv.put(doc("k"), "{\"v\": 3}", "*");
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(kv.get(doc("k")).cas()).isEqualTo(replaced.cas());
    }

    @Test
    void remove_with_a_stale_cas_mismatches_then_with_the_current_one_deletes_for_good() {
        String cas1 = kv.post(doc("k"), "{\"v\": 1}").cas();
        String cas2 = kv.put(doc("k"), "{\"v\": 2}").cas();
        Reply stale = kv.delete(doc("k"), "\"" + cas1 + "\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("CAS_MISMATCH");
        assertThat(kv.get(doc("k")).cas()).isEqualTo(cas2);

        Reply removed = kv.delete(doc("k") + "?cas=" + cas2);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().propertyNames()).containsExactly("cas");
        assertThat(removed.cas()).isNotEqualTo(cas2);
        assertThat(kv.get(doc("k")).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(kv.delete(doc("k")).errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(ops.ok(op("collection.count", c, "match", Map.of())).at("/data/count").asInt()).isZero();
        Reply recreated = kv.post(doc("k"), "{\"v\": 5}");
        assertThat(recreated.status()).isEqualTo(201);
        // a re-created key keeps counting: no cas from before the remove can match it
        assertThat(Long.parseLong(recreated.cas())).isGreaterThan(Long.parseLong(removed.cas()));
        assertThat(kv.put(doc("k"), "{\"v\": 6}", "\"" + cas1 + "\"").errorCode()).isEqualTo("CAS_MISMATCH");
    }

    @Test
    void remove_without_cas_deletes_and_a_missing_key_is_not_found() {
        kv.post(doc("k"), "[1]");
        assertThat(kv.delete(doc("k")).status()).isEqualTo(200);
        assertThat(kv.delete(doc("k")).status()).isEqualTo(404);
        assertThat(kv.delete(doc("k") + "?cas=5").errorCode()).isEqualTo("DOCUMENT_NOT_FOUND");
    }

    @Test
    void array_content_is_stored_and_returned_as_an_array() {
        assertThat(kv.post(doc("list"), "[1, \"two\", {\"three\": [3]}]").status()).isEqualTo(201);
        assertThat(kv.get(doc("list")).body().get("content")).isEqualTo(KvClient.JSON.readTree("[1, \"two\", {\"three\": [3]}]"));
        assertThat(kv.put(doc("list"), "[]").status()).isEqualTo(200);
        assertThat(kv.get(doc("list")).body().get("content").isEmpty()).isTrue();
    }

    @Test
    void a_soft_deleted_document_is_absent_and_an_insert_replaces_it() {
        kv.post(doc("k"), "{\"v\": 1}");
        String ref = ops.ok(op("collection.delete", c, "match", Map.of("v", 1))).at("/data/_ref").asString();
        assertThat(kv.get(doc("k")).status()).isEqualTo(404);
        assertThat(kv.put(doc("k") + "?cas=1", "{}").status()).isEqualTo(404);
        assertThat(kv.post(doc("k"), "{\"v\": 2}").status()).isEqualTo(201);
        ops.ok(op("collection.restore", c, "match", Map.of("_ref", ref)));
        JsonNode found = ops.ok(op("collection.find", c, "match", Map.of()));
        assertThat(found.get("data")).hasSize(1);
        assertThat(found.at("/data/0/v").asInt()).isEqualTo(2);
        assertThat(found.at("/data/0/_version").asLong()).isGreaterThan(2);
    }
}
