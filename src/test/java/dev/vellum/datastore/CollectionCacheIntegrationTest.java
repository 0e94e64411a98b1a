package dev.vellum.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.docstore.CollectionCatalog;
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
    private CollectionCatalog store;
    @Autowired
    private TransactionalOperator tx;
    @Autowired
    private ApiKeyStore keys;

    @Test
    void a_collection_created_and_seen_in_a_rolled_back_transaction_is_not_remembered() {
        long project = keys.find(SECRET_KEY).block().projectId();
        String c = "c_cache_" + Long.toHexString(System.nanoTime());
        Mono<Void> createThenFail = store.ensure(project, c)
                .then(store.ensure(project, c))
                .then(store.require(project, c))
                .then(Mono.error(new IllegalStateException("roll back")));
        StepVerifier.create(tx.transactional(createThenFail)).expectError(IllegalStateException.class).verify();

        StepVerifier.create(store.require(project, c))
                .expectErrorSatisfies(e -> assertThat(((VellumException) e).code()).isEqualTo(ErrorCode.COLLECTION_NOT_FOUND))
                .verify();
        StepVerifier.create(store.ensure(project, c).then(store.require(project, c))).verifyComplete();
    }
}
