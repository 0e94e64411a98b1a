package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Couchbase Server's store rules through {@code /mutate_in}: upsert and insert semantics create a
 * missing document the way mkdoc does, replace on {@code ""} replaces the whole document, and the
 * answers kept where Couchbase and the seed disagree (see the README's sub-document decisions).
 * Specs are written with single quotes.
 */
class SubdocStoreRulesIntegrationTest extends SubdocHttpTest {

    private static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "array_append_on_the_root_makes_an_array  | upsert | {'op': 'array_append', 'path': '', 'values': [1, 2]}      | [1, 2]",
        "array_prepend_on_the_root                | insert | {'op': 'array_prepend', 'path': '', 'value': 'a'}        | ['a']",
        "array_addunique_on_the_root              | upsert | {'op': 'array_addunique', 'path': '', 'value': 'a'}      | ['a']",
        "array_insert_at_index_zero               | insert | {'op': 'array_insert', 'path': '[0]', 'value': 'x'}      | ['x']",
        "later_specs_see_the_root_array           | upsert | {'op': 'array_append', 'path': '', 'value': 1}, {'op': 'array_prepend', 'path': '', 'value': 0} | [0, 1]",
        "a_counter_on_a_nested_path               | upsert | {'op': 'counter', 'path': 'stats.logins', 'delta': 1}     | {'stats': {'logins': 1}}",
        "a_counter_under_insert                   | insert | {'op': 'counter', 'path': 'a.b.c', 'delta': -5}           | {'a': {'b': {'c': -5}}}",
        "upsert_creates_its_parents               | upsert | {'op': 'upsert', 'path': 'a.b', 'value': true}            | {'a': {'b': true}}",
        "insert_creates_its_parents               | insert | {'op': 'insert', 'path': 'a.b', 'value': true}            | {'a': {'b': true}}",
        "array_append_on_a_key_makes_an_object    | upsert | {'op': 'array_append', 'path': 'list.items', 'value': 1} | {'list': {'items': [1]}}",
        "replace_on_the_root_is_the_new_document  | upsert | {'op': 'replace', 'path': '', 'value': {'x': 1}}          | {'x': 1}",
        "replace_on_the_root_may_make_an_array    | insert | {'op': 'replace', 'path': '', 'value': [1]}               | [1]"})
    void a_missing_document_is_created_like_couchbase_mkdoc(String behaviour, String semantics, String specs, String expected) {
        Reply created = kv.mutateIn(doc("fresh"), q("{'specs': [" + specs + "], 'store_semantics': '" + semantics + "'}"));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(200);
        assertThat(created.cas()).isEqualTo("1");
        assertThat(snapshot("fresh").content()).isEqualTo(json(q(expected)));
    }

    @Test
    void upsert_semantics_create_parents_in_an_existing_document_too_and_replace_semantics_do_not() {
        createCustomer();
        String spec = q("{'op': 'upsert', 'path': 'level_0.level_1.phone', 'value': '311-555-0101'}");
        mutateRefused(CUSTOMER_KEY, specs(spec), 422, "PATH_NOT_FOUND", 0);
        mutateOk(CUSTOMER_KEY, specsWith(q("'store_semantics': 'upsert'"), spec));
        assertThat(snapshot(CUSTOMER_KEY).content().at("/level_0/level_1/phone").asString()).isEqualTo("311-555-0101");
    }

    @Test
    void a_failing_spec_still_creates_nothing() {
        assertRefused(kv.mutateIn(doc("fresh"), q("{'specs': [{'op': 'array_append', 'path': '', 'value': 1},"
                + " {'op': 'upsert', 'path': 'a', 'value': 1}], 'store_semantics': 'upsert'}")), 422, "PATH_MISMATCH", 1);
        assertThat(kv.get(doc("fresh")).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "by_an_object                   | {'op': 'replace', 'path': '', 'value': {'name': 'New'}}   | {'name': 'New'}",
        "by_an_array                    | {'op': 'replace', 'path': '', 'value': [1, 2]}            | [1, 2]",
        "then_later_specs_work_on_it    | {'op': 'replace', 'path': '', 'value': {'a': 1}}, {'op': 'upsert', 'path': 'b', 'value': 2} | {'a': 1, 'b': 2}",
        "after_earlier_specs            | {'op': 'upsert', 'path': 'fax', 'value': 1}, {'op': 'replace', 'path': '', 'value': []} | []"})
    void replace_on_the_root_replaces_the_whole_document(String behaviour, String specs, String expected) {
        createCustomer();
        mutateStores(CUSTOMER_KEY, q("{'specs': [" + specs + "]}"), q(expected));
        Reply read = kv.lookupIn(doc(CUSTOMER_KEY), specs(q("{'op': 'get', 'path': ''}")));
        assertThat(read.body().at("/results/0/value")).isEqualTo(json(q(expected)));
    }

    @ParameterizedTest(name = "replace_on_the_root_with_{0}_is_value_cant_insert")
    @CsvSource(delimiter = '|', value = {"1", "\"text\"", "null", "true"})
    void replace_on_the_root_needs_an_object_or_array(String value) {
        createCustomer();
        mutateRefused(CUSTOMER_KEY, q("{'specs': [{'op': 'replace', 'path': '', 'value': " + value + "}]}"), 422, "VALUE_CANT_INSERT", 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // the seed: array_addunique refuses floats, as values and in the array (Couchbase Server accepts them)
        "a_float_value_is_value_cant_insert        | {'op': 'array_addunique', 'path': 'purchases.complete', 'value': 2.5} | 422 | VALUE_CANT_INSERT | 0",
        "a_float_with_zero_fraction_too            | {'op': 'array_addunique', 'path': 'purchases.complete', 'value': 2.0} | 422 | VALUE_CANT_INSERT | 0",
        "an_array_holding_a_float_is_path_mismatch | {'op': 'array_addunique', 'path': 'prices', 'value': 3}              | 422 | PATH_MISMATCH     | 0",
        // Couchbase Server: array_insert takes no create_parents (the seed: the array must already exist)
        "array_insert_with_create_parents          | {'op': 'array_insert', 'path': 'tags[0]', 'value': 1, 'create_parents': true}             | 400 | VALIDATION_ERROR | 0",
        "array_insert_with_create_path             | {'op': 'array_insert', 'path': 'purchases.complete[0]', 'value': 1, 'create_path': true} | 400 | VALIDATION_ERROR | 0"})
    void where_couchbase_and_the_seed_disagree(String behaviour, String spec, int status, String code, int specIndex) {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specs(q("{'op': 'upsert', 'path': 'prices', 'value': [1, 2.5]}")));
        mutateRefused(CUSTOMER_KEY, specs(q(spec)), status, code, specIndex);
    }

    @Test
    void a_cas_with_insert_semantics_is_400_whether_or_not_the_document_exists() {
        String body = q("{'specs': [{'op': 'upsert', 'path': 'a', 'value': 1}], 'store_semantics': 'insert', 'cas': '1'}");
        String header = q("{'specs': [{'op': 'upsert', 'path': 'a', 'value': 1}], 'store_semantics': 'insert'}");
        assertCasRefused(kv.mutateIn(doc("fresh"), body));
        assertCasRefused(kv.mutateIn(doc("fresh"), header, "\"1\""));
        assertThat(kv.get(doc("fresh")).status()).isEqualTo(404);
        String cas = createCustomer();
        assertCasRefused(kv.mutateIn(doc(CUSTOMER_KEY), body.replace("\"cas\": \"1\"", "\"cas\": \"" + cas + "\"")));
        assertCasRefused(kv.mutateIn(doc(CUSTOMER_KEY), header, "\"" + cas + "\""));
        assertThat(snapshot(CUSTOMER_KEY).cas()).isEqualTo(cas);
    }

    private static void assertCasRefused(Reply reply) {
        assertRefused(reply, 400, "VALIDATION_ERROR", null);
        assertThat(reply.body().at("/error/details/field").asString()).isEqualTo("cas");
    }
}
