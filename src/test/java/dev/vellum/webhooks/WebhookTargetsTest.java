package dev.vellum.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.node.JsonNodeFactory;

class WebhookTargetsTest {

    @Test
    void loopback_private_link_local_and_local_names_are_private_literals() {
        for (String host : new String[] {"127.0.0.1", "127.1", "2130706433", "10.1.2.3", "172.16.0.1", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "0.0.0.0", "[::1]", "[fe80::1]", "[fd00::1]", "[::ffff:127.0.0.1]",
                "localhost", "api.localhost", "printer.local", "LOCALHOST"}) {
            assertThat(WebhookTargets.isPrivateLiteral(host)).as(host).isTrue();
        }
    }

    @Test
    void public_addresses_and_names_pass_the_literal_check() {
        for (String host : new String[] {"8.8.8.8", "93.184.216.34", "[2606:4700::1111]", "example.com", "hooks.example.org"}) {
            assertThat(WebhookTargets.isPrivateLiteral(host)).as(host).isFalse();
        }
    }

    @Test
    void the_setting_rule_refuses_private_targets_unless_allowed() {
        WebhookTargetRule strict = new WebhookTargetRule(properties(false));
        assertThatThrownBy(() -> strict.check(JsonNodeFactory.instance.stringNode("http://127.0.0.1:9000/hook")))
                .isInstanceOf(VellumException.class).hasMessageContaining("private");
        assertThatThrownBy(() -> strict.check(JsonNodeFactory.instance.stringNode("https://[::1]/hook")))
                .isInstanceOf(VellumException.class);
        strict.check(JsonNodeFactory.instance.stringNode("https://hooks.example.com/vellum"));
        new WebhookTargetRule(properties(true)).check(JsonNodeFactory.instance.stringNode("http://127.0.0.1:9000/hook"));
    }

    @Test
    void webhook_events_must_be_distinct_known_kinds() {
        WebhookEventsRule rule = new WebhookEventsRule();
        JsonNodeFactory json = JsonNodeFactory.instance;
        rule.check(json.arrayNode().add("created").add("deleted"));
        assertThatThrownBy(() -> rule.check(json.arrayNode())).isInstanceOf(VellumException.class);
        assertThatThrownBy(() -> rule.check(json.arrayNode().add("created").add("created"))).isInstanceOf(VellumException.class);
        assertThatThrownBy(() -> rule.check(json.arrayNode().add("document.created"))).isInstanceOf(VellumException.class);
        assertThatThrownBy(() -> rule.check(json.stringNode("created"))).isInstanceOf(VellumException.class);
    }

    static WebhookProperties properties(boolean allowPrivate) {
        return new WebhookProperties(allowPrivate, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMillis(100), 4, DataSize.ofKilobytes(256), java.time.Duration.ofHours(24));
    }
}
