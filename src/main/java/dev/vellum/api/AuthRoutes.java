package dev.vellum.api;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import dev.vellum.auth.CallerFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Routes for app-user signup, login and the current user. */
@Configuration
public class AuthRoutes {

    @Bean
    public RouterFunction<ServerResponse> authRouter(AuthHandler handler, SelfServiceHandler self,
                                                     CallerFilter callerFilter) {
        // Visitors sign up and log in with a public key alone.
        RouterFunction<ServerResponse> open = route()
                .POST("/v1/auth/signup", handler::signup)
                .POST("/v1/auth/login", handler::login)
                .filter(callerFilter.anyKey())
                .build();
        RouterFunction<ServerResponse> me = route()
                .GET("/v1/auth/me", handler::me)
                .PATCH("/v1/auth/me", self::update)
                .DELETE("/v1/auth/me", self::delete)
                .filter(callerFilter.requireUserForPublicKeys())
                .build();
        return open.and(me);
    }
}
