package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * User management for secret keys: {@code /v1/users}, {@code /v1/users/count},
 * {@code /v1/users/find_one}, {@code /v1/users/by_email/{email}} and {@code /v1/users/{id}}.
 * The fixed names come before {@code {id}}, which matches exactly one segment, so
 * {@code /v1/users/{id}/...} routes of other routers are never shadowed.
 */
@Configuration(proxyBeanMethods = false)
public class UserAdminRoutes {

    private static final String USERS = "/v1/users";
    private static final String USER = USERS + "/{id}";

    @Bean
    @Order(-10)
    RouterFunction<ServerResponse> userAdminRouter(UserAdminHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .POST(USERS, handler::create)
                .GET(USERS, handler::query)
                .GET(USERS + "/count", handler::count)
                .GET(USERS + "/find_one", handler::findOne)
                .GET(USERS + "/by_email/{email}", handler::getByEmail)
                .GET(USER, handler::get)
                .PATCH(USER, handler::update)
                .DELETE(USER, handler::delete)
                .filter(callers.requireUserForPublicKeys())
                .build();
    }
}
