package dev.vellum.access;

import java.time.Duration;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Loads every access setting once the application context is built, before the server takes
 * requests: until then a collection with stricter rules than the default would be served with
 * the default. Runs on the main thread at startup, so it may wait.
 */
@Component
class AccessRefresh implements SmartInitializingSingleton {

    private static final Duration STARTUP_LOAD = Duration.ofSeconds(60);

    private final CollectionAccess access;

    AccessRefresh(CollectionAccess access) {
        this.access = access;
    }

    @Override
    public void afterSingletonsInstantiated() {
        access.reloadAll().block(STARTUP_LOAD);
    }
}
