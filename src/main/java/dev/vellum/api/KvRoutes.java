package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.kv.KvHandler;
import dev.vellum.kv.SubdocHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The key-value full-document routes; sub-document routes live under the same key path. */
@Configuration(proxyBeanMethods = false)
public class KvRoutes {

    private static final String DOCUMENT = "/v1/kv/{collection}/{key}";
    private static final String NO_KEY = "/v1/kv/{collection}/";

    @Bean
    RouterFunction<ServerResponse> kvRouter(KvHandler handler, SubdocHandler subdoc, CallerFilter callers) {
        return RouterFunctions.route()
                .POST(DOCUMENT + "/lookup_in", subdoc::lookupIn)
                .POST(DOCUMENT + "/mutate_in", subdoc::mutateIn)
                .GET(DOCUMENT, handler::get)
                .POST(DOCUMENT, handler::insert)
                .PUT(DOCUMENT, handler::upsert)
                .DELETE(DOCUMENT, handler::remove)
                .GET(NO_KEY, handler::missingKey)
                .POST(NO_KEY, handler::missingKey)
                .PUT(NO_KEY, handler::missingKey)
                .DELETE(NO_KEY, handler::missingKey)
                .filter(callers.anyKey()) // a visitor gets as far as the collection's access rules (docstore/Scopes)
                .build();
    }
}
