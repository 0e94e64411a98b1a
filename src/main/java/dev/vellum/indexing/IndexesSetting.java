package dev.vellum.indexing;

import dev.vellum.collections.CollectionSettingRule;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The {@code indexes} collection setting: declared indexes ({@link DeclaredIndexes}). */
@Component
class IndexesSetting implements CollectionSettingRule {

    @Override
    public String name() {
        return "indexes";
    }

    @Override
    public void check(JsonNode value) {
        DeclaredIndexes.parse(value);
    }
}
