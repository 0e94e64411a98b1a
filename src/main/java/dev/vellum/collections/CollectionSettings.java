package dev.vellum.collections;

import dev.vellum.error.VellumException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks the settings a create or a patch of a collection gives: each one must be claimed by a
 * {@link CollectionSettingRule} bean (several may check one setting), else VALIDATION_ERROR naming
 * it. A null value means "remove this setting" and is not checked.
 */
@Component
public class CollectionSettings {

    private final Map<String, List<CollectionSettingRule>> rules;

    public CollectionSettings(List<CollectionSettingRule> rules) {
        this.rules = rules.stream().collect(Collectors.groupingBy(CollectionSettingRule::name, TreeMap::new, Collectors.toList()));
    }

    /** The setting names some rule claims, sorted. */
    public List<String> known() {
        return List.copyOf(rules.keySet());
    }

    public void check(ObjectNode settings) {
        for (Map.Entry<String, JsonNode> setting : settings.properties()) {
            List<CollectionSettingRule> claimed = rules.get(setting.getKey());
            if (claimed == null) {
                throw VellumException.validation("unknown setting '" + setting.getKey() + "'; known settings: "
                        + String.join(", ", known()), Map.of("field", setting.getKey()));
            }
            if (!setting.getValue().isNull()) {
                claimed.forEach(rule -> rule.check(setting.getValue()));
            }
        }
    }
}
