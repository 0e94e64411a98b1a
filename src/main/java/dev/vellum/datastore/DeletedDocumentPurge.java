package dev.vellum.datastore;

import dev.vellum.config.VellumProperties;
import dev.vellum.docstore.DocumentService;
import dev.vellum.store.PeriodicPurge;
import dev.vellum.store.ScheduledJob;
import java.time.Duration;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Removes deleted documents for good once {@code vellum.datastore.deleted-retention} has passed
 * (until then a restore brings them back), and expired documents at once. Archived documents
 * are kept indefinitely unless they expire.
 */
@Component
public class DeletedDocumentPurge extends ScheduledJob {

    private final DocumentService documents;
    private final Duration retention;
    private final Duration interval;

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
    protected Disposable schedule() {
        return PeriodicPurge.every(interval, "deleted or expired documents",
                () -> PeriodicPurge.logged(purge(retention), "deleted documents older than " + retention)
                        .then(PeriodicPurge.logged(purgeExpired(), "expired documents")));
    }
}
