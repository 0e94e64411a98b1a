package dev.vellum.api;

import dev.vellum.auth.Caller;
import dev.vellum.auth.CallerFilter;
import dev.vellum.indexing.IndexListing;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /v1/collections/{c}/indexes}: list a collection's indexes and suggestions, drop one (secret key). */
@Configuration(proxyBeanMethods = false)
public class IndexRoutes {

    private static final String INDEXES = "/v1/collections/{collection}/indexes";

    @Bean
    RouterFunction<ServerResponse> indexesRouter(IndexListing indexes, CallerFilter callers) {
        return RouterFunctions.route()
                .GET(INDEXES, request -> indexes.list(Caller.of(request), request.pathVariable("collection"))
                        .flatMap(body -> ServerResponse.ok().bodyValue(body)))
                .DELETE(INDEXES + "/{name}", request -> indexes.drop(Caller.of(request), request.pathVariable("collection"),
                                request.pathVariable("name"))
                        .then(ServerResponse.ok().bodyValue(Map.of("deleted", true))))
                .filter(callers.requireUserForPublicKeys())
                .build();
    }
}
