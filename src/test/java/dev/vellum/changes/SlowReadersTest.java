package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscription;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class SlowReadersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long NO_BYTE_BOUND = Long.MAX_VALUE;

    @Test
    void a_reader_that_keeps_up_gets_every_event_and_no_overflow() {
        StepVerifier.create(SlowReaders.bounded(events(1, 50), 10, 100, 0, JSON))
                .expectNextCount(50)
                .verifyComplete();
    }

    @Test
    void a_reader_that_keeps_up_gets_an_event_larger_than_the_byte_bound() {
        StepVerifier.create(SlowReaders.bounded(Flux.just(event(1, "x".repeat(1000)), event(2, "y".repeat(1000))), 10, 30, 0, JSON))
                .expectNextMatches(e -> e.id().equals("1"))
                .expectNextMatches(e -> e.id().equals("2"))
                .verifyComplete();
    }

    @Test
    void a_reader_past_the_bound_gets_what_was_buffered_then_a_final_overflow_event_naming_its_last_id() {
        Reader reader = new Reader(3);
        Sinks.Many<ServerSentEvent<String>> source = Sinks.many().unicast().onBackpressureBuffer();
        SlowReaders.bounded(source.asFlux(), 10, NO_BYTE_BOUND, 0, JSON).subscribe(reader);
        for (int i = 1; i <= 50; i++) {
            source.tryEmitNext(event(i, "{}"));
        }
        assertThat(reader.got).hasSize(3);
        reader.request(Long.MAX_VALUE);
        assertThat(reader.completed).isTrue();
        assertThat(reader.got).hasSize(14);
        ServerSentEvent<String> last = reader.got.get(13);
        assertThat(last.event()).isEqualTo("overflow");
        assertThat(last.id()).isEqualTo("13");
        assertThat(JSON.readTree(last.data()).get("last_event_id").asLong()).isEqualTo(13);
        assertThat(JSON.readTree(last.data()).get("reason").asString())
                .isEqualTo("the reader fell more than 10 events behind; reconnect with Last-Event-ID");
    }

    /** Events of 10 bytes each (a one-digit id and nine bytes of data) against a bound of 30 bytes. */
    @Test
    void exactly_the_byte_bound_may_wait_and_one_byte_more_disconnects_the_reader() {
        Reader reader = new Reader(1);
        Sinks.Many<ServerSentEvent<String>> source = Sinks.many().unicast().onBackpressureBuffer();
        SlowReaders.bounded(source.asFlux(), 1000, 30, 0, JSON).subscribe(reader);
        source.tryEmitNext(event(1, "123456789"));
        for (int i = 2; i <= 4; i++) {
            source.tryEmitNext(event(i, "123456789"));
        }
        assertThat(reader.got).extracting(ServerSentEvent::id).containsExactly("1");
        assertThat(reader.completed).as("30 bytes waiting is within the bound").isFalse();
        source.tryEmitNext(event(5, ""));
        reader.request(Long.MAX_VALUE);
        assertThat(reader.completed).isTrue();
        assertThat(reader.got).extracting(ServerSentEvent::id).containsExactly("1", "2", "3", "4", "4");
        ServerSentEvent<String> last = reader.got.get(4);
        assertThat(last.event()).isEqualTo("overflow");
        assertThat(JSON.readTree(last.data()).get("last_event_id").asLong()).isEqualTo(4);
        assertThat(JSON.readTree(last.data()).get("reason").asString())
                .isEqualTo("the reader fell more than 30 bytes of events behind; reconnect with Last-Event-ID");
    }

    @Test
    void bytes_taken_by_the_reader_no_longer_count() {
        Reader reader = new Reader(0);
        Sinks.Many<ServerSentEvent<String>> source = Sinks.many().unicast().onBackpressureBuffer();
        SlowReaders.bounded(source.asFlux(), 1000, 30, 0, JSON).subscribe(reader);
        for (int round = 0; round < 5; round++) {
            for (int i = 1; i <= 3; i++) {
                source.tryEmitNext(event(i, "123456789"));
            }
            reader.request(3);
        }
        assertThat(reader.got).hasSize(15).allMatch(e -> e.event() == null);
        assertThat(reader.completed).isFalse();
    }

    @Test
    void one_event_larger_than_the_byte_bound_may_wait_alone_but_nothing_after_it() {
        Reader reader = new Reader(0);
        Sinks.Many<ServerSentEvent<String>> source = Sinks.many().unicast().onBackpressureBuffer();
        SlowReaders.bounded(source.asFlux(), 1000, 30, 7, JSON).subscribe(reader);
        source.tryEmitNext(event(8, "x".repeat(100)));
        assertThat(reader.completed).isFalse();
        source.tryEmitNext(event(9, "y"));
        reader.request(Long.MAX_VALUE);
        assertThat(reader.got).extracting(ServerSentEvent::id).containsExactly("8", "8");
        assertThat(reader.got.get(1).event()).isEqualTo("overflow");
        assertThat(reader.completed).isTrue();
    }

    @Test
    void an_event_counts_its_data_and_id_as_utf8() {
        assertThat(SlowReaders.bytes(event(12, "aé€😀"))).isEqualTo(2 + 1 + 2 + 3 + 4);
        assertThat(SlowReaders.bytes(ServerSentEvent.<String>builder().comment("heartbeat").build())).isZero();
    }

    private static Flux<ServerSentEvent<String>> events(int from, int count) {
        return Flux.range(from, count).map(i -> event(i, "{\"n\":" + i + "}"));
    }

    private static ServerSentEvent<String> event(int id, String data) {
        return ServerSentEvent.builder(data).id(Integer.toString(id)).build();
    }

    /** Asks for {@code initial} events, then for what the test requests. */
    private static final class Reader extends BaseSubscriber<ServerSentEvent<String>> {

        final List<ServerSentEvent<String>> got = new ArrayList<>();
        final AtomicBoolean completed = new AtomicBoolean();
        private final long initial;

        Reader(long initial) {
            this.initial = initial;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            if (initial > 0) {
                subscription.request(initial);
            }
        }

        @Override
        protected void hookOnNext(ServerSentEvent<String> event) {
            got.add(event);
        }

        @Override
        protected void hookOnComplete() {
            completed.set(true);
        }
    }
}
