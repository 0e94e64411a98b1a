package dev.vellum.api;

import dev.vellum.auth.ApiKeyStore;
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
 * Actuator endpoints other than health (metrics, info) reveal how the service runs: they need a
 * secret key. Health stays open for load balancers and orchestrators.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ManagementGuard implements WebFilter {

    private final ApiKeyStore keys;

    public ManagementGuard(ApiKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!GuardedPaths.needsSecretKey(path)) {
            return chain.filter(exchange);
        }
        String key = exchange.getRequest().getHeaders().getFirst(CallerFilter.API_KEY_HEADER);
        if (key == null || key.isBlank()) {
            return Mono.error(new VellumException(ErrorCode.AUTHENTICATION_FAILED, "the X-Api-Key header is required"));
        }
        return keys.find(key.trim())
                .filter(grant -> grant.kind() == Caller.KeyKind.SECRET)
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                        "management endpoints need a secret key")))
                .then(chain.filter(exchange));
    }
}
