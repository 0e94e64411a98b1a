package dev.vellum.subdoc;

import static dev.vellum.subdoc.SubdocFixtures.customer123;
import static dev.vellum.subdoc.SubdocFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** lookup_in against the seed's customer123 document: each spec's result on its own. */
class LookupEngineTest {

    private static JsonNode lookup(String op, String path, JsonNode document) {
        LookupSpec spec = new LookupSpec(LookupOp.fromWire(op).orElseThrow(), SubdocPathParser.parse(path));
        return LookupEngine.evaluate(spec, document).toJson();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        // op    | path                         | result
        "get     | name                         | {'exists': true, 'value': 'Douglas Reynholm'}",
        "get     | addresses.delivery.country   | {'exists': true, 'value': 'United Kingdom'}",
        "get     | purchases.complete[0]        | {'exists': true, 'value': 339}",
        "get     | purchases.complete[-1]       | {'exists': true, 'value': 666}",
        "get     | purchases.abandoned[2]       | {'exists': true, 'value': 999}",
        "get     | addresses.billing            | {'exists': true, 'value': {'line1': '123 Any Street', 'line2': 'Anytown', 'country': 'United Kingdom'}}",
        "get     | fax                          | {'exists': false, 'error': {'code': 'PATH_NOT_FOUND'}}",
        "get     | addresses.shipping.country   | {'exists': false, 'error': {'code': 'PATH_NOT_FOUND'}}",
        "get     | purchases.complete[4]        | {'exists': false, 'error': {'code': 'PATH_NOT_FOUND'}}",
        "get     | purchases.pending[-1]        | {'exists': false, 'error': {'code': 'PATH_NOT_FOUND'}}",
        "get     | purchases.complete.x         | {'exists': false, 'error': {'code': 'PATH_MISMATCH'}}",
        "get     | addresses[0]                 | {'exists': false, 'error': {'code': 'PATH_MISMATCH'}}",
        "get     | name.first                   | {'exists': false, 'error': {'code': 'PATH_MISMATCH'}}",
        "get     | name[0]                      | {'exists': false, 'error': {'code': 'PATH_MISMATCH'}}",
        "exists  | purchases.complete[-1]       | {'exists': true}",
        "exists  | purchases.pending[-1]        | {'exists': false}",
        "exists  | purchases.pending            | {'exists': true}",
        "exists  | nothing.below.here           | {'exists': false}",
        "exists  | purchases.complete.x         | {'exists': false, 'error': {'code': 'PATH_MISMATCH'}}",
        "count   | purchases.complete           | {'exists': true, 'value': 4}",
        "count   | purchases.pending            | {'exists': true, 'value': 0}",
        "count   | addresses.delivery           | {'exists': true, 'value': 3}",
        "count   | ''                           | {'exists': true, 'value': 4}",
        "count   | name                         | {'exists': false, 'error': {'code': 'PATH_MISMATCH'}}",
        "count   | purchases.complete[0]        | {'exists': false, 'error': {'code': 'PATH_MISMATCH'}}",
        "count   | fax                          | {'exists': false, 'error': {'code': 'PATH_NOT_FOUND'}}"})
    void answers_each_spec_like_couchbase(String op, String path, String expected) {
        assertEquals(json(expected), lookup(op, path, customer123()));
    }

    @Test
    void get_on_the_root_returns_the_whole_document() {
        assertEquals(json("{'exists': true, 'value': " + SubdocFixtures.CUSTOMER_123 + "}"), lookup("get", "", customer123()));
    }

    @Test
    void indexes_work_on_a_root_array_document() {
        JsonNode document = json("[1, [2, 3], {'a': 4}]");
        assertEquals(json("{'exists': true, 'value': 3}"), lookup("get", "[1][-1]", document));
        assertEquals(json("{'exists': true, 'value': 4}"), lookup("get", "[2].a", document));
        assertEquals(json("{'exists': true, 'value': 3}"), lookup("count", "", document));
        assertEquals(json("{'exists': false, 'error': {'code': 'PATH_MISMATCH'}}"), lookup("get", "a", document));
    }

    @Test
    void key_into_an_array_and_index_into_an_object_mismatch() {
        JsonNode document = json("{'tags': ['alpha', 'sierra'], 'a': {'0': 'zero'}}");
        assertEquals(json("{'exists': false, 'error': {'code': 'PATH_MISMATCH'}}"), lookup("get", "tags.sierra", document));
        assertEquals(json("{'exists': false, 'error': {'code': 'PATH_MISMATCH'}}"), lookup("get", "a[0]", document));
        assertEquals(json("{'exists': true, 'value': 'zero'}"), lookup("get", "a.0", document));
        assertEquals(json("{'exists': true, 'value': 'sierra'}"), lookup("get", "tags[1]", document));
    }

    @Test
    void null_values_exist() {
        JsonNode document = json("{'fax': null}");
        assertEquals(json("{'exists': true, 'value': null}"), lookup("get", "fax", document));
        assertEquals(json("{'exists': true}"), lookup("exists", "fax", document));
    }

    @Test
    void keys_with_dots_and_backticks_are_looked_up_literally() {
        JsonNode document = json("{'literal[]bracket': {'literal.dot': true}, 'a.b': 1, 'a': {'b': 2}, 'x`y': 3}");
        assertEquals(json("{'exists': true, 'value': true}"), lookup("get", "`literal[]bracket`.`literal.dot`", document));
        assertEquals(json("{'exists': true, 'value': 1}"), lookup("get", "`a.b`", document));
        assertEquals(json("{'exists': true, 'value': 2}"), lookup("get", "a.b", document));
        assertEquals(json("{'exists': true, 'value': 3}"), lookup("get", "`x``y`", document));
    }

    @Test
    void one_failing_spec_does_not_fail_the_others() {
        List<LookupSpec> specs = SpecParser.lookups(json("{'specs': [{'op': 'get', 'path': 'fax'},"
                + " {'op': 'exists', 'path': 'purchases.complete[-1]'}, {'op': 'get', 'path': 'tags.x'},"
                + " {'op': 'count', 'path': 'purchases.abandoned'}]}"));
        List<JsonNode> results = LookupEngine.evaluate(specs, customer123()).stream().map(r -> (JsonNode) r.toJson()).toList();
        assertEquals(List.of(
                json("{'exists': false, 'error': {'code': 'PATH_NOT_FOUND'}}"),
                json("{'exists': true}"),
                json("{'exists': false, 'error': {'code': 'PATH_NOT_FOUND'}}"),
                json("{'exists': true, 'value': 3}")), results);
    }

    @Test
    void get_returns_a_copy_the_caller_may_change() {
        JsonNode document = customer123();
        LookupResult result = LookupEngine.evaluate(new LookupSpec(LookupOp.GET, SubdocPath.of("purchases")), document);
        ((ObjectNode) ((LookupResult.Value) result).value()).remove("complete");
        assertEquals(customer123(), document);
    }
}
