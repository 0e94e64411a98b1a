package dev.vellum.idempotency;

import dev.vellum.web.Bytes;
import dev.vellum.web.GuardedPaths;
import dev.vellum.web.NdjsonResponses;
import dev.vellum.auth.Caller;
import dev.vellum.auth.CallerFilter;
import dev.vellum.auth.FingerprintKey;
import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.fence.FenceRecord;
import dev.vellum.fence.FenceRecords;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code Idempotency-Key} on every mutating {@code /v1} route. The request runs in one Postgres
 * transaction that first tries the key's advisory lock (nothing waits) and reads the key's record:
 * found → replay, or 422 IDEMPOTENCY_KEY_REUSED for another request; none and the lock is taken →
 * 409 IDEMPOTENCY_IN_PROGRESS. Otherwise the handler runs inside a savepoint with its body
 * buffered, and its answer is recorded in the same transaction: a success commits with its
 * writes; an error rolls the writes back to the savepoint first. Only then is the answer sent.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class IdempotencyFilter implements WebFilter {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Set<HttpMethod> MUTATING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    /** One answer: recorded now, or replayed from an earlier request. */
    private record Answer(StoredResponse response, boolean replayed) {
    }

    private final CallerFilter callers;
    private final FingerprintKey fingerprints;
    private final FenceRecords records;
    private final WebExceptionHandler errors;
    private final TransactionalOperator transaction;
    private final TransactionalOperator savepoint;
    private final int maxBodyBytes;
    private final Duration ttl;
    private final int maxRecordBytes;

    /** {@code errors} is the API's one error→HTTP mapping, found by its bean name (this package does not import api). */
    IdempotencyFilter(CallerFilter callers, FenceRecords records,
                      @Qualifier("errorResponses") WebExceptionHandler errors, ReactiveTransactionManager transactions,
                      FingerprintKey fingerprints, VellumProperties properties) {
        this.callers = callers;
        this.fingerprints = fingerprints;
        this.records = records;
        this.errors = errors;
        this.transaction = TransactionalOperator.create(transactions);
        this.savepoint = TransactionalOperator.create(transactions,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED));
        this.maxBodyBytes = (int) properties.maxBodySize().toBytes();
        this.ttl = properties.idempotency().ttl();
        this.maxRecordBytes = (int) Math.min(Integer.MAX_VALUE - 8, properties.idempotency().maxRecordSize().toBytes());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        List<String> keys = request.getHeaders().get(IdempotentRequest.HEADER);
        String path = request.getPath().pathWithinApplication().value();
        // POST /v1/transactions carries its own idempotency key and commits its own record; its
        // Redis replay entry must not be written before an enclosing transaction commits.
        if (keys == null || !MUTATING.contains(request.getMethod()) || !GuardedPaths.takesIdempotencyKey(path)) {
            return chain.filter(exchange);
        }
        // Authentication failures are answered as usual and never recorded.
        return callers.resolve(exchange).flatMap(caller -> {
            exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
            if (caller.keyKind() == Caller.KeyKind.PUBLIC && !caller.isUser()) {
                // every visitor shares the public key's scope, so a replay could show one visitor another's answer:
                // a visitor's key is not used (README "Access rules"); the route answers as without it
                return chain.filter(exchange);
            }
            String key = IdempotentRequest.key(keys);
            if (NdjsonResponses.requested(request.getHeaders())) {
                throw VellumException.validation("a streamed (application/x-ndjson) response cannot be replayed: "
                        + "send the request without " + IdempotentRequest.HEADER, Map.of("field", IdempotentRequest.HEADER));
            }
            return body(request).flatMap(body -> {
                IdempotentRequest idempotent = IdempotentRequest.of(caller, key, request, body, fingerprints);
                return run(exchange, chain, idempotent, body);
            });
        });
    }

    private Mono<Void> run(ServerWebExchange exchange, WebFilterChain chain, IdempotentRequest request, byte[] body) {
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders untouched = HttpHeaders.copyOf(response.getHeaders());
        BufferedResponse buffered = new BufferedResponse(response, maxRecordBytes);
        ServerWebExchange inner = exchange.mutate()
                .request(new ReplayedBodyRequest(exchange.getRequest(), body))
                .response(buffered)
                .build();
        // A live record is replayed whoever holds the lock (other replays, most likely): it is
        // committed and no one changes it. Without one, only the lock holder runs the request.
        Mono<Answer> answer = records.tryLock(request.lockId()).flatMap(locked -> records.find(request.fenceKey())
                .map(found -> replay(request, found.record()))
                .switchIfEmpty(Mono.defer(() -> locked ? firstRun(request, chain, inner, buffered, untouched)
                        : Mono.error(new VellumException(ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                                "a request with this Idempotency-Key is still running; retry later")))));
        return transaction.transactional(answer)
                .onErrorResume(failure -> {
                    // Nothing committed: the usual error answer, without the handler's headers.
                    reset(response, untouched);
                    return Mono.error(failure);
                })
                .flatMap(result -> write(response, result));
    }

    private static Answer replay(IdempotentRequest request, FenceRecord found) {
        if (!MessageDigest.isEqual(found.fingerprint(), request.fingerprint())) {
            throw new VellumException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for a different request", Map.of("field", IdempotentRequest.HEADER));
        }
        return new Answer(new StoredResponse(found.status(), found.headers(), found.body()), true);
    }

    /**
     * Runs the handler in a savepoint. Its answer is recorded if {@link ReplayRule} keeps it; an
     * error first rolls the handler's writes back to the savepoint and becomes the (buffered)
     * error answer, so whatever is recorded is decided under the key's lock.
     */
    private Mono<Answer> firstRun(IdempotentRequest request, WebFilterChain chain, ServerWebExchange inner,
                                  BufferedResponse buffered, HttpHeaders untouched) {
        ServerHttpResponse response = inner.getResponse();
        return savepoint.transactional(chain.filter(inner))
                .then(Mono.fromCallable(() -> new Outcome(StoredResponse.capture(response, buffered.body()), null)))
                .onErrorResume(failure -> {
                    reset(response, untouched);
                    buffered.discard();
                    return errors.handle(inner, failure)
                            .then(Mono.fromCallable(() -> new Outcome(StoredResponse.capture(response, buffered.body()), failure)));
                })
                .flatMap(outcome -> {
                    Answer answer = new Answer(outcome.response(), false);
                    return ReplayRule.keeps(outcome.response().status(), outcome.failure())
                            ? records.save(request.fenceKey(), record(request, outcome.response()), ttl).thenReturn(answer)
                            : Mono.just(answer);
                });
    }

    private static FenceRecord record(IdempotentRequest request, StoredResponse response) {
        return new FenceRecord(request.fingerprint(), response.status(), response.headers(), response.body());
    }

    /** What the handler answered, and the error it failed with (null on success). */
    private record Outcome(StoredResponse response, Throwable failure) {
    }

    /** Sends the answer for real; a replay adds its recorded headers and {@code Idempotent-Replayed: true}. */
    private static Mono<Void> write(ServerHttpResponse response, Answer answer) {
        StoredResponse stored = answer.response();
        response.setStatusCode(HttpStatusCode.valueOf(stored.status()));
        if (answer.replayed()) {
            stored.headers().forEach(response.getHeaders()::put);
            response.getHeaders().set(REPLAYED_HEADER, "true");
        }
        response.getHeaders().setContentLength(stored.body().length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(stored.body())));
    }

    /** Puts the response headers back as they were before the handler ran. */
    private static void reset(ServerHttpResponse response, HttpHeaders untouched) {
        response.getHeaders().clear();
        response.getHeaders().putAll(untouched);
    }

    /** The whole body, at most {@code vellum.max-body-size} (413 above, as for every route). */
    private Mono<byte[]> body(ServerHttpRequest request) {
        return Bytes.of(request.getBody(), maxBodyBytes);
    }
}
