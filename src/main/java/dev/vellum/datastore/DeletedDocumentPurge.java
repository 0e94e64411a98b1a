package dev.vellum.datastore;

import dev.vellum.config.VellumProperties;
import dev.vellum.docstore.DocumentService;
import dev.vellum.store.PeriodicPurge;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Removes deleted documents for good once {@code vellum.datastore.deleted-retention} has passed
 * (until then a restore brings them back), and expired documents at once. Archived documents
 * are kept indefinitely unless they expire.
 */
@Component
public class DeletedDocumentPurge implements SmartLifecycle {

    private final DocumentService documents;
    private final Duration retention;
    private final Duration interval;
    private volatile Disposable schedule;

    DeletedDocumentPurge(DocumentService documents, VellumProperties properties) {
        this.documents = documents;
        this.retention = properties.datastore().deletedRetention();
        this.interval = properties.datastore().purgeInterval();
    }

    /** Purges now with the given retention; returns how many documents were removed. */
    public Mono<Long> purge(Duration olderThan) {
        return documents.purgeDeleted(olderThan);
    }

    /** Removes the rows of documents past their expiry; returns how many were removed. */
    public Mono<Long> purgeExpired() {
        return documents.purgeExpired();
    }

    @Override
    public void start() {
        schedule = PeriodicPurge.every(interval, "deleted or expired documents",
                () -> PeriodicPurge.logged(purge(retention), "deleted documents older than " + retention)
                        .then(PeriodicPurge.logged(purgeExpired(), "expired documents")));
    }

    @Override
    public void stop() {
        Disposable running = schedule;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null && !schedule.isDisposed();
    }
}
