package dev.vellum.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on 127.0.0.1 that verifies every request the Standard Webhooks way (written
 * here from the specification, not with Vellum's code), records what it accepted and answers the
 * status the test chooses per collection, or — after {@link #hang()} — accepts requests and answers
 * none until {@link #release()}.
 */
final class Receiver implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One accepted request. */
    record Received(String id, long timestamp, JsonNode body) {

        String key() {
            return body.at("/data/key").asString();
        }

        long version() {
            return body.at("/data/version").asLong();
        }

        String type() {
            return body.path("type").asString();
        }
    }

    final List<Received> accepted = new CopyOnWriteArrayList<>();
    final List<String> badSignatures = new CopyOnWriteArrayList<>();
    final List<String> concurrentDuplicates = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    final Map<String, Integer> statusByCollection = new ConcurrentHashMap<>();
    final Set<String> secrets = ConcurrentHashMap.newKeySet();
    volatile Duration delay = Duration.ZERO;
    /** Requests read and not answered yet because the receiver hangs. */
    final AtomicInteger held = new AtomicInteger();
    private volatile Sinks.Empty<Void> hold;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final DisposableServer server;
    /** Its own event loop: a second Vellum context that closes disposes Reactor Netty's global ones, which would stop this server. */
    private final LoopResources loops = LoopResources.create("receiver", 1, true);

    Receiver() {
        server = HttpServer.create().runOn(loops).host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .flatMap(body -> {
                            requests.incrementAndGet();
                            String id = request.requestHeaders().get("webhook-id");
                            if (!inFlight.add(id)) {
                                concurrentDuplicates.add(id);
                            }
                            return held().then(Mono.delay(delay))
                                    .then(Mono.fromCallable(() -> handle(id, request.requestHeaders().get("webhook-timestamp"),
                                            request.requestHeaders().get("webhook-signature"), body)))
                                    .doFinally(s -> inFlight.remove(id));
                        })
                        .flatMap(status -> response.status(status).send().then()))
                .bindNow();
    }

    /** From now on, reads each request and answers none of them until {@link #release()}. */
    void hang() {
        hold = Sinks.empty();
    }

    /** Answers the held requests (those still connected) and the next ones as usual. */
    void release() {
        Sinks.Empty<Void> released = hold;
        hold = null;
        if (released != null) {
            released.tryEmitEmpty();
        }
    }

    private Mono<Void> held() {
        Sinks.Empty<Void> current = hold;
        if (current == null) {
            return Mono.empty();
        }
        held.incrementAndGet();
        return current.asMono().doFinally(s -> held.decrementAndGet());
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + "/" + path;
    }

    private int handle(String id, String timestamp, String signatures, String body) {
        if (id == null || timestamp == null || signatures == null || !verifies(id, timestamp, signatures, body)) {
            badSignatures.add(id);
            return 401;
        }
        JsonNode json = JSON.readTree(body);
        int status = statusByCollection.getOrDefault(json.at("/data/collection").asString(), 200);
        if (status / 100 == 2) {
            accepted.add(new Received(id, Long.parseLong(timestamp), json));
        }
        return status;
    }

    /** The Standard Webhooks check: any {@code v1,} signature equals HMAC-SHA256(id.timestamp.body) under a known secret. */
    private boolean verifies(String id, String timestamp, String signatures, String body) {
        for (String secret : secrets) {
            String expected = hmac(secret, id + "." + timestamp + "." + body);
            for (String signature : signatures.split(" ")) {
                if (signature.equals("v1," + expected)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code done} holds for the accepted requests; fails after 60 s. */
    List<Received> await(Function<List<Received>, Boolean> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.apply(List.copyOf(accepted))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("receiver got " + accepted.size() + " requests: " + accepted);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        server.disposeNow();
        loops.disposeLater().block(Duration.ofSeconds(10));
    }
}
