package dev.vellum.webhooks;

import dev.vellum.changes.ChangeHorizon;
import dev.vellum.store.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends webhooks from the outbox, at least once and in order per document. Two loops per
 * instance: the fan-out turns changes up to the {@link ChangeHorizon} into delivery rows (one
 * instance at a time, behind a locked cursor), and the sender leases due deliveries
 * ({@code FOR UPDATE SKIP LOCKED}), posts them and records each attempt. Everything lives in
 * PostgreSQL, so a restart loses nothing: a lease an instance did not finish expires and another
 * instance sends the delivery again.
 */
@Component
public class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int FAN_OUT_BATCH = 500;

    private final DatabaseClient db;
    private final ChangeHorizon horizon;
    private final WebhookProperties properties;
    private final WebhookSender sender;
    private final JsonMapper mapper;
    private final AtomicInteger sending = new AtomicInteger();
    private final Sinks.Many<Boolean> wakes = Sinks.many().multicast().directBestEffort();
    private final List<Disposable> loops = new ArrayList<>();

    WebhookDispatcher(DatabaseClient db, ChangeHorizon horizon, WebhookProperties properties, JsonMapper mapper) {
        this.db = db;
        this.horizon = horizon;
        this.properties = properties;
        this.sender = new WebhookSender(properties);
        // Loads the HMAC provider and seeds the random source here, at startup, not on an event loop.
        WebhookSignature.sign(WebhookSignature.newSecret(), "warm-up", 0, "");
        this.mapper = mapper;
    }

    /** Claims and sends due deliveries now (after a retry was asked for, or a send finished). */
    public void wake() {
        wakes.tryEmitNext(Boolean.TRUE);
    }

    /** Fans out every change up to {@code upTo}; answers how many deliveries it queued. */
    Mono<Long> fanOut(long upTo) {
        return Statements.prepare(db, WebhookSql.fanOut(upTo, FAN_OUT_BATCH, properties.maxDocumentSize().toBytes()))
                .map((row, meta) -> new long[] {row.get("read", Long.class), row.get("queued", Long.class)})
                .one()
                .expand(counts -> counts[0] < FAN_OUT_BATCH ? Mono.empty()
                        : Statements.prepare(db, WebhookSql.fanOut(upTo, FAN_OUT_BATCH, properties.maxDocumentSize().toBytes()))
                                .map((row, meta) -> new long[] {row.get("read", Long.class), row.get("queued", Long.class)}).one())
                .map(counts -> counts[1])
                .reduce(0L, Long::sum);
    }

    /** Leases as many due deliveries as there are free sending slots and starts sending them. */
    private Mono<Void> claim() {
        int free = properties.concurrency() - sending.get();
        if (free <= 0) {
            return Mono.empty();
        }
        return Statements.prepare(db, WebhookSql.claim(free, properties.lease().toSeconds()))
                .map((row, meta) -> new Claimed(row.get("id", Long.class), row.get("url", String.class),
                        row.get("payload", String.class), row.get("attempts", Integer.class),
                        row.get("secret", String.class), row.get("previous_secret", String.class)))
                .all()
                .doOnNext(this::start)
                .then();
    }

    private void start(Claimed delivery) {
        sending.incrementAndGet();
        // Sends run on their own: a slow receiver holds one slot, never the claim loop or a writer.
        sendAndRecord(delivery)
                .onErrorResume(error -> {
                    log.warn("recording webhook delivery {} failed; its lease will expire and it is sent again: {}",
                            delivery.id(), error.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    sending.decrementAndGet();
                    wake();
                })
                .subscribe();
    }

    private Mono<Void> sendAndRecord(Claimed delivery) {
        long timestamp = System.currentTimeMillis() / 1000;
        String id = "msg_" + delivery.id();
        Mono<WebhookAttempt> sent = delivery.secret() == null
                ? Mono.just(new WebhookAttempt(java.time.Instant.now(), null, "the collection has no webhook secret"))
                : sender.send(delivery.url(), id, timestamp,
                        WebhookSignature.header(delivery.secrets(), id, timestamp, delivery.payload()), delivery.payload());
        return sent
                .flatMap(attempt -> Statements.prepare(db, attempt.succeeded()
                                ? WebhookSql.delivered(delivery.id(), json(attempt))
                                : WebhookSql.retryLater(delivery.id(), json(attempt), delaySeconds(delivery.attempts() + 1),
                                        properties.retryPeriod().toSeconds()))
                        .fetch().rowsUpdated())
                .then();
    }

    /** Exponential from the first retry, capped, with "equal jitter": half fixed, half random. */
    double delaySeconds(int attempts) {
        double base = properties.firstRetry().toMillis() * Math.pow(2, Math.min(attempts - 1, 30));
        double capped = Math.min(base, properties.maxRetryDelay().toMillis());
        return (capped / 2 + ThreadLocalRandom.current().nextDouble() * capped / 2) / 1000.0;
    }

    private String json(WebhookAttempt attempt) {
        return mapper.createObjectNode().put("at", dev.vellum.store.Timestamps.format(attempt.at()))
                .put("status", attempt.status()).put("error", attempt.error()).toString();
    }

    @Override
    public void start() {
        loops.add(horizon.values()
                .mergeWith(Flux.interval(properties.pollInterval()).flatMap(t -> horizon.values().next()))
                .onBackpressureLatest()
                .concatMap(upTo -> fanOut(upTo).doOnNext(queued -> {
                    if (queued > 0) {
                        wake();
                    }
                }).onErrorResume(error -> {
                    log.warn("webhook fan-out failed, will retry: {}", error.toString());
                    return Mono.empty();
                }), 1)
                .subscribe());
        loops.add(Flux.merge(Flux.interval(properties.pollInterval()), wakes.asFlux())
                .onBackpressureLatest()
                .concatMap(t -> claim().onErrorResume(error -> {
                    log.warn("claiming webhook deliveries failed, will retry: {}", error.toString());
                    return Mono.empty();
                }), 1)
                .subscribe());
    }

    @Override
    public void stop() {
        loops.forEach(Disposable::dispose);
        loops.clear();
    }

    @Override
    public boolean isRunning() {
        return !loops.isEmpty();
    }

    /** A leased delivery with the collection's secrets (the previous one while its grace lasts). */
    record Claimed(long id, String url, String payload, int attempts, String secret, String previousSecret) {

        List<String> secrets() {
            return previousSecret == null ? List.of(secret) : List.of(secret, previousSecret);
        }
    }

}
