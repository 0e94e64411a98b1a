package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.transactions.TransactionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Exactly-once transactions: {@code POST /v1/transactions}. */
@Configuration(proxyBeanMethods = false)
public class TransactionRoutes {

    @Bean
    RouterFunction<ServerResponse> transactionRouter(TransactionHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .POST("/v1/transactions", handler::handle)
                .filter(callers.requireUserForPublicKeys())
                .build();
    }
}
