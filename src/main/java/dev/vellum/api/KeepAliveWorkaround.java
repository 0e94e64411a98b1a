package dev.vellum.api;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Starts every exchange on the parallel scheduler instead of inside the event loop's dispatch.
 * Reactor Netty 1.3.6 stops reading a keep-alive connection when a request that was queued
 * behind a slower one is answered synchronously inside that dispatch (reactor-netty#4361):
 * with this hop no answer completes re-entrantly. Remove when Spring Boot ships a fixed
 * Reactor Netty; {@code KeepAliveIntegrationTest} reproduces the hang.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class KeepAliveWorkaround implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.parallel());
    }
}
