package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes for user relationships (followers, following, friends, …). */
@Configuration(proxyBeanMethods = false)
public class RelationshipRoutes {

    private static final String MINE = "/v1/users/me/relationships/{type}";
    private static final String THEIRS = "/v1/users/{id}/relationships/{type}";

    @Bean
    RouterFunction<ServerResponse> relationshipRouter(RelationshipHandler handler, CallerFilter callers) {
        // "me" first: routes match in order, and {id} would otherwise take "me" as a user id.
        return RouterFunctions.route()
                .GET(MINE, handler::listMine)
                .POST(MINE, handler::addMine)
                .DELETE(MINE + "/{related_id}", handler::removeMine)
                .GET(THEIRS, handler::list)
                .POST(THEIRS, handler::add)
                .DELETE(THEIRS + "/{related_id}", handler::remove)
                .filter(callers.requireUserForPublicKeys())
                .build();
    }
}
