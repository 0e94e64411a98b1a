package dev.vellum.config;

import dev.vellum.query.CountBounds;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vellum.limits.*}: how many predicates, sort keys, lookups, fields set and array values
 * one request may hold (see {@link CountBounds}); the README's "Limits and guarantees".
 */
@ConfigurationProperties("vellum.limits")
public record CountLimits(@DefaultValue("100") int filterPredicates,
                          @DefaultValue("8") int sortKeys,
                          @DefaultValue("10") int lookups,
                          @DefaultValue("1000") int fieldsPerWrite,
                          @DefaultValue("1000") int arrayValues) {

    public CountBounds bounds() {
        return new CountBounds(filterPredicates, sortKeys, lookups, fieldsPerWrite, arrayValues);
    }
}
