package dev.vellum.webhooks;

import dev.vellum.changes.ChangeKind;
import dev.vellum.collections.CollectionSettingRule;
import dev.vellum.error.VellumException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** {@code webhook_events}: a non-empty list of distinct change kinds the webhook receives (all when absent). */
@Component
class WebhookEventsRule implements CollectionSettingRule {

    static final Set<String> KINDS = Arrays.stream(ChangeKind.values()).map(ChangeKind::column)
            .collect(Collectors.toUnmodifiableSet());

    @Override
    public String name() {
        return "webhook_events";
    }

    @Override
    public void check(JsonNode value) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw invalid();
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode kind : value) {
            if (!kind.isString() || !KINDS.contains(kind.asString()) || !seen.add(kind.asString())) {
                throw invalid();
            }
        }
    }

    private static VellumException invalid() {
        return VellumException.validation("webhook_events must be a list of distinct kinds from: "
                + String.join(", ", KINDS.stream().sorted().toList()), Map.of("field", "webhook_events"));
    }
}
