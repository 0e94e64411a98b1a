package dev.vellum.docstore;

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
 * Keeps the generations of {@link CollectionCatalog} current on this instance, as
 * {@code access.AccessRefresh} does for access rules: listens to {@code vellum_collections} (sent
 * at the commit of a collection's deletion, sql/V90), reloads everything when listening resumes
 * after a lost connection, and loads everything once before the server takes requests.
 */
@Component
class CollectionRefresh implements SmartInitializingSingleton, DisposableBean {

    static final String CHANNEL = "vellum_collections";
    private static final Logger log = LoggerFactory.getLogger(CollectionRefresh.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    private final CollectionCatalog catalog;
    private final PgNotifications notifications;
    private final Disposable.Composite running = Disposables.composite();

    CollectionRefresh(CollectionCatalog catalog, PgNotifications notifications) {
        this.catalog = catalog;
        this.notifications = notifications;
    }

    @Override
    public void afterSingletonsInstantiated() {
        running.add(notifications.listen(CHANNEL).subscribe(payload -> {
            try {
                catalog.changed(payload);
            } catch (RuntimeException e) {
                log.warn("cannot apply the vellum_collections notification {}: {}", payload, e.toString());
            }
        }));
        running.add(notifications.resumed()
                .concatMap(resumed -> catalog.reloadAll().onErrorResume(e -> {
                    log.warn("cannot reload the collection generations after listening resumed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe());
        Mono.defer(() -> notifications.listensTo(CHANNEL))
                .filter(Boolean::booleanValue)
                .repeatWhenEmpty(Integer.MAX_VALUE, attempts -> attempts.delayElements(POLL))
                .timeout(STARTUP)
                .then(catalog.reloadAll())
                .block(STARTUP.multipliedBy(2));
    }

    @Override
    public void destroy() {
        running.dispose();
    }
}
