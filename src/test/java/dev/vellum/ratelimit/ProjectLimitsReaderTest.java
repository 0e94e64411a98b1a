package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class ProjectLimitsReaderTest {

    private static final JsonMapper JSON = new JsonMapper();
    private static final ProjectLimits DEFAULTS = new ProjectLimits(
            new BucketLimit(5000, 2000), new BucketLimit(600, 100), new BucketLimit(300, 30));

    private final List<String> problems = new ArrayList<>();

    private ProjectLimits read(String json) {
        return ProjectLimitsReader.read(json == null ? null : JSON.readTree(json), DEFAULTS, problems);
    }

    @Test
    void no_settings_mean_the_defaults_without_complaint() {
        assertThat(read(null)).isEqualTo(DEFAULTS);
        assertThat(read("null")).isEqualTo(DEFAULTS);
        assertThat(read("{}")).isEqualTo(DEFAULTS);
        assertThat(problems).isEmpty();
    }

    @Test
    void each_bucket_is_overridden_on_its_own_and_a_missing_field_keeps_its_default() {
        ProjectLimits limits = read("{\"user\": {\"capacity\": 10, \"refill_per_second\": 0.5},"
                + " \"anonymous\": {\"capacity\": 3}, \"secret_key\": {\"refill_per_second\": 1e3}}");
        assertThat(limits.user()).isEqualTo(new BucketLimit(10, 0.5));
        assertThat(limits.anonymous()).isEqualTo(new BucketLimit(3, 30));
        assertThat(limits.secretKey()).isEqualTo(new BucketLimit(5000, 1000));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"capacity\": 0}                          | rate_limits.user: capacity must be between 1 and",
            "{\"capacity\": 1000000001}                 | rate_limits.user: capacity must be between 1 and",
            "{\"capacity\": 2.5}                        | rate_limits.user.capacity must be a whole number",
            "{\"capacity\": \"10\"}                     | rate_limits.user.capacity must be a whole number",
            "{\"capacity\": 99999999999999999999999}    | rate_limits.user.capacity must be a whole number",
            "{\"refill_per_second\": 0}                 | rate_limits.user: refill_per_second must be between",
            "{\"refill_per_second\": -1}                | rate_limits.user: refill_per_second must be between",
            "{\"refill_per_second\": 0.0001}            | rate_limits.user: refill_per_second must be between",
            "{\"refill_per_second\": null}              | rate_limits.user.refill_per_second must be a number",
            "{\"capacity\": 10, \"refill\": 1}          | rate_limits.user.refill is not capacity or refill_per_second",
            "[10, 1]                                    | rate_limits.user must be an object",
            "10                                         | rate_limits.user must be an object"})
    void a_bad_bucket_keeps_all_its_defaults_and_is_reported(String bucket, String problem) {
        ProjectLimits limits = read("{\"user\": " + bucket + ", \"anonymous\": {\"capacity\": 3, \"refill_per_second\": 1}}");
        assertThat(limits.user()).isEqualTo(DEFAULTS.user());
        assertThat(limits.anonymous()).isEqualTo(new BucketLimit(3, 1));
        assertThat(problems).singleElement().asString().startsWith(problem);
    }

    @Test
    void unknown_buckets_are_reported_and_ignored() {
        assertThat(read("{\"users\": {\"capacity\": 1}, \"user\": {\"capacity\": 2}}").user()).isEqualTo(new BucketLimit(2, 100));
        assertThat(problems).containsExactly("rate_limits.users is not secret_key, user or anonymous");
    }

    @Test
    void settings_that_are_not_an_object_mean_the_defaults() {
        assertThat(read("[1]")).isEqualTo(DEFAULTS);
        assertThat(read("\"fast\"")).isEqualTo(DEFAULTS);
        assertThat(problems).containsExactly("rate_limits must be an object", "rate_limits must be an object");
    }
}
