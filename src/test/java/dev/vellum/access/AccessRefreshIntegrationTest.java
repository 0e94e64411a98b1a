package dev.vellum.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.support.IntegrationTest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

/**
 * A change to a collection's access setting, by plain SQL and without telling this instance,
 * reaches its rule cache through the vellum_access notification of sql/V60; a bad stored setting
 * fails closed.
 */
class AccessRefreshIntegrationTest extends IntegrationTest {

    @Autowired
    CollectionAccess access;
    @Autowired
    DatabaseClient db;
    @Autowired
    ApiKeyStore apiKeys;

    @Test
    void a_setting_changed_with_sql_reaches_the_cache_through_the_notification() {
        long projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        String c = freshCollection();
        sql("insert into collections (project_id, name, settings) values ($1, $2, '{\"access\": {\"read\": [{\"who\": \"public\"}]}}')",
                projectId, c);
        AccessRules open = eventually(projectId, c, rules -> rules.grantsVisitors());
        assertThat(open.of(Action.READ)).containsExactly(new Grant(new Who.Public(), Optional.empty()));

        sql("update collections set settings = settings - 'access' where project_id = $1 and name = $2", projectId, c);
        assertThat(eventually(projectId, c, rules -> rules.equals(AccessRules.DEFAULT))).isEqualTo(AccessRules.DEFAULT);

        sql("update collections set settings = '{\"access\": {\"read\": \"everyone\"}}' where project_id = $1 and name = $2",
                projectId, c);
        AccessRules closed = eventually(projectId, c, rules -> rules.equals(CollectionAccess.UNREADABLE));
        assertThat(closed.of(Action.READ)).isEmpty();
        assertThat(closed.of(Action.CREATE)).isEmpty();

        sql("delete from collections where project_id = $1 and name = $2", projectId, c);
        assertThat(eventually(projectId, c, rules -> rules.equals(AccessRules.DEFAULT))).isEqualTo(AccessRules.DEFAULT);
    }

    private AccessRules eventually(long projectId, String c, java.util.function.Predicate<AccessRules> wanted) {
        return Flux.interval(Duration.ZERO, Duration.ofMillis(50))
                .map(tick -> access.rules(projectId, c))
                .filter(wanted)
                .next()
                .timeout(Duration.ofSeconds(30))
                .block();
    }

    private void sql(String text, Object... params) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(text);
        for (int i = 0; i < params.length; i++) {
            spec = spec.bind(i, params[i]);
        }
        spec.fetch().rowsUpdated().block();
    }
}
