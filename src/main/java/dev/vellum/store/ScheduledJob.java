package dev.vellum.store;

import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/** A background job on a schedule ({@link PeriodicPurge#every}), started and stopped with the application context. */
public abstract class ScheduledJob implements SmartLifecycle {

    private volatile Disposable schedule;

    /** Starts the job's schedule. */
    protected abstract Disposable schedule();

    @Override
    public final void start() {
        schedule = schedule();
    }

    @Override
    public final void stop() {
        Disposable running = schedule;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public final boolean isRunning() {
        Disposable running = schedule;
        return running != null && !running.isDisposed();
    }
}
