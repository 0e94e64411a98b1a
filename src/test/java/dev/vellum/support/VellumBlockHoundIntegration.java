package dev.vellum.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The one place the test suite tolerates a wait on a non-blocking thread: Spring Data Redis
 * guards its shared Lettuce connection with a {@code ReentrantLock} ({@code doInLock}). Once the
 * connection is open (it is opened at startup, see {@code SharedRedisConnection}) the lock only guards a
 * field read, but under many concurrent requests threads briefly park on it, which BlockHound
 * reports. That is lock contention for nanoseconds, not I/O.
 */
public class VellumBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
                "doInLock");
    }
}
