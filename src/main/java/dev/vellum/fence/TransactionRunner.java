package dev.vellum.fence;

import dev.vellum.error.VellumException;
import dev.vellum.config.VellumProperties;
import dev.vellum.auth.Caller;
import dev.vellum.error.ErrorCode;
import dev.vellum.fence.FenceKey;
import dev.vellum.fence.FenceRecord;
import dev.vellum.fence.FenceRecords;
import dev.vellum.fence.LockIds;
import dev.vellum.store.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs work exactly once per idempotency key (Cocobase's {@code transaction()}).
 *
 * <ol>
 * <li>One Redis script replays a cached result at once, or else takes the Redis lock on the
 * resource (or on the key); when someone holds it the answer is the key's committed record if
 * there is one, else {@code locked} with the seconds the lock has left.</li>
 * <li>The work runs in one Postgres transaction whose first statement takes advisory locks on the
 * key and the resource without waiting and checks that the key has no live record
 * ({@code vellum_fence_enter}); the work's first statement is sent right behind it, without
 * waiting for its answer, and fails with it when it refuses: the answer is then {@code locked},
 * or the key's record replayed. Then the work's record is written. The record commits with the
 * work's writes or not at all: this, not Redis, is what makes the work run once. Three
 * PostgreSQL round trips for work of one statement: {@code BEGIN} with the fence's statement and
 * the work's (the pool's connection sends {@code BEGIN} right ahead of the first statement), the
 * record, {@code COMMIT}.</li>
 * <li>After the commit one Redis script caches the result and releases the lock (by its holder
 * only): two Redis round trips in all. The request's rate limit, sent before the transaction was
 * read, is answered while the first script is under way, and shares its round trip.</li>
 * </ol>
 * Redis failing at any step only skips that step (the log says so once). The answer is always an
 * outcome, never an error, except the rate limit's refusal.
 */
@Component
public class TransactionRunner {

    /** What the fenced step produced, and the cache entry to write for it (null: nothing to cache). */
    private record Fenced(TransactionOutcome outcome, String cacheEntry, long cacheMillis) {
        static Fenced of(TransactionOutcome outcome) {
            return new Fenced(outcome, null, 0);
        }
    }

    /** When the work may start. */
    public enum Start {
        /**
         * The work is code ({@code AsyncDb.transaction}'s {@code fn}): it is called only once the
         * fence has let the transaction in, so a locked or recorded key never runs it. One
         * PostgreSQL round trip more.
         */
        AFTER_FENCE,
        /**
         * The work only sends statements on the transaction ({@code POST /v1/transactions}): its
         * first statement goes out right behind the fence's, and fails with it when the fence
         * refuses, so nothing it did commits.
         */
        WITH_FENCE
    }

    private final TransactionRedis redis;
    private final FenceRecords records;
    private final TransactionalOperator tx;
    private final JsonMapper mapper;
    private final long maxResultBytes;

    TransactionRunner(TransactionRedis redis, FenceRecords records, TransactionalOperator tx, JsonMapper mapper,
                      VellumProperties properties) {
        this.redis = redis;
        this.records = records;
        this.tx = tx;
        this.mapper = mapper;
        this.maxResultBytes = properties.idempotency().maxRecordSize().toBytes();
    }

    /**
     * Runs {@code work} for {@code caller} under {@code spec} (built lazily, so its validation
     * errors become failure outcomes too). Every database call {@code work} makes joins the
     * transaction through the Reactor context, as long as it is part of the returned Mono.
     */
    public Mono<TransactionOutcome> run(Caller caller, Supplier<TransactionSpec> spec,
                                        Supplier<Mono<Map<String, Object>>> work) {
        return run(caller, spec, work, Start.AFTER_FENCE, Mono.empty());
    }

    /**
     * The same, with the work started as {@code start} says, once {@code admission} (the
     * request's rate limit, already under way) completes empty. Its answer is awaited together
     * with the first Redis script, so the two share one round trip; when it fails, nothing runs, a
     * lock the script took is released, and the returned Mono fails with its error instead of
     * answering an outcome.
     */
    public Mono<TransactionOutcome> run(Caller caller, Supplier<TransactionSpec> spec,
                                        Supplier<Mono<Map<String, Object>>> work, Start start, Mono<Void> admission) {
        Mono<Optional<Throwable>> verdict = admission.then(Mono.<Optional<Throwable>>empty())
                .onErrorResume(refusal -> Mono.just(Optional.of(refusal)))
                .defaultIfEmpty(Optional.empty())
                .cache();
        return Mono.defer(() -> {
            TransactionSpec call = spec.get();
            String scope = caller.scope();
            TransactionNames names = TransactionNames.of(caller.projectId(), scope, call);
            return underLock(caller.projectId(), scope, call, names, work, start, verdict);
        })
                // every success passed the rate limit with the first script; a failure (an invalid
                // spec included, which never reaches the lock) is the refusal if any, else an outcome
                .onErrorResume(e -> verdict.flatMap(refusal -> refusal.isPresent()
                        ? Mono.error(refusal.get()) : Mono.just(TransactionFailures.outcome(e))));
    }

