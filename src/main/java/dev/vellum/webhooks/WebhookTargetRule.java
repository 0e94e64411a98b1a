package dev.vellum.webhooks;

import dev.vellum.collections.CollectionSettingRule;
import dev.vellum.error.VellumException;
import java.net.URI;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The private-target part of {@code webhook_url} (the URL's form is checked by the collections
 * rule): a literal loopback, private or link-local address, or a name like {@code localhost}, is
 * refused unless {@code vellum.webhooks.allow-private-targets}. Names that resolve to such
 * addresses are refused when a delivery connects (no DNS lookup happens here).
 */
@Component
class WebhookTargetRule implements CollectionSettingRule {

    private final boolean allowPrivate;

    WebhookTargetRule(WebhookProperties properties) {
        this.allowPrivate = properties.allowPrivateTargets();
    }

    @Override
    public String name() {
        return "webhook_url";
    }

    @Override
    public void check(JsonNode value) {
        if (allowPrivate || value == null || !value.isString()) {
            return;
        }
        String host;
        try {
            host = URI.create(value.asString()).getHost();
        } catch (IllegalArgumentException e) {
            return;
        }
        if (host != null && WebhookTargets.isPrivateLiteral(host)) {
            throw VellumException.validation("webhook_url points at a loopback, private or link-local address",
                    Map.of("field", "webhook_url"));
        }
    }
}
