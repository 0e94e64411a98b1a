package dev.vellum.changes;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds what a change-feed reader may leave unread: past {@code buffer} events waiting for it,
 * the stream ends with one {@code overflow} event naming the last id it was handed, to resume from.
 */
final class SlowReaders {

    private SlowReaders() {
    }

    static Flux<ServerSentEvent<String>> bounded(Flux<ServerSentEvent<String>> events, int buffer, long startId, JsonMapper mapper) {
        AtomicLong lastSent = new AtomicLong(startId);
        return events.onBackpressureBuffer(buffer, dropped -> { }, BufferOverflowStrategy.ERROR)
                .doOnNext(event -> lastSent.set(Long.parseLong(event.id())))
                .onErrorResume(Exceptions::isOverflow, error -> Flux.just(overflow(buffer, lastSent.get(), mapper)));
    }

    private static ServerSentEvent<String> overflow(int buffer, long lastSent, JsonMapper mapper) {
        String data = mapper.createObjectNode()
                .put("reason", "the reader fell more than " + buffer + " events behind; reconnect with Last-Event-ID")
                .put("last_event_id", lastSent).toString();
        return ServerSentEvent.builder(data).event("overflow").id(Long.toString(lastSent)).build();
    }
}
