package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.datastore.DatastoreHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The Datastore op API: one route, the op named in the body. */
@Configuration(proxyBeanMethods = false)
public class DatastoreRoutes {

    @Bean
    RouterFunction<ServerResponse> datastoreRouter(DatastoreHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .POST("/v1/datastore", handler::handle)
                .filter(callers.anyKey()) // a visitor gets as far as the collection's access rules (docstore/Scopes)
                .build();
    }
}
