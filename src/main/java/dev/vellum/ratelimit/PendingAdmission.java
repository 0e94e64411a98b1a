package dev.vellum.ratelimit;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A rate-limit check already sent to Redis whose answer the request has not waited for yet. A
 * transaction sends its own first Redis script while this one is under way, so the two share one
 * round trip; everything the transaction does after that script waits for this answer, and so does
 * any error the route answers before it.
 */
public final class PendingAdmission {

    private static final String ATTRIBUTE = PendingAdmission.class.getName();

    private PendingAdmission() {
    }

    /** Sends the check now and keeps its answer on the exchange for the route. */
    static void start(ServerWebExchange exchange, Mono<Void> admission) {
        Mono<Void> answer = admission.cache();
        // sent now, whatever the route does; its answer is kept for whoever waits for it
        answer.subscribe(null, failure -> { });
        exchange.getAttributes().put(ATTRIBUTE, answer);
    }

    /**
     * The request's pending check: completes empty when the request may go on and fails with
     * {@code RATE_LIMIT_EXCEEDED} when it may not. Empty when there is none (rate limits off, or
     * the check already ran before the route).
     */
    public static Mono<Void> of(ServerRequest request) {
        Object answer = request.attributes().get(ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Mono<Void> pending = answer instanceof Mono<?> mono ? (Mono<Void>) mono : Mono.empty();
        return pending;
    }
}
