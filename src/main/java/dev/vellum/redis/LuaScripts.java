package dev.vellum.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/** Lua scripts shipped in {@code src/main/resources/lua}, run by EVALSHA with a fallback to EVAL on NOSCRIPT. */
public final class LuaScripts {

    private LuaScripts() {
    }

    /** The script at {@code resource}; its SHA-1 is computed now, at startup, not on an event-loop thread. */
    @SuppressWarnings("rawtypes")
    public static RedisScript<List> load(String resource) {
        RedisScript<List> script = RedisScript.of(read(resource), List.class);
        script.getSha1();
        return script;
    }

    /** A script's array reply, whether the driver hands it over as one list or element by element. */
    public static List<Object> flatten(List<?> reply) {
        List<Object> values = new ArrayList<>();
        for (Object item : reply) {
            if (item instanceof List<?> inner) {
                values.addAll(inner);
            } else {
                values.add(item);
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
