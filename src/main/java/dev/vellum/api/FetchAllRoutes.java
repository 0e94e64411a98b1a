package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.documents.FetchAllHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code POST /v1/fetch_all}: several document queries in one call, run concurrently. */
@Configuration(proxyBeanMethods = false)
public class FetchAllRoutes {

    @Bean
    RouterFunction<ServerResponse> fetchAllRouter(FetchAllHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .POST("/v1/fetch_all", handler::fetchAll)
                .filter(callers.anyKey()) // a visitor gets as far as the collection's access rules (docstore/Scopes)
                .build();
    }
}
