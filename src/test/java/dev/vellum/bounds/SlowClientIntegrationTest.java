package dev.vellum.bounds;

import static dev.vellum.support.Ops.op;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.BoundedIntegrationTest;
import dev.vellum.support.LineCounter;
import dev.vellum.support.Ops;
import dev.vellum.web.NdjsonResponses;
import io.netty.channel.ChannelOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The slow-client suite: clients that stop reading NDJSON streams cannot make Vellum stop
 * answering. Each caller and the instance have only so many streams; a stalled stream is ended
 * by the stall timeout and its pool connection comes back; meanwhile another user's ordinary
 * requests answer. On the old main, stalled streams held their connections forever.
 */
class SlowClientIntegrationTest extends BoundedIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** ~7 MB a collection: more than the server's socket buffer (4 MB) and the client's (16 KB) hold. */
    private static final int DOCS = 8000;
    private static final String PADDING = "x".repeat(800);

    @Autowired
    NdjsonResponses ndjson;

    @BeforeEach
    void roomForLongBodies() {
        // an insert of 1000 padded documents answers with all of them
        http = http.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build();
    }

    @Test
    void stalled_streams_are_refused_past_each_limit_ended_when_stalled_and_their_connections_come_back() {
        long project = projectId();
        String tokenA = userToken(project, "stall_a_" + UUID.randomUUID());
        String tokenB = userToken(project, "stall_b_" + UUID.randomUUID());
        String tokenC = userToken(project, "calm_c_" + UUID.randomUUID());
        String secretDocs = fill(null, DOCS);
        String userDocs = fill(tokenA, DOCS);
        String calmDocs = fill(tokenC, 3);

        // the secret key takes its two places; the third is refused with the caller's own limit
        LineCounter first = stall(null, secretDocs);
        LineCounter second = stall(null, secretDocs);
        awaitLines(first);
        awaitLines(second);
        var tooMany = streamError(null, secretDocs, 429);
        assertThat(tooMany.get("code").asString()).isEqualTo("TOO_MANY_STREAMS");
        assertThat(tooMany.at("/details/limit").asInt()).isEqualTo(2);

        // user A takes the instance's third place; user B is refused by the instance limit, with Retry-After
        LineCounter third = stall(tokenA, userDocs);
        awaitLines(third);
        var full = streamError(tokenB, userDocs, 503);
        assertThat(full.get("code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(full.at("/details/limit").asInt()).isEqualTo(3);

        // another user's ordinary requests still answer while three streams sit stalled
        Ops calm = new Ops(http, PUBLIC_KEY, tokenC);
        assertThat(calm.ok(op("collection.count", calmDocs)).at("/data/count").asInt()).isEqualTo(3);
        assertThat(calm.ok(op("collection.find", calmDocs)).get("data")).hasSize(3);
        calm.insert(calmDocs, List.of(Map.of("n", 4)));

        // the stall timeout ends all three: places free, connections back in the pool
        await(() -> ndjson.openStreams() == 0, "every stream's place to be free");
        await(() -> poolMetrics().acquiredSize() == 0, "every stream's connection back in the pool");
        // a client reading again gets what was already sent, then a cut-off body, never a complete-looking list
        for (LineCounter stalled : List.of(first, second, third)) {
            stalled.resume();
            await(() -> stalled.failed.get() || stalled.done.get(), "the stalled stream's end to reach its client");
            assertThat(stalled.failed).isTrue();
            assertThat(stalled.lines.get()).isLessThan(DOCS);
        }

        // and the secret key can stream again, to the end
        LineCounter again = new LineCounter(Integer.MAX_VALUE);
        rawStream(null, secretDocs).subscribe(again);
        await(() -> again.done.get() || again.failed.get(), "a fresh stream to finish");
        assertThat(again.failed).isFalse();
        assertThat(again.lines.get()).isEqualTo(DOCS);
    }

    @Test
    void a_client_that_reads_slowly_but_steadily_gets_every_line_past_the_stall_timeout() {
        // through a 16 KB window with a pause per buffer the server waits on this client again and
        // again; as long as it keeps taking lines, its stream is not ended
        String docs = fill(null, DOCS);
        List<SlowReader> readers = List.of(new SlowReader());
        readers.forEach(reader -> rawStream(null, docs).subscribe(reader));
        for (SlowReader reader : readers) {
            await(() -> reader.finished.get() || reader.failed.get(), "a slow stream to finish");
            assertThat(reader.failed).isFalse();
            assertThat(reader.lines.get()).isEqualTo(DOCS);
        }
        await(() -> poolMetrics().acquiredSize() == 0, "the streams' connections back in the pool");
    }

    /** Takes one buffer at a time, 2 ms apart. */
    private static final class SlowReader extends BaseSubscriber<DataBuffer> {

        final AtomicInteger lines = new AtomicInteger();
        final AtomicBoolean finished = new AtomicBoolean();
        final AtomicBoolean failed = new AtomicBoolean();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(DataBuffer buffer) {
            lines.addAndGet(LineCounter.newlines(buffer));
            Mono.delay(Duration.ofMillis(2)).subscribe(ignored -> request(1));
        }

        @Override
        protected void hookOnComplete() {
            finished.set(true);
        }

        @Override
        protected void hookOnError(Throwable failure) {
            failed.set(true);
        }
    }

    /** A collection of {@code count} padded documents, inserted by the secret key or a user. */
    private String fill(String token, int count) {
        String collection = freshCollection();
        Ops ops = token == null ? new Ops(http, SECRET_KEY, null) : new Ops(http, PUBLIC_KEY, token);
        for (int start = 0; start < count; start += 1000) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int n = start; n < Math.min(count, start + 1000); n++) {
                batch.add(Map.of("n", n, "padding", PADDING));
            }
            ops.ok(op("collection.insert", collection, "data", batch));
        }
        return collection;
    }

    private LineCounter stall(String token, String collection) {
        LineCounter counter = new LineCounter(50);
        rawStream(token, collection).subscribe(counter);
        return counter;
    }

    private static void awaitLines(LineCounter counter) {
        await(() -> counter.lines.get() >= 50, "the stream's first lines");
    }

    private tools.jackson.databind.JsonNode streamError(String token, String collection, int status) {
        byte[] body = http.post().uri("/v1/datastore").headers(headers -> auth(headers, token))
                .accept(MediaType.APPLICATION_NDJSON).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(op("collection.find", collection)))
                .exchange().expectStatus().isEqualTo(status)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectBody().returnResult().getResponseBody();
        return JSON.readTree(body).get("error");
    }

    private Flux<DataBuffer> rawStream(String token, String collection) {
        // a small, fixed receive buffer: a client that stops reading stalls the server quickly
        HttpClient small = HttpClient.create().option(ChannelOption.SO_RCVBUF, 16 * 1024);
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(small))
                .baseUrl("http://127.0.0.1:" + port).build()
                .post().uri("/v1/datastore").headers(headers -> auth(headers, token))
                .accept(MediaType.APPLICATION_NDJSON).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(op("collection.find", collection)))
                .retrieve().bodyToFlux(DataBuffer.class);
    }

    private static void auth(HttpHeaders headers, String token) {
        headers.set("X-Api-Key", token == null ? SECRET_KEY : PUBLIC_KEY);
        if (token != null) {
            headers.setBearerAuth(token);
        }
    }
}
