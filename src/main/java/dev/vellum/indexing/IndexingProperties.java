package dev.vellum.indexing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vellum.indexing.*}: when a recurring query shape gets its own index, and how many.
 * {@code auto=false} stops automatic range and sort indexes (suggestions stay listed); declared
 * indexes and the full-text index of searched collections are still built. {@code buildTimeout}
 * is the builder session's {@code statement_timeout}: a build reads the whole table, far longer
 * than a request's statement may take.
 */
@ConfigurationProperties("vellum.indexing")
public record IndexingProperties(
        @DefaultValue("true") boolean auto,
        @DefaultValue("30s") Duration interval,
        @DefaultValue("50") long minQueries,
        @DefaultValue("10000") long minDocuments,
        @DefaultValue("5") int maxPerCollection,
        @DefaultValue("20") int maxPerProject,
        @DefaultValue("7d") Duration unusedAfter,
        @DefaultValue("10m") Duration retryAfter,
        @DefaultValue("3") int buildsPerRun,
        @DefaultValue("1h") Duration buildTimeout) {
}
