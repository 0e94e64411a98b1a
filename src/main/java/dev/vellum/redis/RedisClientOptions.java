package dev.vellum.redis;

import io.lettuce.core.ClientOptions;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lettuce queues commands while it is disconnected and sends them once Redis is back. Vellum
 * treats Redis as optional (limits fail open, transactions fall back to Postgres locking), so a
 * command that cannot be sent now should fail now: a queued lock taken minutes later would only
 * block the next caller.
 */
@Configuration(proxyBeanMethods = false)
public class RedisClientOptions {

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
