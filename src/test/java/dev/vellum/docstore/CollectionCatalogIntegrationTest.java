package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * An instance that has not heard of a deletion yet (here: a catalog that never listens) and meets
 * the name's new storage in the database learns it and asks for a retry instead of using the old
 * storage; a catalog that loads the generations knows it from the start.
 */
class CollectionCatalogIntegrationTest extends IntegrationTest {

    @Autowired
    DatabaseClient db;
    @Autowired
    JsonMapper mapper;
    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    CollectionCatalog live;

    @Test
    void a_catalog_that_missed_the_deletion_learns_the_new_storage_and_asks_for_a_retry() {
        long projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        String c = freshCollection();
        sql("insert into collections (project_id, name) values ($1, $2)", projectId, c);
        CollectionCatalog stale = new CollectionCatalog(db, mapper);
        stale.require(projectId, c).as(StepVerifier::create).verifyComplete();
        assertThat(stale.storage(projectId, c)).isEqualTo(c);

        sql("delete from collections where project_id = $1 and name = $2", projectId, c);
        sql("insert into collections (project_id, name) values ($1, $2)", projectId, c);

        CollectionCatalog missed = new CollectionCatalog(db, mapper);
        assertThat(missed.storage(projectId, c)).isEqualTo(c);
        missed.ensure(projectId, c).as(StepVerifier::create)
                .verifyErrorMatches(e -> e instanceof VellumException v && v.code() == ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(missed.storage(projectId, c)).isEqualTo(c + "~1");
        missed.require(projectId, c).as(StepVerifier::create).verifyComplete();

        CollectionCatalog loaded = new CollectionCatalog(db, mapper);
        loaded.reloadAll().block();
        assertThat(loaded.storage(projectId, c)).isEqualTo(c + "~1");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!live.storage(projectId, c).equals(c + "~1")) {
            assertThat(System.nanoTime()).as("this instance hears the deletion within 10 s").isLessThan(deadline);
            reactor.core.publisher.Mono.delay(java.time.Duration.ofMillis(20)).block();
        }
    }

    private void sql(String text, Object... params) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(text);
        for (int i = 0; i < params.length; i++) {
            spec = spec.bind(i, params[i]);
        }
        spec.fetch().rowsUpdated().block();
    }
}
