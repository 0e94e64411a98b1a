package dev.vellum.config;

import io.lettuce.core.ClientOptions;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce options: while the connection to Redis is down, commands fail at once instead of
 * queueing until it is back (Lettuce's default). Everything Vellum keeps in Redis fails open, so
 * an immediate failure serves the request without waiting for a timeout, and no backlog of stale
 * commands runs when Redis returns. Lettuce still reconnects by itself.
 */
@Configuration(proxyBeanMethods = false)
public class RedisClientOptions {

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return RedisClientOptions::rejectWhileDisconnected;
    }

    public static void rejectWhileDisconnected(ClientOptions.Builder options) {
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
