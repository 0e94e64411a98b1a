package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/kv/{c}/{key}/mutate_in} through HTTP: the object ops (upsert, insert, replace,
 * remove), create_parents, ordering and the response shape, with the seed's examples.
 */
class MutateInIntegrationTest extends SubdocHttpTest {

    @BeforeEach
    void customer() {
        createCustomer();
    }

    /** The customer document with {@code change} applied to it by the test. */
    private static String customerWith(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode doc = (ObjectNode) json(CUSTOMER);
        change.accept(doc);
        return doc.toString();
    }

    @Test
    void upsert_adds_the_seed_fax_then_overwrites_it() {
        Reply reply = mutateStores(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"fax\", \"value\": \"311-555-0151\"}"),
                customerWith(d -> d.put("fax", "311-555-0151")));
        assertThat(reply.body().get("results")).isEqualTo(json("[{}]"));
        mutateStores(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"fax\", \"value\": {\"home\": null}}"),
                customerWith(d -> d.set("fax", json("{\"home\": null}"))));
    }

    @Test
    void insert_adds_the_seed_pending_array_as_one_value() {
        mutateStores(CUSTOMER_KEY,
                specs("{\"op\": \"insert\", \"path\": \"purchases.pending\", \"value\": [42, true, \"None\"]}"),
                customerWith(d -> ((ObjectNode) d.get("purchases")).set("pending", json("[42, true, \"None\"]"))));
    }

    @Test
    void insert_on_an_existing_path_is_409_path_exists_and_changes_nothing() {
        mutateRefused(CUSTOMER_KEY,
                specs("{\"op\": \"insert\", \"path\": \"purchases.complete\", \"value\": [42, true, \"None\"]}"),
                409, "PATH_EXISTS", 0);
        assertThat(snapshot(CUSTOMER_KEY).content()).isEqualTo(json(CUSTOMER));
    }

    @Test
    void remove_and_replace_apply_together_as_in_the_seed() {
        mutateStores(CUSTOMER_KEY, specs(
                "{\"op\": \"remove\", \"path\": \"addresses.billing\"}",
                "{\"op\": \"replace\", \"path\": \"email\", \"value\": \"dougr96@hotmail.com\"}"),
                customerWith(d -> {
                    ((ObjectNode) d.get("addresses")).remove("billing");
                    d.put("email", "dougr96@hotmail.com");
                }));
    }

    @Test
    void replace_and_remove_reach_array_elements_including_the_last() {
        mutateStores(CUSTOMER_KEY, specs(
                "{\"op\": \"replace\", \"path\": \"purchases.complete[0]\", \"value\": 1}",
                "{\"op\": \"remove\", \"path\": \"purchases.abandoned[-1]\"}",
                "{\"op\": \"replace\", \"path\": \"purchases.complete[-1]\", \"value\": {\"id\": 666}}"),
                customerWith(d -> d.set("purchases", json(
                        "{\"complete\": [1, 976, 442, {\"id\": 666}], \"abandoned\": [157, 42]}"))));
    }

    @Test
    void replace_or_remove_of_a_missing_path_is_422_path_not_found() {
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"replace\", \"path\": \"phone\", \"value\": 1}"), 422, "PATH_NOT_FOUND", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"remove\", \"path\": \"purchases.complete[4]\"}"), 422, "PATH_NOT_FOUND", 0);
    }

    @Test
    void a_missing_parent_is_path_not_found_unless_create_parents_creates_objects() {
        String phone = "{\"op\": \"upsert\", \"path\": \"level_0.level_1.foo.bar.phone\", "
                + "\"value\": {\"num\": \"311-555-0101\", \"ext\": 16}";
        mutateRefused(CUSTOMER_KEY, specs(phone + "}"), 422, "PATH_NOT_FOUND", 0);
        mutateStores(CUSTOMER_KEY, specs(phone + ", \"create_parents\": true}"),
                customerWith(d -> d.set("level_0", json(
                        "{\"level_1\": {\"foo\": {\"bar\": {\"phone\": {\"num\": \"311-555-0101\", \"ext\": 16}}}}}"))));
        // the immediate parent now exists: no flag needed
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"insert\", \"path\": \"level_0.level_1.foo.other\", \"value\": 1}"));
        assertThat(snapshot(CUSTOMER_KEY).content().at("/level_0/level_1/foo/other").asInt()).isEqualTo(1);
    }

    @Test
    void create_path_is_accepted_as_the_sdk_name_of_create_parents() {
        mutateStores(CUSTOMER_KEY, specs("{\"op\": \"insert\", \"path\": \"a.b.c\", \"value\": true, \"create_path\": true}"),
                customerWith(d -> d.set("a", json("{\"b\": {\"c\": true}}"))));
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"insert\", \"path\": \"x.y\", \"value\": 1, \"create_path\": false}"),
                422, "PATH_NOT_FOUND", 0);
        mutateRefused(CUSTOMER_KEY,
                specs("{\"op\": \"insert\", \"path\": \"x.y\", \"value\": 1, \"create_path\": true, \"create_parents\": true}"),
                400, "VALIDATION_ERROR", 0);
    }

    @Test
    void create_parents_never_creates_array_elements() {
        mutateRefused(CUSTOMER_KEY,
                specs("{\"op\": \"upsert\", \"path\": \"purchases.complete[9].x\", \"value\": 1, \"create_parents\": true}"),
                422, "PATH_NOT_FOUND", 0);
    }

    @Test
    void a_key_on_an_array_or_a_string_is_422_path_mismatch() {
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"purchases.complete.sierra\", \"value\": 1}"),
                422, "PATH_MISMATCH", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"insert\", \"path\": \"name.first\", \"value\": \"Douglas\"}"),
                422, "PATH_MISMATCH", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"replace\", \"path\": \"addresses[0]\", \"value\": 1}"),
                422, "PATH_MISMATCH", 0);
    }

    @Test
    void later_specs_see_earlier_ones() {
        mutateStores(CUSTOMER_KEY, specs(
                "{\"op\": \"insert\", \"path\": \"tags\", \"value\": []}",
                "{\"op\": \"array_append\", \"path\": \"tags\", \"value\": \"vip\"}",
                "{\"op\": \"replace\", \"path\": \"tags[0]\", \"value\": \"gold\"}",
                "{\"op\": \"upsert\", \"path\": \"n\", \"value\": 5}",
                "{\"op\": \"counter\", \"path\": \"n\", \"delta\": 2}",
                "{\"op\": \"remove\", \"path\": \"email\"}",
                "{\"op\": \"insert\", \"path\": \"email\", \"value\": \"new@example.com\"}"),
                customerWith(d -> {
                    d.set("tags", json("[\"gold\"]"));
                    d.put("n", 7);
                    d.remove("email");
                    d.put("email", "new@example.com");
                }));
    }

    @Test
    void results_hold_one_entry_per_spec_with_counter_values_only() {
        Reply reply = mutateOk(CUSTOMER_KEY, specs(
                "{\"op\": \"upsert\", \"path\": \"fax\", \"value\": \"311-555-0151\"}",
                "{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 1}",
                "{\"op\": \"array_append\", \"path\": \"purchases.complete\", \"value\": 777}",
                "{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 10}"));
        assertThat(reply.body().get("results")).isEqualTo(json("[{}, {\"value\": 1}, {}, {\"value\": 11}]"));
    }

    @Test
    void every_success_changes_the_cas_and_an_old_cas_no_longer_matches() {
        String first = snapshot(CUSTOMER_KEY).cas();
        String second = mutateOk(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"fax\", \"value\": 1}")).cas();
        String third = mutateOk(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"fax\", \"value\": 1}")).cas();
        assertThat(java.util.List.of(first, second, third)).doesNotHaveDuplicates();
        mutateRefused(CUSTOMER_KEY, specsWith("\"cas\": \"" + first + "\"", "{\"op\": \"remove\", \"path\": \"fax\"}"),
                409, "CAS_MISMATCH", null);
    }

    /** replace on the root replaces the whole document (SubdocStoreRulesIntegrationTest). */
    @Test
    void upsert_insert_and_remove_on_the_root_are_400_path_invalid() {
        for (String op : new String[] {"upsert", "insert"}) {
            mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"" + op + "\", \"path\": \"\", \"value\": {}}"), 400, "PATH_INVALID", 0);
        }
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"remove\", \"path\": \"\"}"), 400, "PATH_INVALID", 0);
    }

    @Test
    void upsert_and_insert_need_a_key_as_the_last_component() {
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"purchases.complete[0]\", \"value\": 1}"),
                400, "PATH_INVALID", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"insert\", \"path\": \"purchases.complete[9]\", \"value\": 1}"),
                400, "PATH_INVALID", 0);
    }

    @Test
    void backticked_and_escaped_keys_reach_literal_dots_brackets_and_quotes() {
        mutateStores(CUSTOMER_KEY, specs(
                "{\"op\": \"upsert\", \"path\": \"`literal[]bracket`\", \"value\": {}}",
                "{\"op\": \"upsert\", \"path\": \"`literal[]bracket`.`literal.dot`\", \"value\": true}",
                "{\"op\": \"upsert\", \"path\": \"literal\\\\\\\"quote\", \"value\": 1}",
                "{\"op\": \"upsert\", \"path\": \"`a``b`\", \"value\": 2}"),
                customerWith(d -> {
                    d.set("literal[]bracket", json("{\"literal.dot\": true}"));
                    d.put("literal\"quote", 1);
                    d.put("a`b", 2);
                }));
    }

    @Test
    void numbers_are_stored_and_read_back_digit_for_digit() {
        String pi = "3.14159265358979323846264338327950288";
        String tiny = "1E-400";
        String big = "123456789012345678901234567890";
        mutateOk(CUSTOMER_KEY, specs(
                "{\"op\": \"upsert\", \"path\": \"pi\", \"value\": " + pi + "}",
                "{\"op\": \"upsert\", \"path\": \"tiny\", \"value\": " + tiny + "}",
                "{\"op\": \"array_append\", \"path\": \"purchases.complete\", \"value\": " + big + "}"));
        Snapshot after = snapshot(CUSTOMER_KEY);
        assertThat(after.content().get("pi").decimalValue()).hasToString(pi);
        assertThat(after.content().get("tiny").decimalValue()).isEqualByComparingTo(tiny);
        assertThat(after.content().at("/purchases/complete/4").bigIntegerValue()).hasToString(big);
        Reply looked = kv.lookupIn(doc(CUSTOMER_KEY), specs("{\"op\": \"get\", \"path\": \"pi\"}",
                "{\"op\": \"get\", \"path\": \"tiny\"}", "{\"op\": \"get\", \"path\": \"purchases.complete[-1]\"}"));
        assertThat(looked.body().at("/results/0/value").decimalValue()).hasToString(pi);
        assertThat(looked.body().at("/results/1/value").decimalValue()).isEqualByComparingTo(tiny);
        assertThat(looked.body().at("/results/2/value").bigIntegerValue()).hasToString(big);
    }
}
