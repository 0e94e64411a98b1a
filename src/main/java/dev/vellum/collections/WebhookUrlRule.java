package dev.vellum.collections;

import dev.vellum.error.VellumException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The form of {@code webhook_url}: an absolute http or https URL with a host, at most 2048 characters. */
@Component
public class WebhookUrlRule implements CollectionSettingRule {

    static final int MAX_LENGTH = 2048;

    @Override
    public String name() {
        return "webhook_url";
    }

    @Override
    public void check(JsonNode value) {
        if (!value.isString() || value.asString().length() > MAX_LENGTH) {
            throw invalid();
        }
        try {
            URI uri = new URI(value.asString());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                throw invalid();
            }
        } catch (URISyntaxException e) {
            throw invalid();
        }
    }

    private static VellumException invalid() {
        return VellumException.validation("webhook_url must be an absolute http or https URL with a host and no user info,"
                + " at most " + MAX_LENGTH + " characters", Map.of("field", "webhook_url"));
    }
}
