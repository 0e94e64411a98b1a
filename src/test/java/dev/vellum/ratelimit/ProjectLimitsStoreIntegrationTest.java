package dev.vellum.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeys;
import dev.vellum.config.VellumProperties;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** Project limits read from {@code projects.settings} and cached for {@code settings-cache}. */
class ProjectLimitsStoreIntegrationTest extends IntegrationTest {

    @Autowired
    private DatabaseClient db;

    private ProjectLimitsStore store(Duration settingsCache) {
        VellumProperties.RateLimits limits = new VellumProperties.RateLimits(true, null, null, null, settingsCache);
        return new ProjectLimitsStore(db, new VellumProperties(null, null, null, null, null, null, limits, null, null, null, null, null));
    }

    private long project(String settings) {
        return db.sql("insert into projects (name, jwt_secret, settings) values ($1, $2, $3::jsonb) returning id")
                .bind(0, "rl_" + UUID.randomUUID()).bind(1, ApiKeys.randomSecret()).bind(2, settings)
                .map((row, meta) -> row.get("id", Long.class)).one().block();
    }

    private void settings(long projectId, String settings) {
        db.sql("update projects set settings = $2::jsonb where id = $1").bind(0, projectId).bind(1, settings).then().block();
    }

    @Test
    void a_project_override_applies_and_a_change_is_seen_after_the_cache_time() {
        long id = project("{\"rate_limits\": {\"user\": {\"capacity\": 10, \"refill_per_second\": 1}}}");
        ProjectLimitsStore uncached = store(Duration.ZERO);
        ProjectLimitsStore cached = store(Duration.ofHours(1));
        assertThat(uncached.of(id).block().user()).isEqualTo(new BucketLimit(10, 1));
        assertThat(cached.of(id).block().user()).isEqualTo(new BucketLimit(10, 1));

        settings(id, "{\"rate_limits\": {\"user\": {\"capacity\": 20}}}");
        assertThat(uncached.of(id).block().user()).isEqualTo(new BucketLimit(20, 100));
        assertThat(cached.of(id).block().user()).isEqualTo(new BucketLimit(10, 1));
        assertThat(uncached.of(id).block().secretKey()).isEqualTo(uncached.defaults().secretKey());
    }

    @Test
    void a_project_without_settings_or_that_does_not_exist_gets_the_defaults() {
        ProjectLimitsStore store = store(Duration.ZERO);
        assertThat(store.of(project("{}")).block()).isEqualTo(store.defaults());
        assertThat(store.of(-1).block()).isEqualTo(store.defaults());
        assertThat(store.defaults().user()).isEqualTo(new BucketLimit(600, 100));
        assertThat(store.defaults().secretKey()).isEqualTo(new BucketLimit(5000, 2000));
        assertThat(store.defaults().anonymous()).isEqualTo(new BucketLimit(300, 30));
    }
}
