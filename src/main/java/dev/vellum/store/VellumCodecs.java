package dev.vellum.store;

import io.netty.buffer.ByteBufAllocator;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.codec.CodecRegistry;
import io.r2dbc.postgresql.extension.CodecRegistrar;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Adds Vellum's codecs to every PostgreSQL connection: r2dbc-postgresql finds this class through
 * {@code META-INF/services/io.r2dbc.postgresql.extension.Extension}. {@link UtcTimestampCodec} goes
 * first, but it only answers for its own type, so every other read is decoded as before.
 */
public final class VellumCodecs implements CodecRegistrar {

    @Override
    public Publisher<Void> register(PostgresqlConnection connection, ByteBufAllocator allocator, CodecRegistry registry) {
        registry.addFirst(new UtcTimestampCodec());
        return Mono.empty();
    }
}
