package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** mutate_in's array ops through HTTP, with the seed's examples. */
class MutateInArraysIntegrationTest extends SubdocHttpTest {

    private String complete() {
        return snapshot(CUSTOMER_KEY).content().at("/purchases/complete").toString();
    }

    @Test
    void array_append_and_prepend_as_in_the_seed() {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_append\", \"path\": \"purchases.complete\", \"value\": 777}"));
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_prepend\", \"path\": \"purchases.abandoned\", \"value\": 18}"));
        String expected = CUSTOMER.replace("[339, 976, 442, 666]", "[339, 976, 442, 666, 777]")
                .replace("[157, 42, 999]", "[18, 157, 42, 999]");
        assertThat(snapshot(CUSTOMER_KEY).content()).isEqualTo(json(expected));
    }

    @Test
    void values_adds_several_elements_in_order_and_an_array_value_is_one_nested_element() {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_append\", \"path\": \"purchases.complete\", \"values\": [1, 2]}"));
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_prepend\", \"path\": \"purchases.complete\", \"values\": [3, 4]}"));
        assertThat(complete()).isEqualTo("[3,4,339,976,442,666,1,2]");
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_prepend\", \"path\": \"purchases.complete\", \"value\": [5, 6]}"));
        assertThat(complete()).isEqualTo("[[5,6],3,4,339,976,442,666,1,2]");
    }

    @Test
    void a_root_array_document_takes_array_ops_on_the_empty_path_as_in_the_seed() {
        create("my_array", "[]");
        mutateStores("my_array", specs("{\"op\": \"array_append\", \"path\": \"\", \"value\": \"some element\"}"),
                "[\"some element\"]");
        mutateStores("my_array", specs("{\"op\": \"array_append\", \"path\": \"\", \"values\": [\"elem1\", \"elem2\", \"elem3\"]}"),
                "[\"some element\", \"elem1\", \"elem2\", \"elem3\"]");
        mutateStores("my_array", specs("{\"op\": \"array_append\", \"path\": \"\", \"value\": [\"elem4\", \"elem5\", \"elem6\"]}"),
                "[\"some element\", \"elem1\", \"elem2\", \"elem3\", [\"elem4\", \"elem5\", \"elem6\"]]");
        mutateStores("my_array", specs(
                "{\"op\": \"array_append\", \"path\": \"\", \"value\": \"elem7\"}",
                "{\"op\": \"array_append\", \"path\": \"\", \"value\": \"elem8\"}",
                "{\"op\": \"array_append\", \"path\": \"\", \"value\": \"elem9\"}"),
                "[\"some element\", \"elem1\", \"elem2\", \"elem3\", [\"elem4\", \"elem5\", \"elem6\"], \"elem7\", \"elem8\", \"elem9\"]");
    }

    @Test
    void create_parents_creates_the_array_for_array_prepend_as_in_the_seed() {
        create("some_doc", "{}");
        mutateRefused("some_doc", specs("{\"op\": \"array_prepend\", \"path\": \"some.array\", \"values\": [\"Hello\", \"World\"]}"),
                422, "PATH_NOT_FOUND", 0);
        mutateStores("some_doc",
                specs("{\"op\": \"array_prepend\", \"path\": \"some.array\", \"values\": [\"Hello\", \"World\"], \"create_parents\": true}"),
                "{\"some\": {\"array\": [\"Hello\", \"World\"]}}");
    }

    @Test
    void array_ops_on_a_non_array_are_path_mismatch() {
        createCustomer();
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_append\", \"path\": \"name\", \"value\": 1}"), 422, "PATH_MISMATCH", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_prepend\", \"path\": \"addresses\", \"value\": 1}"), 422, "PATH_MISMATCH", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_append\", \"path\": \"\", \"value\": 1}"), 422, "PATH_MISMATCH", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_insert\", \"path\": \"name[0]\", \"value\": 1}"), 422, "PATH_MISMATCH", 0);
    }

    @Test
    void array_addunique_adds_95_once_and_the_second_time_is_409_path_exists() {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"purchases.complete\", \"value\": 95}"));
        assertThat(complete()).isEqualTo("[339,976,442,666,95]");
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"purchases.complete\", \"value\": 95}"),
                409, "PATH_EXISTS", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"purchases.complete\", \"value\": 339}"),
                409, "PATH_EXISTS", 0);
    }

    @Test
    void array_addunique_refuses_containers_and_arrays_holding_floats_or_containers() {
        createCustomer();
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"purchases.complete\", \"value\": [1]}"),
                422, "VALUE_CANT_INSERT", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"purchases.complete\", \"value\": {\"a\": 1}}"),
                422, "VALUE_CANT_INSERT", 0);
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"mixed\", \"value\": [1, 2.5]}"));
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"mixed\", \"value\": 3}"), 422, "PATH_MISMATCH", 0);
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"mixed\", \"value\": [1, [2]]}"));
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"mixed\", \"value\": 3}"), 422, "PATH_MISMATCH", 0);
    }

    @Test
    void array_addunique_with_create_parents_creates_a_one_element_array() {
        createCustomer();
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"tags.set\", \"value\": \"a\"}"),
                422, "PATH_NOT_FOUND", 0);
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_addunique\", \"path\": \"tags.set\", \"value\": \"a\", \"create_parents\": true}"));
        assertThat(snapshot(CUSTOMER_KEY).content().get("tags")).isEqualTo(json("{\"set\": [\"a\"]}"));
    }

    @Test
    void array_insert_puts_cruel_second_as_in_the_seed() {
        create("array", "[]");
        mutateStores("array", specs("{\"op\": \"array_append\", \"path\": \"\", \"values\": [\"hello\", \"world\"]}"),
                "[\"hello\", \"world\"]");
        mutateStores("array", specs("{\"op\": \"array_insert\", \"path\": \"[1]\", \"value\": \"cruel\"}"),
                "[\"hello\", \"cruel\", \"world\"]");
    }

    @Test
    void array_insert_takes_0_to_length_and_beyond_is_422_path_not_found() {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_insert\", \"path\": \"purchases.complete[0]\", \"value\": 1}"));
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"array_insert\", \"path\": \"purchases.complete[5]\", \"values\": [2, 3]}"));
        assertThat(complete()).isEqualTo("[1,339,976,442,666,2,3]");
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_insert\", \"path\": \"purchases.complete[8]\", \"value\": 9}"),
                422, "PATH_NOT_FOUND", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_insert\", \"path\": \"purchases.pending[0]\", \"value\": 9}"),
                422, "PATH_NOT_FOUND", 0);
    }

    @Test
    void array_insert_needs_a_non_negative_index_as_its_last_component() {
        createCustomer();
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_insert\", \"path\": \"purchases.complete[-1]\", \"value\": 1}"),
                400, "PATH_INVALID", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_insert\", \"path\": \"purchases.complete\", \"value\": 1}"),
                400, "PATH_INVALID", 0);
    }

    @Test
    void array_ops_refuse_a_missing_or_empty_value() {
        createCustomer();
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_append\", \"path\": \"purchases.complete\"}"), 400, "VALIDATION_ERROR", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_append\", \"path\": \"purchases.complete\", \"values\": []}"),
                400, "VALIDATION_ERROR", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"array_append\", \"path\": \"purchases.complete\", \"value\": 1, \"values\": [2]}"),
                400, "VALIDATION_ERROR", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"x\", \"values\": [2]}"), 400, "VALIDATION_ERROR", 0);
    }
}
