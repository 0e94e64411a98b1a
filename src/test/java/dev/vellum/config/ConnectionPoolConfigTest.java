package dev.vellum.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionPoolConfigTest {

    @Test
    void session_settings_keep_the_configured_options_and_add_both_timeouts() {
        assertThat(ConnectionPoolConfig.sessionSettings("plan_cache_mode=force_custom_plan; work_mem = 8MB",
                Duration.ofSeconds(60), Duration.ofSeconds(30)))
                .containsExactly(Map.entry("plan_cache_mode", "force_custom_plan"), Map.entry("work_mem", "8MB"),
                        Map.entry("idle_in_transaction_session_timeout", "60000"),
                        Map.entry("statement_timeout", "30000"), Map.entry("TimeZone", "UTC"));
    }

    @Test
    void session_settings_without_configured_options_hold_the_timeouts_and_utc() {
        assertThat(ConnectionPoolConfig.sessionSettings(null, Duration.ofMillis(1500), Duration.ofMillis(700)))
                .containsExactly(Map.entry("idle_in_transaction_session_timeout", "1500"),
                        Map.entry("statement_timeout", "700"), Map.entry("TimeZone", "UTC"));
    }

    @Test
    void a_statement_timeout_given_in_the_options_wins() {
        assertThat(ConnectionPoolConfig.sessionSettings("statement_timeout=5000", Duration.ofSeconds(60),
                Duration.ofSeconds(30)))
                .containsEntry("statement_timeout", "5000");
    }
}
