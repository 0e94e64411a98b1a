package dev.vellum.subdoc;

import static dev.vellum.subdoc.SubdocFixtures.assertInvalidField;
import static dev.vellum.subdoc.SubdocFixtures.assertSpecError;
import static dev.vellum.subdoc.SubdocFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vellum.error.ErrorCode;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request bodies of lookup_in and mutate_in: the body, the specs array, the options, lookup specs. */
class SpecParserTest {

    private static final String SPEC = "{'op': 'remove', 'path': 'a'}";

    @Test
    void lookup_specs_keep_their_order() {
        assertEquals(List.of(
                        new LookupSpec(LookupOp.GET, SubdocPath.of("addresses", "delivery", "country")),
                        new LookupSpec(LookupOp.EXISTS, SubdocPath.of("purchases", "pending", -1)),
                        new LookupSpec(LookupOp.COUNT, SubdocPath.ROOT)),
                SpecParser.lookups(json("{'specs': [{'op': 'get', 'path': 'addresses.delivery.country'},"
                        + " {'op': 'exists', 'path': 'purchases.pending[-1]'}, {'op': 'count', 'path': ''}]}")));
    }

    @Test
    void mutate_options_default_to_replace_and_nothing_else() {
        MutateRequest request = SpecParser.mutations(json("{'specs': [" + SPEC + "]}"));
        assertEquals(StoreSemantics.REPLACE, request.semantics());
        assertEquals(Optional.empty(), request.cas());
        assertEquals(Optional.empty(), request.expirySeconds());
        assertEquals(Optional.empty(), request.durability());
    }

    @Test
    void mutate_options_are_read() {
        MutateRequest request = SpecParser.mutations(json("{'specs': [" + SPEC + "], 'cas': '17',"
                + " 'store_semantics': 'upsert', 'expiry': 0, 'durability': 'majority_and_persist_to_active'}"));
        assertEquals(Optional.of("17"), request.cas());
        assertEquals(StoreSemantics.UPSERT, request.semantics());
        assertEquals(Optional.of(0), request.expirySeconds());
        assertEquals(Optional.of(Durability.MAJORITY_AND_PERSIST_TO_ACTIVE), request.durability());
    }

    @Test
    void null_options_count_as_absent() {
        MutateRequest request = SpecParser.mutations(json("{'specs': [" + SPEC + "], 'cas': null,"
                + " 'store_semantics': null, 'expiry': null, 'durability': null}"));
        assertEquals(StoreSemantics.REPLACE, request.semantics());
        assertEquals(Optional.empty(), request.cas());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "body_must_be_an_object       | body            | ['specs']",
        "unknown_top_level_field      | durable         | {'specs': [" + SPEC + "], 'durable': true}",
        "specs_missing                | specs           | {}",
        "specs_not_an_array           | specs           | {'specs': " + SPEC + "}",
        "specs_empty                  | specs           | {'specs': []}",
        "cas_not_a_string             | cas             | {'specs': [" + SPEC + "], 'cas': 17}",
        "cas_empty                    | cas             | {'specs': [" + SPEC + "], 'cas': ''}",
        "store_semantics_unknown      | store_semantics | {'specs': [" + SPEC + "], 'store_semantics': 'merge'}",
        "store_semantics_is_lowercase | store_semantics | {'specs': [" + SPEC + "], 'store_semantics': 'UPSERT'}",
        "expiry_negative              | expiry          | {'specs': [" + SPEC + "], 'expiry': -1}",
        "expiry_fractional            | expiry          | {'specs': [" + SPEC + "], 'expiry': 1.5}",
        "expiry_beyond_int            | expiry          | {'specs': [" + SPEC + "], 'expiry': 2147483648}",
        "expiry_as_string             | expiry          | {'specs': [" + SPEC + "], 'expiry': '60'}",
        "durability_unknown           | durability      | {'specs': [" + SPEC + "], 'durability': 'all'}",
        "durability_not_a_string      | durability      | {'specs': [" + SPEC + "], 'durability': 1}"})
    void malformed_mutate_body_names_the_field(String behaviour, String field, String body) {
        assertInvalidField(field, () -> SpecParser.mutations(json(body)));
    }

    @Test
    void sixteen_specs_are_accepted_and_seventeen_refused() {
        String sixteen = String.join(",", Collections.nCopies(16, SPEC));
        assertEquals(16, SpecParser.mutations(json("{'specs': [" + sixteen + "]}")).specs().size());
        assertInvalidField("specs", () -> SpecParser.mutations(json("{'specs': [" + sixteen + "," + SPEC + "]}")));
        String lookups = String.join(",", Collections.nCopies(17, "{'op': 'get', 'path': 'a'}"));
        assertInvalidField("specs", () -> SpecParser.lookups(json("{'specs': [" + lookups + "]}")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "spec_not_an_object      | 1 |        | {'specs': [{'op': 'get', 'path': 'a'}, 'get a']}",
        "unknown_op              | 0 | op     | {'specs': [{'op': 'upsert', 'path': 'a'}]}",
        "op_missing              | 0 | op     | {'specs': [{'path': 'a'}]}",
        "path_missing            | 0 | path   | {'specs': [{'op': 'get'}]}",
        "path_not_a_string       | 0 | path   | {'specs': [{'op': 'get', 'path': ['a']}]}",
        "lookups_take_no_value   | 0 | value  | {'specs': [{'op': 'get', 'path': 'a', 'value': 1}]}",
        "lookups_take_no_values  | 0 | values | {'specs': [{'op': 'exists', 'path': 'a', 'values': [1]}]}",
        "unknown_spec_field      | 1 | xattr  | {'specs': [{'op': 'get', 'path': 'a'}, {'op': 'get', 'path': 'a', 'xattr': true}]}"})
    void malformed_lookup_spec_names_the_spec(String behaviour, int index, String field, String body) {
        var e = assertSpecError(ErrorCode.VALIDATION_ERROR, index, () -> SpecParser.lookups(json(body)));
        assertEquals(field, e.details().get("field"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "lookup_path_invalid  | PATH_INVALID | a..b",
        "lookup_minus_two     | PATH_INVALID | a[-2]",
        "lookup_32_components | PATH_TOO_BIG | [0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"})
    void lookup_path_errors_keep_their_code_and_name_the_spec(String behaviour, ErrorCode code, String path) {
        String body = "{'specs': [{'op': 'get', 'path': 'ok'}, {'op': 'get', 'path': '" + path + "'}]}";
        assertSpecError(code, 1, () -> SpecParser.lookups(json(body)));
    }
}
