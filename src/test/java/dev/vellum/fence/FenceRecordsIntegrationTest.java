package dev.vellum.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The one fence table against real Postgres: kinds kept apart, live records kept, expired ones replaced and purged. */
class FenceRecordsIntegrationTest extends IntegrationTest {

    @Autowired
    private FenceRecords records;
    @Autowired
    private ApiKeyStore apiKeys;
    @Autowired
    private TransactionalOperator tx;
    @Autowired
    private DatabaseClient db;
    @Autowired
    private ReactiveTransactionManager transactions;

    private FenceKey key(FenceKey.Kind kind, String key) {
        return new FenceKey(apiKeys.find(SECRET_KEY).block().projectId(), "key:secret", kind, key);
    }

    private static FenceRecord record(String body) {
        return new FenceRecord(body.getBytes(StandardCharsets.UTF_8), 201, Map.of("ETag", List.of("\"3\"")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_same_key_text_as_a_request_and_as_a_transaction_is_two_records() {
        String text = "k-" + UUID.randomUUID();
        FenceKey request = key(FenceKey.Kind.REQUEST, text);
        FenceKey transaction = key(FenceKey.Kind.TRANSACTION, text);
        records.save(request, record("request"), Duration.ofHours(1)).block();
        records.save(transaction, record("transaction"), Duration.ofHours(1)).block();

        FenceRecords.Found found = records.find(request).block();
        assertThat(new String(found.record().body(), StandardCharsets.UTF_8)).isEqualTo("request");
        assertThat(found.record().status()).isEqualTo(201);
        assertThat(found.record().headers()).isEqualTo(Map.of("ETag", List.of("\"3\"")));
        assertThat(found.millisLeft()).isBetween(1L, 3_600_000L);
        assertThat(new String(records.find(transaction).block().record().body(), StandardCharsets.UTF_8))
                .isEqualTo("transaction");
    }

    @Test
    void a_live_record_stays_and_an_expired_one_is_replaced_then_purged() {
        FenceKey key = key(FenceKey.Kind.TRANSACTION, "k-" + UUID.randomUUID());
        records.save(key, record("first"), Duration.ofHours(1)).block();
        StepVerifier.create(records.save(key, record("second"), Duration.ofHours(1)))
                .expectError(IllegalStateException.class).verify(Duration.ofSeconds(30));

        expire(key);
        assertThat(records.find(key).blockOptional()).as("an expired record is not found").isEmpty();
        records.save(key, record("second"), Duration.ofHours(1)).block();
        assertThat(new String(records.find(key).block().record().body(), StandardCharsets.UTF_8)).isEqualTo("second");

        expire(key);
        assertThat(records.purgeExpired().block()).isPositive();
        assertThat(db.sql("select count(*) from fence_records where key = $1").bind(0, key.key())
                .map((row, meta) -> row.get(0, Long.class)).one().block()).isZero();
    }

    @Test
    void a_held_lock_is_refused_at_once_to_another_transaction() {
        long id = LockIds.of("fence-test", UUID.randomUUID().toString());
        TransactionalOperator separate = TransactionalOperator.create(transactions,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW));
        List<Boolean> attempts = tx.transactional(records.tryLock(id)
                        .flatMap(mine -> separate.transactional(Mono.defer(() -> records.tryLock(id)))
                                .map(other -> List.of(mine, other))))
                .block(Duration.ofSeconds(30));
        assertThat(attempts).containsExactly(true, false);
        assertThat(separate.transactional(records.tryLock(id)).block()).as("released at commit").isTrue();
    }

    private void expire(FenceKey key) {
        db.sql("update fence_records set expires_at = now() - interval '1 second' where key = $1")
                .bind(0, key.key()).fetch().rowsUpdated().block();
    }

    @Test
    void begin_answers_locked_while_another_transaction_holds_a_lock_and_else_the_live_record() {
        FenceKey key = key(FenceKey.Kind.TRANSACTION, "b-" + UUID.randomUUID());
        long keyLock = LockIds.of("begin-key", key.key());
        long resourceLock = LockIds.of("begin-resource", key.key());

        FenceRecords.Begun empty = tx.transactional(records.begin(key, keyLock, resourceLock)).block();
        assertThat(empty.locked()).isTrue();
        assertThat(empty.found()).isNull();

        // another transaction holds the resource's lock while this one asks
        FenceRecords.Begun blocked = tx.transactional(records.tryLock(resourceLock)
                .then(Mono.fromFuture(() -> tx.transactional(records.begin(key, keyLock, resourceLock)).toFuture())))
                .block();
        assertThat(blocked.locked()).isFalse();

        records.save(key, record("saved"), Duration.ofHours(1)).block();
        FenceRecords.Begun found = tx.transactional(records.begin(key, keyLock, null)).block();
        assertThat(found.locked()).isTrue();
        assertThat(new String(found.found().record().body(), StandardCharsets.UTF_8)).isEqualTo("saved");
        assertThat(found.found().millisLeft()).isBetween(1L, 3_600_000L);
    }

    @Test
    void enter_refuses_while_another_transaction_holds_a_lock_or_the_key_has_a_live_record() {
        FenceKey key = key(FenceKey.Kind.TRANSACTION, "e-" + UUID.randomUUID());
        long keyLock = LockIds.of("enter-key", key.key());
        long resourceLock = LockIds.of("enter-resource", key.key());

        StepVerifier.create(tx.transactional(records.enter(keyLock, resourceLock))).verifyComplete();

        // another transaction holds the resource's lock while this one asks
        Mono<Void> blocked = tx.transactional(records.tryLock(resourceLock)
                .then(Mono.fromFuture(() -> tx.transactional(records.enter(keyLock, resourceLock)).toFuture())));
        StepVerifier.create(blocked)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FenceRecords.Refused.class)
                        .extracting(refused -> ((FenceRecords.Refused) refused).locked()).isEqualTo(true))
                .verify();

        // a live record carrying the key's lock id, whatever its key's text
        records.save(key, keyLock, record("saved"), Duration.ofHours(1)).block();
        StepVerifier.create(tx.transactional(records.enter(keyLock, null)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(FenceRecords.Refused.class)
                        .extracting(refused -> ((FenceRecords.Refused) refused).locked()).isEqualTo(false))
                .verify();
        // a request's record of the same key text has no lock id; an expired record is no obstacle
        records.save(key(FenceKey.Kind.REQUEST, key.key()), record("request"), Duration.ofHours(1)).block();
        db.sql("update fence_records set expires_at = now() - interval '1 second' where key = $1 and kind = 'transaction'")
                .bind(0, key.key()).fetch().rowsUpdated().block();
        StepVerifier.create(tx.transactional(records.enter(keyLock, null))).verifyComplete();
    }

    @Test
    void the_migration_computes_a_transaction_keys_lock_id_as_vellum_does() {
        long projectId = apiKeys.find(SECRET_KEY).block().projectId();
        for (String scope : new String[] {"key:secret", "user:7f0cé"}) {
            for (String text : new String[] {"k", "order-\u00fc-\n-'; drop table x; --"}) {
                TransactionSpec spec = new TransactionSpec(text, null, 30, 60, "fp");
                long expected = LockIds.of(TransactionNames.of(projectId, scope, spec).keyLock());
                Long computed = db.sql("select vellum_fence_lock_id($1, $2, $3) as id")
                        .bind(0, projectId).bind(1, scope).bind(2, spec.key())
                        .map((row, meta) -> row.get("id", Long.class)).one().block();
                assertThat(computed).as("%s / %s", scope, spec.key()).isEqualTo(expected);
            }
        }
    }
}
