package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonSchemasTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static VellumException refused(String schema) {
        try {
            JsonSchemas.compile(json(schema));
        } catch (VellumException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
            return e;
        }
        throw new AssertionError("accepted: " + schema);
    }

    private static List<SchemaViolation> violations(String schema, String document) {
        return JsonSchemas.compile(json(schema)).violations(json(document));
    }

    @Test
    void a_schema_of_the_wrong_type_is_refused_by_the_meta_schema_naming_the_place() {
        VellumException e = refused("{'type': 'object', 'properties': {'age': {'type': 'integr'}}}");
        assertThat(e.details().get("field")).isEqualTo("schema/properties/age/type");
        assertThat(e.getMessage()).startsWith("the schema is not a valid JSON Schema (draft 2020-12): /properties/age/type");
    }

    @Test
    void a_schema_that_is_not_an_object_or_boolean_is_refused() {
        assertThat(refused("'object'").getMessage()).isEqualTo("the schema must be a JSON Schema object (or true/false)");
        assertThat(refused("[1]").details()).containsEntry("field", "schema");
    }

    @Test
    void a_remote_reference_is_refused_before_anything_is_fetched() {
        VellumException e = refused("{'properties': {'a': {'$ref': 'https://example.com/evil.json'}}}");
        assertThat(e.details()).containsEntry("field", "schema/properties/a/$ref");
        assertThat(e.getMessage()).isEqualTo("only references inside the schema are allowed (\"#/$defs/...\"), not https://example.com/evil.json");
        assertThat(refused("{'$dynamicRef': 'classpath:application.yml'}").details()).containsEntry("field", "schema/$dynamicRef");
        assertThat(refused("{'$ref': 'file:///etc/passwd'}").details()).containsEntry("field", "schema/$ref");
    }

    @Test
    void another_dialect_is_refused() {
        VellumException e = refused("{'$schema': 'http://json-schema.org/draft-07/schema#', 'type': 'object'}");
        assertThat(e.details()).containsEntry("field", "schema/$schema");
    }

    @Test
    void a_reference_to_a_missing_definition_is_refused() {
        VellumException e = refused("{'$ref': '#/$defs/nothing'}");
        assertThat(e.details()).containsEntry("field", "schema");
        assertThat(e.getMessage()).startsWith("the schema cannot be compiled: ");
    }

    @Test
    void an_id_with_a_remote_address_does_not_make_local_references_fetch() {
        assertThat(violations("{'$id': 'https://example.com/root.json', '$defs': {'n': {'type': 'number'}},"
                + " 'properties': {'a': {'$ref': '#/$defs/n'}}}", "{'a': 'x'}"))
                .extracting(SchemaViolation::pointer).containsExactly("/a");
    }

    @Test
    void an_oversized_schema_is_refused() {
        String big = "{'description': '" + "x".repeat(JsonSchemas.MAX_BYTES) + "'}";
        assertThat(refused(big).getMessage()).endsWith("bytes; at most 65536 are allowed");
    }

    @Test
    void violations_name_json_pointers_into_the_document() {
        String schema = "{'type': 'object', 'required': ['title'], 'properties': {'price': {'type': 'number', 'minimum': 0},"
                + " 'tags': {'type': 'array', 'items': {'type': 'string'}}, 'a/b': {'type': 'string'}}}";
        assertThat(violations(schema, "{'title': 't', 'price': 3, 'tags': ['x']}")).isEmpty();
        assertThat(violations(schema, "{'price': -1, 'tags': ['x', 2], 'a/b': 1}"))
                .extracting(SchemaViolation::pointer, SchemaViolation::keyword)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/a~1b", "type"),
                        org.assertj.core.groups.Tuple.tuple("/price", "minimum"),
                        org.assertj.core.groups.Tuple.tuple("/tags/1", "type"),
                        org.assertj.core.groups.Tuple.tuple("/title", "required"));
    }

    @Test
    void a_property_that_is_missing_or_not_allowed_is_named_by_its_own_pointer() {
        String schema = "{'type': 'object', 'additionalProperties': false, 'required': ['a'],"
                + " 'properties': {'a': {'type': 'object', 'required': ['b'], 'properties': {'b': {}}, 'unevaluatedProperties': false}}}";
        List<SchemaViolation> found = violations(schema, "{'a': {'c': 1}, 'x': 2}");
        assertThat(found).extracting(SchemaViolation::pointer, SchemaViolation::keyword)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/a/b", "required"),
                        org.assertj.core.groups.Tuple.tuple("/a/c", "unevaluatedProperties"),
                        org.assertj.core.groups.Tuple.tuple("/x", "additionalProperties"));
        assertThat(found.get(0).message()).isEqualTo("required property 'b' not found");
    }

    @Test
    void a_recursive_schema_validates_nested_data_and_cannot_loop() {
        String tree = "{'type': 'object', 'properties': {'children': {'type': 'array', 'items': {'$ref': '#'}}, 'n': {'type': 'integer'}}}";
        assertThat(violations(tree, "{'n': 1, 'children': [{'n': 2, 'children': [{'n': 'x'}]}]}"))
                .extracting(SchemaViolation::pointer).containsExactly("/children/0/children/0/n");
        assertThat(violations("{'$ref': '#'}", "{'a': 1}")).extracting(SchemaViolation::keyword).containsExactly("limit");
    }

    @Test
    void boolean_schemas_accept_everything_or_nothing() {
        assertThat(violations("true", "{'a': 1}")).isEmpty();
        assertThat(violations("false", "{'a': 1}")).extracting(SchemaViolation::pointer).containsExactly("");
    }
}
