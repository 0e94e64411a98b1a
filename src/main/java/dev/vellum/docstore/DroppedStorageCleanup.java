package dev.vellum.docstore;

import dev.vellum.store.PeriodicPurge;
import dev.vellum.store.ScheduledJob;
import dev.vellum.store.Statements;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Removes the documents of deleted collections (their dropped storages, sql/V90) in the
 * background: each batch of at most {@code vellum.collections.cleanup-batch} rows is one short
 * transaction that records no change per document (the deletion's one {@code collection_deleted}
 * change said it all), so nothing waits long on it; then it forgets the storage. Any instance may
 * run it; two at once only share the work. The storage's indexes are dropped by the index builder.
 */
@Component
public class DroppedStorageCleanup extends ScheduledJob {

    private static final int STORAGES_PER_RUN = 20;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final CollectionsProperties properties;

    DroppedStorageCleanup(DatabaseClient db, TransactionalOperator tx, CollectionsProperties properties) {
        this.db = db;
        this.tx = tx;
        this.properties = properties;
    }

    /** One run over every dropped storage; how many documents it removed. */
    public Mono<Long> runOnce() {
        return Statements.prepare(db, DroppedStorageSql.dropped(STORAGES_PER_RUN))
                .map((row, meta) -> new Dropped(row.get("project_id", Long.class), row.get("storage", String.class)))
                .all()
                .concatMap(this::clean)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> clean(Dropped dropped) {
        int batch = properties.cleanupBatch();
        return Mono.defer(() -> tx.transactional(Statements.prepare(db, DroppedStorageSql.quiet()).then()
                        .then(Statements.prepare(db, DroppedStorageSql.deleteBatch(dropped.projectId(), dropped.storage(), batch))
                                .fetch().rowsUpdated())))
                .repeat()
                .takeUntil(removed -> removed < batch)
                .reduce(0L, Long::sum)
                .flatMap(removed -> Statements.prepare(db, DroppedStorageSql.forget(dropped.projectId(), dropped.storage()))
                        .then().thenReturn(removed));
    }

    @Override
    protected Disposable schedule() {
        return PeriodicPurge.every(properties.cleanupInterval(), "deleted collections' documents",
                () -> PeriodicPurge.logged(runOnce(), "documents of deleted collections"));
    }

    private record Dropped(long projectId, String storage) {
    }
}
