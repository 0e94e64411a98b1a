package dev.vellum.access;

import dev.vellum.notify.PgNotifications;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * Keeps {@link CollectionAccess} current on this instance: listens to {@code vellum_access}
 * (sent by the trigger of sql/V60 at the commit of any change to a collection's access setting)
 * and reloads the collection it names; reloads everything when listening resumes after a lost
 * connection, since notifications may have been missed. Starts listening, then loads every
 * setting once the context is built and before the server takes requests (on the main thread,
 * so it may wait): a change committed in between is heard.
 */
@Component
class AccessRefresh implements SmartInitializingSingleton, DisposableBean {

    static final String CHANNEL = "vellum_access";
    private static final Logger log = LoggerFactory.getLogger(AccessRefresh.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(50);

    private final CollectionAccess access;
    private final PgNotifications notifications;
    private final Disposable.Composite running = Disposables.composite();

    AccessRefresh(CollectionAccess access, PgNotifications notifications) {
        this.access = access;
        this.notifications = notifications;
    }

    @Override
    public void afterSingletonsInstantiated() {
        running.add(access.follow(notifications.listen(CHANNEL), RETRY).subscribe());
        running.add(notifications.resumed()
                .concatMap(resumed -> access.reloadAll().onErrorResume(e -> {
                    log.warn("cannot reload the access rules after listening resumed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe());
        // ask again 50 ms after each "not yet" (no ticking clock that could outrun a slow answer)
        Mono.defer(() -> notifications.listensTo(CHANNEL))
                .filter(Boolean::booleanValue)
                .repeatWhenEmpty(Integer.MAX_VALUE, attempts -> attempts.delayElements(POLL))
                .timeout(STARTUP)
                .then(access.reloadAll())
                .block(STARTUP.multipliedBy(2));
    }

    @Override
    public void destroy() {
        running.dispose();
    }
}
