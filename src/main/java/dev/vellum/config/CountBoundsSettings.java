package dev.vellum.config;

import dev.vellum.query.CountBounds;
import org.springframework.stereotype.Component;

/** Puts the configured {@code vellum.limits.*} counts in force for the pure parsers at start. */
@Component
class CountBoundsSettings {

    CountBoundsSettings(CountLimits limits) {
        CountBounds.use(limits.bounds());
    }
}
