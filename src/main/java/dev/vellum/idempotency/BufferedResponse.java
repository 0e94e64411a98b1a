package dev.vellum.idempotency;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.Map;
import dev.vellum.web.Bytes;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Mono;

/**
 * A response whose body is kept instead of sent: status and headers go to the real response,
 * which stays uncommitted until the answer is final (its record committed) and written for real.
 */
final class BufferedResponse extends ServerHttpResponseDecorator {

    private static final byte[] EMPTY = new byte[0];

    private final int maxBytes;
    private volatile byte[] body;

    /** Bodies past {@code maxBytes} are refused while they are read, never held whole. */
    BufferedResponse(ServerHttpResponse delegate, int maxBytes) {
        super(delegate);
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        return Bytes.of(body, maxBytes)
                .onErrorMap(VellumException.class, tooLarge -> tooLarge.code() == ErrorCode.PAYLOAD_TOO_LARGE
                        ? new VellumException(ErrorCode.PAYLOAD_TOO_LARGE, "the answer is larger than " + maxBytes
                                + " bytes, too large to record for replay: nothing was changed; send the request"
                                + " without " + IdempotentRequest.HEADER + " or ask for less",
                                Map.of("field", IdempotentRequest.HEADER, "max_bytes", maxBytes))
                        : tooLarge)
                .doOnNext(bytes -> this.body = bytes)
                .then();
    }

    /** Streamed answers cannot be recorded; requests that would stream are refused before they run. */
    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return Mono.error(VellumException.validation("a streamed response cannot be replayed: send the request without "
                + IdempotentRequest.HEADER));
    }

    @Override
    public Mono<Void> setComplete() {
        if (body == null) {
            body = EMPTY;
        }
        return Mono.empty();
    }

    /** Forgets a body written before a failure, so the error answer replaces it. */
    void discard() {
        body = null;
    }

    byte[] body() {
        byte[] written = body;
        return written == null ? EMPTY : written;
    }
}
