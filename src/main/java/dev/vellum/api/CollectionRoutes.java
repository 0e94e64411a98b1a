package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Collection management for secret keys: {@code /v1/collections} and {@code /v1/collections/{c}}.
 * {@code {collection}} matches exactly one segment, so the documents routes under
 * {@code /v1/collections/{c}/...} are never shadowed.
 */
@Configuration(proxyBeanMethods = false)
public class CollectionRoutes {

    private static final String COLLECTIONS = "/v1/collections";
    private static final String COLLECTION = COLLECTIONS + "/{collection}";

    @Bean
    RouterFunction<ServerResponse> collectionsRouter(CollectionHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .GET(COLLECTIONS, handler::list)
                .POST(COLLECTIONS, handler::create)
                .GET(COLLECTION, handler::get)
                .PATCH(COLLECTION, handler::update)
                .DELETE(COLLECTION, handler::delete)
                .filter(callers.requireUserForPublicKeys())
                .build();
    }
}
