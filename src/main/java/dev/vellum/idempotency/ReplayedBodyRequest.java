package dev.vellum.idempotency;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/** The request with its body already read (to fingerprint it): handlers read the same bytes again. */
final class ReplayedBodyRequest extends ServerHttpRequestDecorator {

    private final byte[] body;

    ReplayedBodyRequest(ServerHttpRequest delegate, byte[] body) {
        super(delegate);
        this.body = body;
    }

    /** A fresh wrapped (unpooled) buffer per subscriber; an empty body stays empty, as it arrived. */
    @Override
    public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> body.length == 0 ? Flux.empty()
                : Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
    }
}
