package dev.vellum.changes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a change feed over HTTP as one caller, collecting its events (heartbeats left out) in the background. */
final class FeedClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() { };

    /** One event: its id, name (null for a change) and data. */
    record Event(String id, String name, JsonNode data) {

        String type() {
            return data.path("type").asString();
        }

        String key() {
            return data.at("/data/key").asString();
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    volatile Throwable error;
    volatile boolean completed;
    private final Disposable subscription;

    /**
     * The feed route of collection {@code c} from the horizon now, once every change up to the
     * last one written so far has reached it: every write the test makes next comes after it.
     */
    static String fromNow(DatabaseClient db, ChangeHorizon horizon, String c) {
        Long last = db.sql("select coalesce(pg_sequence_last_value(pg_get_serial_sequence('changes', 'seq')::regclass), 0) as n")
                .map((row, meta) -> row.get("n", Long.class)).one().block();
        horizon.reach(last).block();
        return "/v1/collections/" + c + "/changes?since=" + last;
    }

    FeedClient(int port, String apiKey, String token, String uri, String lastEventId) {
        this(WebClient.builder().baseUrl("http://127.0.0.1:" + port).build(), apiKey, token, uri, lastEventId);
    }

    /** The same through {@code client} (e.g. one connecting from another local address). */
    FeedClient(WebClient client, String apiKey, String token, String uri, String lastEventId) {
        Flux<ServerSentEvent<String>> body = client.get().uri(uri)
                .headers(h -> {
                    h.set("X-Api-Key", apiKey);
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve().bodyToFlux(SSE);
        subscription = body.filter(e -> e.data() != null)
                .subscribe(e -> events.add(new Event(e.id(), e.event(), JSON.readTree(e.data()))), e -> error = e,
                        () -> completed = true);
    }

    /** Waits until at least {@code count} events arrived; fails after 20 s. */
    List<Event> await(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " events, got " + events + (error == null ? "" : ", failed: " + error));
            }
            sleep(20);
        }
        return List.copyOf(events);
    }

    /** Waits until the server ended the stream; fails after 20 s. */
    void awaitEnd() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!completed) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the feed did not end, events " + events + (error == null ? "" : ", failed: " + error));
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
