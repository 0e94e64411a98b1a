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

    @Test
    void a_reader_that_keeps_up_gets_every_event_and_no_overflow() {
        StepVerifier.create(SlowReaders.bounded(events(1, 50), 10, 0, JSON))
                .expectNextCount(50)
                .verifyComplete();
    }

    @Test
    void a_reader_past_the_bound_gets_what_was_buffered_then_a_final_overflow_event_naming_its_last_id() {
        Sinks.Many<ServerSentEvent<String>> source = Sinks.many().unicast().onBackpressureBuffer();
        List<ServerSentEvent<String>> got = new ArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();
        BaseSubscriber<ServerSentEvent<String>> reader = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(3);
            }

            @Override
            protected void hookOnNext(ServerSentEvent<String> event) {
                got.add(event);
            }

            @Override
            protected void hookOnComplete() {
                completed.set(true);
            }
        };
        SlowReaders.bounded(source.asFlux(), 10, 0, JSON).subscribe(reader);
        for (int i = 1; i <= 50; i++) {
            source.tryEmitNext(ServerSentEvent.builder("{}").id(Integer.toString(i)).build());
        }
        assertThat(got).hasSize(3);
        reader.request(Long.MAX_VALUE);
        assertThat(completed).isTrue();
        assertThat(got).hasSize(14);
        ServerSentEvent<String> last = got.get(13);
        assertThat(last.event()).isEqualTo("overflow");
        assertThat(last.id()).isEqualTo("13");
        assertThat(JSON.readTree(last.data()).get("last_event_id").asLong()).isEqualTo(13);
    }

    private static Flux<ServerSentEvent<String>> events(int from, int count) {
        return Flux.range(from, count).map(i -> ServerSentEvent.builder("{\"n\":" + i + "}").id(Integer.toString(i)).build());
    }
}
