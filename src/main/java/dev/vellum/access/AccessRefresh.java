package dev.vellum.access;

import dev.vellum.notify.PgNotifications;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps every {@link SettingsCache} ({@link CollectionAccess}, the schemas) current on this
 * instance: listens to {@code vellum_access} (sent by the trigger of sql/V60, widened by sql/V84,
 * at the commit of any change to a collection's access or schema setting) and reloads the
 * collection it names in each cache; reloads everything when listening resumes after a lost
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
    /** Listening resumed (or someone sent '*'): every setting is read again. */
    private static final String EVERYTHING = "*";

    private final List<SettingsCache> caches;
    private final PgNotifications notifications;
    private final Disposable.Composite running = Disposables.composite();

    AccessRefresh(List<SettingsCache> caches, PgNotifications notifications) {
        this.caches = caches;
        this.notifications = notifications;
    }

    @Override
    public void afterSingletonsInstantiated() {
        // One ordered stream: a reload of everything after a lost connection must not finish after,
        // and overwrite, the reload of a notification that came later.
        Flux<String> events = Flux.merge(notifications.listen(CHANNEL), notifications.resumed().map(resumed -> EVERYTHING));
        running.add(follow(events, RETRY).subscribe());
        // ask again 50 ms after each "not yet" (no ticking clock that could outrun a slow answer)
        Mono.defer(() -> notifications.listensTo(CHANNEL))
                .filter(Boolean::booleanValue)
                .repeatWhenEmpty(Integer.MAX_VALUE, attempts -> attempts.delayElements(POLL))
                .timeout(STARTUP)
                .then(reloadAll())
                .block(STARTUP.multipliedBy(2));
    }

    /** Reloads on every payload, one at a time and in order, so an older read never overwrites a newer one. */
    Flux<Void> follow(Flux<String> payloads, Duration retry) {
        return payloads.concatMap(payload -> changed(payload).onErrorResume(e -> {
            log.warn("cannot reload the settings of {}, reloading all in {}: {}", payload, retry, e.toString());
            return Mono.delay(retry).then(reloadAll()).onErrorResume(again -> Mono.empty());
        }));
    }

    /** Handles one {@code '<project_id>:<name>'} notification payload, or {@link #EVERYTHING}. */
    private Mono<Void> changed(String payload) {
        if (EVERYTHING.equals(payload)) {
            return reloadAll();
        }
        int colon = payload.indexOf(':');
        if (colon <= 0) {
            return Mono.empty();
        }
        long projectId = Long.parseLong(payload.substring(0, colon));
        String collection = payload.substring(colon + 1);
        return Flux.fromIterable(caches).concatMap(cache -> cache.reload(projectId, collection)).then();
    }

    private Mono<Void> reloadAll() {
        return Flux.fromIterable(caches).concatMap(SettingsCache::reloadAll).then();
    }

    @Override
    public void destroy() {
        running.dispose();
    }
}
