package dev.vellum.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The one place the test suite tolerates a wait on a non-blocking thread: Spring Data Redis
 * guards its shared Lettuce connection with a {@code ReentrantLock} ({@code doInLock}). Once the
 * connection is open (it is opened at startup, see {@code SharedRedisConnection}) the lock only guards a
 * field read, but under many concurrent requests threads briefly park on it, which BlockHound
 * reports. That is lock contention for nanoseconds, not I/O.
 *
 * <p>Lettuce's own {@code SharedLock} (per connection endpoint) is the same kind of lock: writers
 * share it, and closing or reconnecting a connection takes it exclusively for a moment. When a
 * second server in the same JVM closes its connections while requests run, an event-loop thread
 * parks on it. BlockHound's error thrown from inside the lock would leave the lock's writer count
 * behind, and Lettuce then spins forever (redis/lettuce#3880), so it is tolerated too.
 *
 * <p>Jackson builds a deserializer for a type once, under a lock; requests that arrive together
 * at a freshly started server may wait on each other for that moment.
 *
 * <p>Netty's adaptive buffer allocator retires a magazine under a {@code StampedLock} write lock
 * when it grows its magazines under contention ({@code MagazineGroup.tryExpandMagazines} →
 * {@code Magazine.free}); Netty's own BlockHound integration does not list it. BlockHound's error
 * thrown there broke an R2DBC connection mid-stream, and the stream's query then held its locks.
 */
public class VellumBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
                "doInLock");
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
                "_createAndCacheValueDeserializer");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "free");
        for (String method : new String[] {"incrementWriters", "decrementWriters", "doExclusive"}) {
            builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", method);
        }
    }
}
