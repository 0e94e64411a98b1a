package dev.vellum.changes;

import dev.vellum.store.PeriodicPurge;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;

/** Removes changes older than {@code vellum.changes.retention} every {@code vellum.changes.purge-interval}. */
@Component
class ChangePurge implements SmartLifecycle {

    private final ChangeLog log;
    private final ChangesProperties properties;
    private volatile Disposable schedule;

    ChangePurge(ChangeLog log, ChangesProperties properties) {
        this.log = log;
        this.properties = properties;
    }

    @Override
    public void start() {
        schedule = PeriodicPurge.every(properties.purgeInterval(), "changes",
                () -> PeriodicPurge.logged(log.purge(), "changes older than " + properties.retention()));
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
