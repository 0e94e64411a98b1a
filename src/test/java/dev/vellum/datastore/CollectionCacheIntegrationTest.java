package dev.vellum.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The store remembers which collections exist, but never one that only its own transaction has
 * created: an Idempotency-Key request runs every handler in one transaction, and a rollback must
 * not leave a remembered collection that is not there.
 */
class CollectionCacheIntegrationTest extends IntegrationTest {

    @Autowired
    private DocumentStore store;
    @Autowired
    private TransactionalOperator tx;
    @Autowired
    private ApiKeyStore keys;

    @Test
    void a_collection_created_and_seen_in_a_rolled_back_transaction_is_not_remembered() {
        long project = keys.find(SECRET_KEY).block().projectId();
        String c = "c_cache_" + Long.toHexString(System.nanoTime());
        Mono<Void> createThenFail = store.ensureCollection(project, c)
                .then(store.ensureCollection(project, c))
                .then(store.requireCollection(project, c))
                .then(Mono.error(new IllegalStateException("roll back")));
        StepVerifier.create(tx.transactional(createThenFail)).expectError(IllegalStateException.class).verify();

        StepVerifier.create(store.requireCollection(project, c))
                .expectErrorSatisfies(e -> assertThat(((VellumException) e).code()).isEqualTo(ErrorCode.COLLECTION_NOT_FOUND))
                .verify();
        StepVerifier.create(store.ensureCollection(project, c).then(store.requireCollection(project, c))).verifyComplete();
    }
}
