package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.webhooks.WebhooksHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** A collection's webhook deliveries and signing secret (secret key only). */
@Configuration(proxyBeanMethods = false)
public class WebhookRoutes {

    private static final String COLLECTION = "/v1/collections/{collection}";

    @Bean
    RouterFunction<ServerResponse> webhooksRouter(WebhooksHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .GET(COLLECTION + "/webhook_deliveries", handler::list)
                .POST(COLLECTION + "/webhook_deliveries/{id}/retry", handler::retry)
                .POST(COLLECTION + "/webhook_secret", handler::rotateSecret)
                .filter(callers.requireUserForPublicKeys())
                .build();
    }
}
