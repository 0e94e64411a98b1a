package dev.vellum.access;

import reactor.core.publisher.Mono;

/**
 * An in-memory view of one part of the collections' settings (access rules, schemas) that
 * {@link AccessRefresh} keeps current on every instance from the {@code vellum_access}
 * notification.
 */
public interface SettingsCache {

    /** Reads one collection's setting again. */
    Mono<Void> reload(long projectId, String collection);

    /** Reads every setting again, forgetting collections that no longer have one. */
    Mono<Void> reloadAll();
}
