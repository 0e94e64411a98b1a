package dev.vellum.ratelimit;

import dev.vellum.web.ClientAddress;
import dev.vellum.auth.Caller;
import dev.vellum.auth.CallerFilter;
import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Draws a request from its caller's token bucket ({@link BucketKind}) under the project's limits,
 * puts the {@link RateLimitHeaders} on the response before anything else answers (so they are
 * there on success and on errors alike), and fails with {@code RATE_LIMIT_EXCEEDED} and
 * {@code retry_after} when the bucket is empty.
 */
@Component
public class RateLimiter {

    private final boolean enabled;
    private final int trustedProxyHops;
    private final ProjectLimitsStore limits;
    private final TokenBuckets buckets;

    public RateLimiter(VellumProperties properties, ProjectLimitsStore limits, TokenBuckets buckets) {
        this.enabled = properties.rateLimits().enabled();
        this.trustedProxyHops = properties.auth().trustedProxyHops();
        this.limits = limits;
        this.buckets = buckets;
    }

    /** Whether rate limits are on ({@code vellum.rate-limits.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /** Completes empty when the request may go on; RATE_LIMIT_EXCEEDED when its bucket is empty. */
    public Mono<Void> admit(ServerWebExchange exchange, Caller caller) {
        if (!enabled) {
            return Mono.empty();
        }
        BucketKind kind = kind(caller);
        String key = RateLimitKeys.bucket(caller.projectId(), kind, identity(kind, exchange, caller));
        return limits.of(caller.projectId()).flatMap(projectLimits -> {
            BucketLimit limit = projectLimits.of(kind);
            return buckets.take(key, limit).flatMap(state -> {
                RateLimitHeaders.write(exchange.getResponse().getHeaders(), limit, state);
                return state.allowed() ? Mono.<Void>empty() : Mono.error(tooMany(state));
            });
        });
    }

    static BucketKind kind(Caller caller) {
        if (caller.isUser()) {
            return BucketKind.USER;
        }
        return caller.keyKind() == Caller.KeyKind.SECRET ? BucketKind.SECRET_KEY : BucketKind.ANONYMOUS;
    }

    private String identity(BucketKind kind, ServerWebExchange exchange, Caller caller) {
        return switch (kind) {
            case USER -> caller.userId();
            case SECRET_KEY -> exchange.getRequest().getHeaders().getFirst(CallerFilter.API_KEY_HEADER).trim();
            case ANONYMOUS -> ClientAddress.of(exchange.getRequest(), trustedProxyHops);
        };
    }

    private static VellumException tooMany(BucketState state) {
        return new VellumException(ErrorCode.RATE_LIMIT_EXCEEDED, "too many requests, try again later",
                Map.of("retry_after", state.retryAfterSeconds()));
    }
}
