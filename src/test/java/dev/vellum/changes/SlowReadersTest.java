package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
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
    void a_reader_past_the_bound_gets_a_final_overflow_event_naming_its_last_id() {
        List<ServerSentEvent<String>> got = new java.util.ArrayList<>();
        StepVerifier.create(SlowReaders.bounded(events(1, 50), 10, 0, JSON), 3)
                .recordWith(() -> got)
                .expectNextCount(3)
                .thenRequest(Long.MAX_VALUE)
                .thenConsumeWhile(event -> true)
                .verifyComplete();
        ServerSentEvent<String> last = got.get(got.size() - 1);
        assertThat(last.event()).isEqualTo("overflow");
        assertThat(got.size()).isLessThan(50);
        String lastId = got.get(got.size() - 2).id();
        assertThat(JSON.readTree(last.data()).get("last_event_id").asLong()).isEqualTo(Long.parseLong(lastId));
        assertThat(last.id()).isEqualTo(lastId);
    }

    private static Flux<ServerSentEvent<String>> events(int from, int count) {
        return Flux.range(from, count).map(i -> ServerSentEvent.builder("{\"n\":" + i + "}").id(Integer.toString(i)).build());
    }
}
