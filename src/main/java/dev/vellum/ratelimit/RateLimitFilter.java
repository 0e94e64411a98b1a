package dev.vellum.ratelimit;

import dev.vellum.auth.Caller;
import dev.vellum.auth.CallerFilter;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.web.GuardedPaths;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Rate limits every {@code /v1} request as soon as its caller is known, before any other work:
 * ahead of the Idempotency-Key filter (so replays count too, and its rollback of the response
 * headers keeps {@code RateLimit-*}) and of routing (a transaction's operations are one request).
 * The caller is stored for the later filters and the route filters, which reuse it. A request
 * that fails authentication is not counted and goes on to be refused where it was before.
 * A transaction does not wait here: its check goes on while its own first Redis script is sent
 * ({@link PendingAdmission}), and nothing of the transaction runs until the check said yes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
public class RateLimitFilter implements WebFilter {

    private final CallerFilter callers;
    private final RateLimiter limiter;

    public RateLimitFilter(CallerFilter callers, RateLimiter limiter) {
        this.callers = callers;
        this.limiter = limiter;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!limiter.enabled() || !GuardedPaths.rateLimited(path(exchange))) {
            return chain.filter(exchange);
        }
        // An authentication failure is not counted, and is answered where it was before: by the
        // route (or as a 404 where there is none).
        Mono<Caller> authenticated = callers.resolve(exchange)
                .onErrorResume(VellumException.class, failure -> failure.code() == ErrorCode.AUTHENTICATION_FAILED
                        ? Mono.empty() : Mono.error(failure));
        return authenticated
                .flatMap(caller -> {
                    exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
                    if (GuardedPaths.pipelinesRateLimit(exchange.getRequest().getMethod(), path(exchange))) {
                        PendingAdmission.start(exchange, limiter.admit(exchange, caller));
                        return Mono.empty();
                    }
                    return limiter.admit(exchange, caller);
                })
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().pathWithinApplication().value();
    }
}
