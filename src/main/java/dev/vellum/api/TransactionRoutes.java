package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.transactions.TransactionHandler;
import dev.vellum.web.GuardedPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Exactly-once transactions: {@code POST /v1/transactions}. */
@Configuration(proxyBeanMethods = false)
public class TransactionRoutes {

    public static final String PATH = GuardedPaths.TRANSACTIONS;

    @Bean
    RouterFunction<ServerResponse> transactionRouter(TransactionHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .POST(PATH, handler::handle)
                .filter(callers.requireUserForPublicKeys())
                .build();
    }
}
