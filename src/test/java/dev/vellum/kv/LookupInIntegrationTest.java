package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/kv/{c}/{key}/lookup_in} through HTTP, on the seed's customer123 document. */
class LookupInIntegrationTest extends SubdocHttpTest {

    private Reply lookup(String body) {
        return kv.lookupIn(doc(CUSTOMER_KEY), body);
    }

    @Test
    void the_seed_lookups_answer_each_spec_on_its_own_at_the_cas_get_returns() {
        String cas = createCustomer();
        Reply reply = lookup(specs(
                "{\"op\": \"get\", \"path\": \"addresses.delivery.country\"}",
                "{\"op\": \"exists\", \"path\": \"purchases.pending[-1]\"}",
                "{\"op\": \"exists\", \"path\": \"purchases.complete[-1]\"}",
                "{\"op\": \"count\", \"path\": \"purchases.complete\"}",
                "{\"op\": \"get\", \"path\": \"nope\"}"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo(json("""
                {"cas": "%s", "results": [
                  {"exists": true, "value": "United Kingdom"},
                  {"exists": false},
                  {"exists": true},
                  {"exists": true, "value": 4},
                  {"exists": false, "error": {"code": "PATH_NOT_FOUND"}}]}""".formatted(cas)));
        assertThat(reply.cas()).isEqualTo(kv.get(doc(CUSTOMER_KEY)).cas());
        assertThat(reply.headers().getETag()).isEqualTo("\"" + reply.cas() + "\"");
        // a lookup changes nothing
        assertThat(snapshot(CUSTOMER_KEY)).isEqualTo(new Snapshot(cas, json(CUSTOMER)));
    }

    @Test
    void get_returns_objects_arrays_and_elements_by_index_including_minus_one() {
        createCustomer();
        Reply reply = lookup(specs(
                "{\"op\": \"get\", \"path\": \"addresses.billing\"}",
                "{\"op\": \"get\", \"path\": \"purchases.abandoned\"}",
                "{\"op\": \"get\", \"path\": \"purchases.complete[0]\"}",
                "{\"op\": \"get\", \"path\": \"purchases.complete[-1]\"}",
                "{\"op\": \"get\", \"path\": \"purchases.complete[4]\"}",
                "{\"op\": \"get\", \"path\": \"name\"}"));
        assertThat(reply.body().get("results")).isEqualTo(json("""
                [{"exists": true, "value": {"line1": "123 Any Street", "line2": "Anytown", "country": "United Kingdom"}},
                 {"exists": true, "value": [157, 42, 999]},
                 {"exists": true, "value": 339},
                 {"exists": true, "value": 666},
                 {"exists": false, "error": {"code": "PATH_NOT_FOUND"}},
                 {"exists": true, "value": "Douglas Reynholm"}]"""));
    }

    @Test
    void the_empty_path_is_the_whole_document_and_count_on_it_counts_top_level_keys() {
        createCustomer();
        Reply reply = lookup(specs(
                "{\"op\": \"get\", \"path\": \"\"}",
                "{\"op\": \"count\", \"path\": \"\"}",
                "{\"op\": \"exists\", \"path\": \"\"}"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().at("/results/0")).isEqualTo(json("{\"exists\": true, \"value\": " + CUSTOMER + "}"));
        assertThat(reply.body().at("/results/1")).isEqualTo(json("{\"exists\": true, \"value\": 4}"));
        assertThat(reply.body().at("/results/2")).isEqualTo(json("{\"exists\": true}"));
    }

    @Test
    void a_root_array_document_is_read_with_the_empty_path_and_indexes() {
        create("my_array", "[\"a\", [1, 2], {\"k\": null}]");
        Reply reply = kv.lookupIn(doc("my_array"), specs(
                "{\"op\": \"count\", \"path\": \"\"}",
                "{\"op\": \"get\", \"path\": \"[1][-1]\"}",
                "{\"op\": \"get\", \"path\": \"[2].k\"}",
                "{\"op\": \"exists\", \"path\": \"[3]\"}"));
        assertThat(reply.body().get("results")).isEqualTo(json("""
                [{"exists": true, "value": 3}, {"exists": true, "value": 2},
                 {"exists": true, "value": null}, {"exists": false}]"""));
    }

    @Test
    void a_path_through_a_value_of_the_wrong_type_is_path_mismatch_for_that_spec_only() {
        createCustomer();
        Reply reply = lookup(specs(
                "{\"op\": \"get\", \"path\": \"purchases.complete.x\"}",
                "{\"op\": \"get\", \"path\": \"name[0]\"}",
                "{\"op\": \"exists\", \"path\": \"addresses[0]\"}",
                "{\"op\": \"count\", \"path\": \"name\"}",
                "{\"op\": \"count\", \"path\": \"purchases.complete[0]\"}",
                "{\"op\": \"count\", \"path\": \"addresses.billing\"}"));
        assertThat(reply.status()).isEqualTo(200);
        String mismatch = "{\"exists\": false, \"error\": {\"code\": \"PATH_MISMATCH\"}}";
        assertThat(reply.body().get("results")).isEqualTo(json(
                "[" + String.join(", ", mismatch, mismatch, mismatch, mismatch, mismatch) + ", {\"exists\": true, \"value\": 3}]"));
    }

    @Test
    void a_missing_document_is_404_document_not_found() {
        createCustomer();
        Reply missing = kv.lookupIn(doc("customer456"), specs("{\"op\": \"get\", \"path\": \"name\"}"));
        assertRefused(missing, 404, "DOCUMENT_NOT_FOUND", null);
        Reply noCollection = kv.lookupIn("/v1/kv/" + freshCollection() + "/customer123",
                specs("{\"op\": \"exists\", \"path\": \"name\"}"));
        assertRefused(noCollection, 404, "DOCUMENT_NOT_FOUND", null);
    }

    @Test
    void a_removed_document_is_404() {
        createCustomer();
        assertThat(kv.delete(doc(CUSTOMER_KEY)).status()).isEqualTo(200);
        assertRefused(lookup(specs("{\"op\": \"exists\", \"path\": \"name\"}")), 404, "DOCUMENT_NOT_FOUND", null);
    }

    @Test
    void sixteen_specs_are_accepted_and_seventeen_are_a_validation_error() {
        createCustomer();
        String spec = "{\"op\": \"exists\", \"path\": \"name\"}";
        String[] sixteen = new String[16];
        java.util.Arrays.fill(sixteen, spec);
        Reply ok = lookup(specs(sixteen));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("results")).hasSize(16);
        String[] seventeen = new String[17];
        java.util.Arrays.fill(seventeen, spec);
        assertRefused(lookup(specs(seventeen)), 400, "VALIDATION_ERROR", null);
        assertRefused(lookup("{\"specs\": []}"), 400, "VALIDATION_ERROR", null);
    }

    @Test
    void malformed_paths_are_400_and_name_the_spec() {
        createCustomer();
        assertRefused(lookup(specs("{\"op\": \"get\", \"path\": \"name\"}", "{\"op\": \"get\", \"path\": \"a[-2]\"}")),
                400, "PATH_INVALID", 1);
        assertRefused(lookup(specs("{\"op\": \"get\", \"path\": \"a..b\"}")), 400, "PATH_INVALID", 0);
        assertRefused(lookup(specs("{\"op\": \"get\", \"path\": \"" + dotted(32) + "\"}")), 400, "PATH_TOO_BIG", 0);
        Reply longest = lookup(specs("{\"op\": \"exists\", \"path\": \"" + dotted(31) + "\"}"));
        assertThat(longest.status()).isEqualTo(200);
        assertThat(longest.body().get("results")).isEqualTo(json("[{\"exists\": false}]"));
    }

    @Test
    void malformed_requests_are_400_validation_errors() {
        createCustomer();
        assertRefused(lookup("{\"specs\": [{\"op\": \"get\", \"path\": \"name\"}], \"cas\": \"1\"}"), 400, "VALIDATION_ERROR", null);
        assertRefused(lookup(specs("{\"op\": \"get\", \"path\": \"name\", \"xattr\": true}")), 400, "VALIDATION_ERROR", 0);
        assertRefused(lookup(specs("{\"op\": \"get\", \"path\": \"name\", \"value\": 1}")), 400, "VALIDATION_ERROR", 0);
        assertRefused(lookup(specs("{\"op\": \"upsert\", \"path\": \"name\"}")), 400, "VALIDATION_ERROR", 0);
        assertRefused(lookup(specs("{\"op\": \"get\"}")), 400, "VALIDATION_ERROR", 0);
        assertRefused(lookup(specs("\"name\"")), 400, "VALIDATION_ERROR", 0);
        assertRefused(lookup("{\"specs\": [{\"op\": \"get\", \"path\": \"name\"}"), 400, "VALIDATION_ERROR", null);
        assertRefused(lookup("[]"), 400, "VALIDATION_ERROR", null);
        Reply query = kv.lookupIn(doc(CUSTOMER_KEY) + "?path=name", specs("{\"op\": \"get\", \"path\": \"name\"}"));
        assertRefused(query, 400, "VALIDATION_ERROR", null);
    }
}
