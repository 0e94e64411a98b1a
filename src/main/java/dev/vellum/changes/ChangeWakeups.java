package dev.vellum.changes;

import dev.vellum.notify.PgNotifications;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Probes the {@link ChangeHorizon} as soon as any instance commits a change of documents (the
 * {@code documents_changes_notify} trigger notifies {@value #CHANNEL} at commit), and after the
 * listening connection came back, when notifications may have been missed. Without
 * notifications the horizon still moves every {@code vellum.changes.poll-interval}.
 */
@Component
class ChangeWakeups implements SmartLifecycle {

    static final String CHANNEL = "vellum_changes";

    private final PgNotifications notifications;
    private final ChangeHorizon horizon;
    private volatile Disposable listening;

    ChangeWakeups(PgNotifications notifications, ChangeHorizon horizon) {
        this.notifications = notifications;
        this.horizon = horizon;
    }

    @Override
    public void start() {
        listening = Flux.merge(notifications.listen(CHANNEL), notifications.resumed())
                .subscribe(any -> horizon.wake(), error -> { });
    }

    @Override
    public void stop() {
        Disposable running = listening;
        if (running != null) {
            running.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return listening != null && !listening.isDisposed();
    }
}
