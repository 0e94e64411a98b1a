package dev.vellum.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Lua scripts shipped as resources ({@code lua/*.lua}), run by EVALSHA with a fallback to EVAL on
 * NOSCRIPT ({@code ReactiveRedisTemplate.execute}), and their replies of whole numbers.
 */
public final class RedisScripts {

    private RedisScripts() {
    }

    /** The script, its SHA-1 computed now (at startup) rather than on an event-loop thread. */
    @SuppressWarnings("rawtypes")
    public static RedisScript<List> load(String resource) {
        RedisScript<List> script = RedisScript.of(read(resource), List.class);
        script.getSha1();
        return script;
    }

    /** A reply of numbers, whether the driver hands it over as one list or element by element. */
    public static List<Long> numbers(List<?> reply) {
        List<Long> values = new ArrayList<>();
        for (Object item : reply) {
            if (item instanceof List<?> inner) {
                inner.forEach(value -> values.add(((Number) value).longValue()));
            } else {
                values.add(((Number) item).longValue());
            }
        }
        return values;
    }

    private static String read(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
