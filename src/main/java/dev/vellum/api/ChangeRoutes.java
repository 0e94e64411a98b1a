package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.changes.ChangesHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The change feed of a collection, as Server-Sent Events. */
@Configuration(proxyBeanMethods = false)
public class ChangeRoutes {

    @Bean
    RouterFunction<ServerResponse> changesRouter(ChangesHandler changes, CallerFilter callers) {
        return RouterFunctions.route()
                .GET("/v1/collections/{collection}/changes", changes::changes)
                .filter(callers.anyKey()) // a visitor gets as far as the collection's read rules (changes/ChangeVisibility)
                .build();
    }
}