    private Mono<TransactionOutcome> underLock(long projectId, String scope, TransactionSpec spec, TransactionNames names,
                                               Supplier<Mono<Map<String, Object>>> work, Start start,
                                               Mono<Optional<Throwable>> verdict) {
        String token = Ids.newKey();
        Mono<Optional<TransactionRedis.Start>> started = redis.start(names, token, spec.lockTtlSeconds() * 1000L)
                .map(Optional::of)
                .onErrorResume(e -> Mono.just(Optional.empty())); // Redis is down: Postgres alone locks and replays
        return Mono.zip(verdict, started).flatMap(both -> {
            Optional<TransactionRedis.Start> redisStart = both.getT2();
            if (both.getT1().isPresent()) {
                boolean locked = redisStart.isPresent() && redisStart.get().attempt() != null
                        && redisStart.get().attempt().acquired();
                return (locked ? finish(names, Fenced.of(null), token) : Mono.<Void>empty())
                        .then(Mono.error(both.getT1().get()));
            }
            return afterStart(projectId, scope, spec, names, work, start, token, redisStart);
        });
    }

    private Mono<TransactionOutcome> afterStart(long projectId, String scope, TransactionSpec spec, TransactionNames names,
                                                Supplier<Mono<Map<String, Object>>> work, Start workStart,
                                                String token, Optional<TransactionRedis.Start> start) {
        if (start.isPresent() && start.get().cached() != null) {
            return Mono.just(replay(start.get().cached().value(), spec));
        }
        Optional<TransactionRedis.LockAttempt> attempt = start.map(TransactionRedis.Start::attempt);
        if (attempt.isPresent() && !attempt.get().acquired()) {
            // the holder may have finished without reaching Redis since: Postgres knows
            TransactionOutcome locked = TransactionOutcome.locked((attempt.get().millis() + 999) / 1000);
            return recorded(fenceKey(projectId, scope, spec), spec)
                    .flatMap(fenced -> finish(names, fenced, null).thenReturn(fenced.outcome()))
                    .defaultIfEmpty(locked);
        }
        String held = attempt.isPresent() ? token : null;
        // a caller that goes away rolls the work back; its lock should not outlive it
        return fenced(projectId, scope, spec, names, work, workStart)
                .flatMap(fenced -> finish(names, fenced, held).thenReturn(fenced.outcome()))
                .doOnCancel(() -> {
                    if (held != null) {
                        finish(names, Fenced.of(null), held).subscribe();
                    }
                });
    }

    private Mono<Fenced> fenced(long projectId, String scope, TransactionSpec spec, TransactionNames names,
                                Supplier<Mono<Map<String, Object>>> work, Start start) {
        FenceKey key = fenceKey(projectId, scope, spec);
        long keyLock = LockIds.of(names.keyLock());
        Long resourceLock = names.resourceLock() == null ? null : LockIds.of(names.resourceLock());
        Mono<Fenced> steps = Mono.deferContextual(context -> {
            // sent now and not awaited: a simple query, it goes out with BEGIN right ahead of the
            // work's first statement, and when it refuses, that statement fails with it
            Mono<Void> entered = records.enter(keyLock, resourceLock).contextWrite(context).cache();
            entered.subscribe(null, refused -> { });
            Supplier<Mono<Map<String, Object>>> started = start == Start.WITH_FENCE ? work
                    : () -> entered.then(Mono.defer(work));
            return runWork(key, keyLock, spec, started, entered);
        });
        return tx.transactional(steps)
                .onErrorResume(FenceRecords.Refused.class, refused -> refused.locked()
                        ? Mono.just(Fenced.of(TransactionOutcome.locked(1)))
                        // the record itself, read by its key; none means another key shares the lock id,
                        // or the record expired meanwhile: run again, looking the key up by its text
                        : recorded(key, spec).switchIfEmpty(Mono.defer(() -> fencedByKey(key, keyLock, resourceLock,
                                spec, work))))
                .onErrorResume(e -> Mono.just(Fenced.of(TransactionFailures.outcome(e))));
    }

