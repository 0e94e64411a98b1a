package dev.vellum.changes;

import dev.vellum.store.PeriodicPurge;
import dev.vellum.store.ScheduledJob;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/** Removes changes older than {@code vellum.changes.retention} every {@code vellum.changes.purge-interval}. */
@Component
class ChangePurge extends ScheduledJob {

    private final ChangeLog log;
    private final ChangesProperties properties;

    ChangePurge(ChangeLog log, ChangesProperties properties) {
        this.log = log;
        this.properties = properties;
    }

    @Override
    protected Disposable schedule() {
        return PeriodicPurge.every(properties.purgeInterval(), "changes",
                () -> PeriodicPurge.logged(log.purge(), "changes older than " + properties.retention()));
    }
}
