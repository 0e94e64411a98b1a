package dev.vellum.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CollectionSettingsTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final CollectionSettings SETTINGS = new CollectionSettings(List.of(new WebhookUrlRule(),
            new ReferencesSettingRule(), new AccessSettingRule(), privateTargets()));

    @Test
    void an_unknown_setting_is_named_with_the_known_ones() {
        assertThatThrownBy(() -> SETTINGS.check(settings("{\"references\": {}, \"colour\": 1}")))
                .isInstanceOfSatisfying(VellumException.class, e -> {
                    assertThat(e.details()).containsEntry("field", "colour");
                    assertThat(e.getMessage()).isEqualTo("unknown setting 'colour'; known settings: access, references, webhook_url");
                });
    }

    @Test
    void every_rule_of_a_setting_checks_it_and_null_removes_without_a_check() {
        SETTINGS.check(settings("{\"webhook_url\": \"https://example.com/hook\", \"references\": {\"a\": \"people\"}}"));
        SETTINGS.check(settings("{\"webhook_url\": null, \"access\": null}"));
        assertThatThrownBy(() -> SETTINGS.check(settings("{\"webhook_url\": \"http://10.0.0.1/hook\"}")))
                .hasMessage("webhook_url points at a private address (test rule)");
        assertThatThrownBy(() -> SETTINGS.check(settings("{\"webhook_url\": \"mailto:a@example.com\"}")))
                .hasMessageStartingWith("webhook_url must be an absolute http or https URL");
        assertThatThrownBy(() -> SETTINGS.check(settings("{\"references\": {\"a\": \"Not-A-Name\"}}")))
                .hasMessage("references.a must name a collection");
        assertThatThrownBy(() -> SETTINGS.check(settings("{\"references\": [\"people\"]}")))
                .isInstanceOf(VellumException.class);
    }

    /** Stands in for webhooks.WebhookTargetRule (its own test covers it): a second rule on the same setting. */
    private static CollectionSettingRule privateTargets() {
        return new CollectionSettingRule() {
            @Override
            public String name() {
                return "webhook_url";
            }

            @Override
            public void check(tools.jackson.databind.JsonNode value) {
                if (value.asString().contains("//10.")) {
                    throw VellumException.validation("webhook_url points at a private address (test rule)");
                }
            }
        };
    }

    private static ObjectNode settings(String json) {
        return (ObjectNode) JSON.readTree(json);
    }
}
