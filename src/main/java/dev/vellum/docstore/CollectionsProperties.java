package dev.vellum.docstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vellum.collections.*}: how the documents of deleted collections are removed in the
 * background: every {@code cleanup-interval}, in transactions of at most {@code cleanup-batch} rows.
 */
@ConfigurationProperties("vellum.collections")
public record CollectionsProperties(
        @DefaultValue("5s") Duration cleanupInterval,
        @DefaultValue("2000") int cleanupBatch) {
}
