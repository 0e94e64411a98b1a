package dev.vellum.collections;

import dev.vellum.error.VellumException;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** {@code references}: an object from a field name to the collection its keys point into (README "Populate"). */
@Component
public class ReferencesSettingRule implements CollectionSettingRule {

    @Override
    public String name() {
        return "references";
    }

    @Override
    public void check(JsonNode value) {
        if (!value.isObject()) {
            throw invalid("references must be an object like {\"author\": \"people\"}");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (entry.getKey().isEmpty() || !entry.getValue().isString()
                    || !CollectionNames.isValid(entry.getValue().asString())) {
                throw invalid("references." + entry.getKey() + " must name a collection");
            }
        }
    }

    private static VellumException invalid(String message) {
        return VellumException.validation(message, Map.of("field", "references"));
    }
}
