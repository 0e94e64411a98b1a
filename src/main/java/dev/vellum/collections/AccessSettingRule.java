package dev.vellum.collections;

import dev.vellum.access.AccessParser;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The {@code access} setting: valid when {@link AccessParser} accepts it (README "Access rules"). */
@Component
public class AccessSettingRule implements CollectionSettingRule {

    @Override
    public String name() {
        return "access";
    }

    @Override
    public void check(JsonNode value) {
        AccessParser.parse(value);
    }
}