    /**
     * The fenced step with the key's record looked up by the key itself ({@code vellum_fence_begin})
     * before the work runs: one round trip more than {@link #fenced}, for a key whose lock id is
     * shared by another key's live record.
     */
    private Mono<Fenced> fencedByKey(FenceKey key, long keyLock, Long resourceLock, TransactionSpec spec,
                                     Supplier<Mono<Map<String, Object>>> work) {
        Mono<Fenced> steps = records.begin(key, keyLock, resourceLock)
                .flatMap(begun -> {
                    if (!begun.locked()) {
                        return Mono.just(Fenced.of(TransactionOutcome.locked(1)));
                    }
                    return begun.found() != null ? Mono.just(replayed(begun.found(), spec))
                            : runWork(key, keyLock, spec, work, Mono.empty());
                });
        return tx.transactional(steps);
    }

    /** The replay of the key's committed record, or empty when it has none (yet). */
    private Mono<Fenced> recorded(FenceKey key, TransactionSpec spec) {
        return records.find(key).map(found -> replayed(found, spec));
    }

    private Fenced replayed(FenceRecords.Found found, TransactionSpec spec) {
        FenceRecord record = found.record();
        String entry = cacheEntry(new String(record.fingerprint(), StandardCharsets.UTF_8),
                new String(record.body(), StandardCharsets.UTF_8));
        return new Fenced(replay(entry, spec), entry, found.millisLeft());
    }

    /**
     * Runs the work and writes the key's record, once {@code entered} (the fence's first step,
     * already sent) completes; when it fails, its refusal is the answer, not the failure it
     * caused the work's statements.
     */
    private Mono<Fenced> runWork(FenceKey key, long keyLock, TransactionSpec spec,
                                 Supplier<Mono<Map<String, Object>>> work, Mono<Void> entered) {
        return Mono.defer(work)
                .switchIfEmpty(Mono.fromSupplier(Map::of))
                .onErrorResume(failure -> entered.then(Mono.error(failure)))
                .flatMap(result -> entered.then(Mono.defer(() -> {
                    String resultJson = resultJson(result);
                    byte[] resultBytes = resultJson.getBytes(StandardCharsets.UTF_8);
                    if (resultBytes.length > maxResultBytes) {
                        // fails inside the transaction: the work's writes roll back, nothing is recorded
                        throw new VellumException(ErrorCode.PAYLOAD_TOO_LARGE, "the result is larger than "
                                + maxResultBytes + " bytes, too large to record for replay: nothing was changed",
                                Map.of("max_bytes", maxResultBytes));
                    }
                    String entry = cacheEntry(spec.fingerprint(), resultJson);
                    FenceRecord record = new FenceRecord(spec.fingerprint().getBytes(StandardCharsets.UTF_8), 200, Map.of(),
                            resultBytes);
                    return records.save(key, keyLock, record, Duration.ofSeconds(spec.resultTtlSeconds()))
                            .thenReturn(new Fenced(TransactionOutcome.ran(resultMap(resultJson)), entry,
                                    spec.resultTtlSeconds() * 1000L));
                })));
    }

    /** The key's fence record holds the result (as JSON text) and the operations' fingerprint (as text). */
    private static FenceKey fenceKey(long projectId, String scope, TransactionSpec spec) {
        return new FenceKey(projectId, scope, FenceKey.Kind.TRANSACTION, spec.key());
    }

    /** Caches what there is to cache and releases the lock held by {@code token} (null: none), in one round trip. */
    private Mono<Void> finish(TransactionNames names, Fenced fenced, String token) {
        if (fenced.cacheEntry() == null && token == null) {
            return Mono.empty();
        }
        return redis.finish(names, fenced.cacheEntry(), fenced.cacheMillis(), token).onErrorResume(e -> Mono.empty());
    }

    /** The outcome for a stored entry: its result, unless the key was stored for something else. */
    private TransactionOutcome replay(String entry, TransactionSpec spec) {
        JsonNode stored = mapper.readTree(entry);
        if (!spec.fingerprint().equals(stored.path("fingerprint").asString())) {
            return TransactionOutcome.failed(ErrorCode.IDEMPOTENCY_KEY_REUSED.name(),
                    "the idempotency key was already used for different operations", null);
        }
        return TransactionOutcome.replayed(resultMap(mapper.writeValueAsString(stored.path("result"))));
    }

    private String cacheEntry(String fingerprint, String resultJson) {
        var entry = mapper.createObjectNode();
        entry.put("fingerprint", fingerprint);
        entry.set("result", mapper.readTree(resultJson));
        return mapper.writeValueAsString(entry);
    }

    private String resultJson(Map<String, Object> result) {
        try {
            return mapper.writeValueAsString(result);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the result cannot be stored as JSON: " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resultMap(String json) {
        return mapper.readValue(json, LinkedHashMap.class);
    }
}
