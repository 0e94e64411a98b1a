package dev.vellum.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.vellum.error.VellumException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiles a collection's {@code schema} setting (JSON Schema draft 2020-12) after checking it:
 * at most {@link #MAX_BYTES}, valid against the 2020-12 meta-schema, no other dialect, and
 * references inside the schema only ({@code "#..."}). Nothing is ever fetched: the loader admits
 * the bundled 2020-12 meta-schemas and refuses every other address. CPU and classpath work: call
 * off the event loop.
 */
public final class JsonSchemas {

    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    public static final int MAX_BYTES = 64 * 1024;
    private static final String META_PREFIX = "https://json-schema.org/draft/2020-12/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaCacheEnabled(false)
                    .schemaLoader(loader -> loader.allow(iri -> iri.toString().startsWith(META_PREFIX)))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));

    private JsonSchemas() {
    }

    /** The compiled schema, or VALIDATION_ERROR naming what is wrong with it ({@code details.field} starts with "schema"). */
    public static DocumentSchema compile(JsonNode setting) {
        if (setting == null || !(setting.isObject() || setting.isBoolean())) {
            throw invalid("schema", "the schema must be a JSON Schema object (or true/false)");
        }
        int size = JSON.writeValueAsString(setting).getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            throw invalid("schema", "the schema is " + size + " bytes; at most " + MAX_BYTES + " are allowed");
        }
        checkReferences(setting, "schema");
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Error error : Meta.SCHEMA.validate(setting)) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("pointer", error.getInstanceLocation().toString());
            problem.put("message", error.getMessage());
            problems.add(problem);
        }
        if (!problems.isEmpty()) {
            throw VellumException.validation("the schema is not a valid JSON Schema (draft 2020-12): "
                    + problems.get(0).get("pointer") + " " + problems.get(0).get("message"),
                    Map.of("field", "schema" + problems.get(0).get("pointer"), "problems", problems));
        }
        try {
            Schema schema = REGISTRY.getSchema(setting);
            schema.initializeValidators();
            return new DocumentSchema(schema, setting.toString());
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            throw invalid("schema", "the schema cannot be compiled: " + e.getMessage());
        }
    }

    /** Refuses {@code $ref}/{@code $dynamicRef} outside the schema and any {@code $schema} but 2020-12. */
    private static void checkReferences(JsonNode node, String at) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String name = entry.getKey();
                JsonNode value = entry.getValue();
                String here = at + "/" + name.replace("~", "~0").replace("/", "~1");
                if (value.isString() && (name.equals("$ref") || name.equals("$dynamicRef")) && !value.asString().startsWith("#")) {
                    throw invalid(here, "only references inside the schema are allowed (\"#/$defs/...\"), not "
                            + value.asString());
                }
                if (value.isString() && name.equals("$schema") && !value.asString().equals(DIALECT)
                        && !value.asString().equals(DIALECT + "#")) {
                    throw invalid(here, "only JSON Schema draft 2020-12 is supported (\"$schema\": \"" + DIALECT + "\")");
                }
                checkReferences(value, here);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkReferences(node.get(i), at + "/" + i);
            }
        }
    }

    /**
     * Loads the bundled meta-schemas and the validator's classes now (classpath reads), so that
     * later compiles and checks do no I/O wherever they run.
     */
    public static void warmUp() {
        DocumentSchema schema = compile(JSON.readTree("{\"$defs\": {\"s\": {\"type\": \"string\", \"pattern\": \"^a\","
                + " \"format\": \"date-time\"}}, \"type\": \"object\", \"required\": [\"a\"],"
                + " \"properties\": {\"a\": {\"$ref\": \"#/$defs/s\"}}, \"additionalProperties\": false}"));
        schema.violations(JSON.readTree("{\"a\": 1, \"b\": [null]}"));
    }

    private static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of("field", field));
    }

    /** The 2020-12 meta-schema, loaded from the library's bundled copy on first use. */
    private static final class Meta {
        static final Schema SCHEMA = REGISTRY.getSchema(SchemaLocation.of(DIALECT));
    }
}
