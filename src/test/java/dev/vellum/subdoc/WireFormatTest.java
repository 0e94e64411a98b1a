package dev.vellum.subdoc;

import static dev.vellum.subdoc.SubdocFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request specs as the jsonb parameter of vellum_mutate_in (docs/subdoc-wire-format.md). */
class WireFormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "upsert_sends_one_value            | {'op': 'upsert', 'path': 'fax', 'value': '311-555-0151'}"
                + " | {'op': 'upsert', 'path': ['fax'], 'values': ['311-555-0151'], 'create_parents': false}",
        "insert_array_value_is_one_element | {'op': 'insert', 'path': 'purchases.pending', 'value': [42, true, 'None']}"
                + " | {'op': 'insert', 'path': ['purchases', 'pending'], 'values': [[42, true, 'None']], 'create_parents': false}",
        "replace_an_element                | {'op': 'replace', 'path': 'a[-1]', 'value': null}"
                + " | {'op': 'replace', 'path': ['a', -1], 'values': [null], 'create_parents': false}",
        "remove_has_no_values              | {'op': 'remove', 'path': 'addresses.billing'}"
                + " | {'op': 'remove', 'path': ['addresses', 'billing'], 'create_parents': false}",
        "append_values_in_order            | {'op': 'array_append', 'path': 'purchases.complete', 'values': [998, 999]}"
                + " | {'op': 'array_append', 'path': ['purchases', 'complete'], 'values': [998, 999], 'create_parents': false}",
        "prepend_on_the_root               | {'op': 'array_prepend', 'path': '', 'value': 'hello'}"
                + " | {'op': 'array_prepend', 'path': [], 'values': ['hello'], 'create_parents': false}",
        "array_insert_index_travels        | {'op': 'array_insert', 'path': 'purchases.complete[1]', 'value': 42}"
                + " | {'op': 'array_insert', 'path': ['purchases', 'complete', 1], 'values': [42], 'create_parents': false}",
        "addunique_with_create_path        | {'op': 'array_addunique', 'path': 'purchases.complete', 'value': 95, 'create_path': true}"
                + " | {'op': 'array_addunique', 'path': ['purchases', 'complete'], 'values': [95], 'create_parents': true}",
        "counter_sends_delta_only          | {'op': 'counter', 'path': 'logins', 'delta': -9223372036854775808}"
                + " | {'op': 'counter', 'path': ['logins'], 'delta': -9223372036854775808, 'create_parents': false}",
        "create_parents_travels            | {'op': 'upsert', 'path': 'level_0.level_1.foo.bar.phone', 'value': {'num': '311-555-0101'}, 'create_parents': true}"
                + " | {'op': 'upsert', 'path': ['level_0', 'level_1', 'foo', 'bar', 'phone'], 'values': [{'num': '311-555-0101'}], 'create_parents': true}",
        "keys_travel_unquoted_and_unescaped | {'op': 'upsert', 'path': '`a.b`.c\\\\\\'d', 'value': 1}"
                + " | {'op': 'upsert', 'path': ['a.b', 'c\\'d'], 'values': [1], 'create_parents': false}"})
    void renders_each_spec_per_the_contract(String behaviour, String spec, String wire) {
        MutateRequest request = SpecParser.mutations(json("{'specs': [" + spec + "]}"));
        assertWire("[" + wire + "]", request);
    }

    @Test
    void specs_keep_their_order() {
        MutateRequest request = SpecParser.mutations(json("{'specs': [{'op': 'remove', 'path': 'b'},"
                + " {'op': 'counter', 'path': 'n', 'delta': 2}, {'op': 'upsert', 'path': 'a', 'value': {}}]}"));
        assertWire("[{'op': 'remove', 'path': ['b'], 'create_parents': false},"
                + " {'op': 'counter', 'path': ['n'], 'delta': 2, 'create_parents': false},"
                + " {'op': 'upsert', 'path': ['a'], 'values': [{}], 'create_parents': false}]", request);
    }

    /** Compares JSON text, as Postgres receives it: a delta is a number whatever its Java width. */
    private static void assertWire(String expected, MutateRequest request) {
        assertEquals(json(expected).toString(), WireFormat.specs(request.specs()).toString());
    }
}
