package dev.vellum.collections;

import dev.vellum.schema.JsonSchemas;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The {@code schema} setting: a JSON Schema (draft 2020-12) that {@link JsonSchemas} accepts
 * (README "Schemas"). It loads the bundled meta-schema and is CPU work: call it off the event loop.
 */
@Component
public class SchemaSettingRule implements CollectionSettingRule {

    @Override
    public String name() {
        return "schema";
    }

    @Override
    public void check(JsonNode value) {
        JsonSchemas.compile(value);
    }
}
