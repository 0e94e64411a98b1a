package dev.vellum.changes;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds what a change-feed reader may leave unread: past {@code buffer} events or
 * {@code bufferBytes} bytes (each event's data and id, as UTF-8) waiting for it, the stream ends
 * with one {@code overflow} event naming the last id it was handed, to resume from. One event alone
 * may always wait, whatever its size: a reader that keeps up is never disconnected.
 */
final class SlowReaders {

    private SlowReaders() {
    }

    private record Sized(ServerSentEvent<String> event, long bytes) {
    }

    static Flux<ServerSentEvent<String>> bounded(Flux<ServerSentEvent<String>> events, int buffer, long bufferBytes, long startId,
                                                 JsonMapper mapper) {
        AtomicLong lastSent = new AtomicLong(startId);
        AtomicLong waitingBytes = new AtomicLong();
        AtomicReference<String> reason = new AtomicReference<>("more than " + buffer + " events");
        return events.<Sized>handle((event, sink) -> {
                    long bytes = bytes(event);
                    long before = waitingBytes.getAndAdd(bytes);
                    if (before > 0 && before + bytes > bufferBytes) {
                        reason.set("more than " + bufferBytes + " bytes of events");
                        sink.error(Exceptions.failWithOverflow());
                    } else {
                        sink.next(new Sized(event, bytes));
                    }
                })
                .onBackpressureBuffer(buffer, dropped -> { }, BufferOverflowStrategy.ERROR)
                .map(sized -> {
                    waitingBytes.addAndGet(-sized.bytes());
                    lastSent.set(Long.parseLong(sized.event().id()));
                    return sized.event();
                })
                .onErrorResume(Exceptions::isOverflow, error -> Flux.just(overflow(reason.get(), lastSent.get(), mapper)));
    }

    /** The event's data and id as UTF-8, without copying them. */
    static long bytes(ServerSentEvent<String> event) {
        return utf8Length(event.data()) + utf8Length(event.id());
    }

    private static long utf8Length(String text) {
        if (text == null) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static ServerSentEvent<String> overflow(String behind, long lastSent, JsonMapper mapper) {
        String data = mapper.createObjectNode()
                .put("reason", "the reader fell " + behind + " behind; reconnect with Last-Event-ID")
                .put("last_event_id", lastSent).toString();
        return ServerSentEvent.builder(data).event("overflow").id(Long.toString(lastSent)).build();
    }
}
