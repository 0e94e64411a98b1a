package dev.vellum.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.kv.KvClient.Reply;
import org.junit.jupiter.api.Test;

/** mutate_in's counter through HTTP: create, increment, decrement, and every refusal. */
class MutateInCountersIntegrationTest extends SubdocHttpTest {

    private static final String MAX = "9223372036854775807";

    private Reply counter(String key, String path, String delta) {
        return mutateOk(key, specs("{\"op\": \"counter\", \"path\": \"" + path + "\", \"delta\": " + delta + "}"));
    }

    @Test
    void counter_creates_a_missing_path_as_the_delta_as_in_the_seed() {
        createCustomer();
        Reply reply = counter(CUSTOMER_KEY, "logins", "1");
        assertThat(reply.body().get("results")).isEqualTo(json("[{\"value\": 1}]"));
        assertThat(snapshot(CUSTOMER_KEY).content().get("logins").asLong()).isEqualTo(1);
    }

    @Test
    void counter_increments_and_decrements_and_returns_the_new_value_as_in_the_seed() {
        create("player432", "{\"gold\": 1000}");
        assertThat(counter("player432", "gold", "-150").body().get("results")).isEqualTo(json("[{\"value\": 850}]"));
        assertThat(snapshot("player432").content()).isEqualTo(json("{\"gold\": 850}"));
        assertThat(counter("player432", "gold", "200").body().get("results")).isEqualTo(json("[{\"value\": 1050}]"));
        assertThat(counter("player432", "gold", "-2000").body().get("results")).isEqualTo(json("[{\"value\": -950}]"));
        assertThat(snapshot("player432").content()).isEqualTo(json("{\"gold\": -950}"));
        Reply looked = kv.lookupIn(doc("player432"), specs("{\"op\": \"get\", \"path\": \"gold\"}"));
        assertThat(looked.body().at("/results/0/value").asLong()).isEqualTo(-950);
    }

    @Test
    void counter_creates_parents_only_with_create_parents_and_works_on_array_elements() {
        createCustomer();
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"counter\", \"path\": \"stats.visits\", \"delta\": 5}"), 422, "PATH_NOT_FOUND", 0);
        Reply reply = mutateOk(CUSTOMER_KEY, specs(
                "{\"op\": \"counter\", \"path\": \"stats.visits\", \"delta\": 5, \"create_parents\": true}",
                "{\"op\": \"counter\", \"path\": \"purchases.complete[-1]\", \"delta\": -666}"));
        assertThat(reply.body().get("results")).isEqualTo(json("[{\"value\": 5}, {\"value\": 0}]"));
        assertThat(snapshot(CUSTOMER_KEY).content().get("stats")).isEqualTo(json("{\"visits\": 5}"));
        assertThat(snapshot(CUSTOMER_KEY).content().at("/purchases/complete/3").asLong()).isZero();
    }

    @Test
    void counter_on_a_string_a_float_or_a_container_is_422_path_mismatch() {
        createCustomer();
        mutateOk(CUSTOMER_KEY, specs("{\"op\": \"upsert\", \"path\": \"ratio\", \"value\": 1.5}",
                "{\"op\": \"upsert\", \"path\": \"whole\", \"value\": 2.0}"));
        for (String path : new String[] {"name", "ratio", "whole", "addresses", "purchases.complete", ""}) {
            mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"counter\", \"path\": \"" + path + "\", \"delta\": 1}"),
                    422, "PATH_MISMATCH", 0);
        }
    }

    @Test
    void a_delta_of_zero_or_not_a_64_bit_integer_is_422_delta_invalid() {
        createCustomer();
        for (String delta : new String[] {"0", "1.5", "\"1\"", "9223372036854775808", "null"}) {
            mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"counter\", \"path\": \"logins\", \"delta\": " + delta + "}"),
                    422, "DELTA_INVALID", 0);
        }
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"counter\", \"path\": \"logins\"}"), 422, "DELTA_INVALID", 0);
        mutateRefused(CUSTOMER_KEY, specs("{\"op\": \"counter\", \"path\": \"logins\", \"delta\": 1, \"value\": 1}"),
                400, "VALIDATION_ERROR", 0);
    }

    @Test
    void counter_reaches_the_64_bit_maximum_and_overflow_is_422_value_cant_insert_with_nothing_changed() {
        create("big", "{\"n\": 9223372036854775806}");
        assertThat(counter("big", "n", "1").body().at("/results/0/value").asString()).isEqualTo(MAX);
        assertThat(snapshot("big").content().get("n").toString()).isEqualTo(MAX);
        mutateRefused("big", specs("{\"op\": \"counter\", \"path\": \"n\", \"delta\": 1}"), 422, "VALUE_CANT_INSERT", 0);
        mutateRefused("big", specs("{\"op\": \"counter\", \"path\": \"m\", \"delta\": " + MAX + "}",
                "{\"op\": \"counter\", \"path\": \"m\", \"delta\": 1}"), 422, "VALUE_CANT_INSERT", 1);
        assertThat(snapshot("big").content()).isEqualTo(json("{\"n\": " + MAX + "}"));
        assertThat(counter("big", "n", "-" + MAX).body().get("results")).isEqualTo(json("[{\"value\": 0}]"));
    }

    @Test
    void an_existing_number_outside_64_bits_is_422_number_too_big() {
        create("huge", "{\"n\": 1e30, \"m\": 9223372036854775808}");
        mutateRefused("huge", specs("{\"op\": \"counter\", \"path\": \"n\", \"delta\": 1}"), 422, "NUMBER_TOO_BIG", 0);
        mutateRefused("huge", specs("{\"op\": \"counter\", \"path\": \"m\", \"delta\": -1}"), 422, "NUMBER_TOO_BIG", 0);
    }
}
