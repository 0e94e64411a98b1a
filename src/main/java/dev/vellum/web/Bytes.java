package dev.vellum.web;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A body's buffers joined into one byte array (and released). */
public final class Bytes {

    private static final byte[] EMPTY = new byte[0];

    private Bytes() {
    }

    /** All of {@code body}, an empty array when it has nothing; past {@code maxBytes} a PAYLOAD_TOO_LARGE. */
    public static Mono<byte[]> of(Publisher<? extends DataBuffer> body, int maxBytes) {
        return DataBufferUtils.join(Flux.from(body), maxBytes)
                .map(joined -> {
                    try {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(joined);
                    }
                })
                .defaultIfEmpty(EMPTY)
                .onErrorMap(DataBufferLimitException.class,
                        e -> new VellumException(ErrorCode.PAYLOAD_TOO_LARGE, "request body is too large"));
    }
}
