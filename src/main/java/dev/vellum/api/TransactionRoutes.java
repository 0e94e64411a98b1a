package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.ratelimit.PendingAdmission;
import dev.vellum.transactions.TransactionHandler;
import dev.vellum.web.GuardedPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Exactly-once transactions: {@code POST /v1/transactions}. */
@Configuration(proxyBeanMethods = false)
public class TransactionRoutes {

    public static final String PATH = GuardedPaths.TRANSACTIONS;

    @Bean
    RouterFunction<ServerResponse> transactionRouter(TransactionHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .POST(PATH, handler::handle)
                // the rate limit's answer comes first: an over-limit caller is told so, not what else was wrong
                .filter((request, next) -> next.handle(request)
                        .onErrorResume(failure -> PendingAdmission.of(request).then(Mono.error(failure))))
                .filter(callers.requireUserForPublicKeys())
                .build();
    }
}
