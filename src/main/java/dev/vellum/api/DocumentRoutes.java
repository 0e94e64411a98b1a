package dev.vellum.api;

import dev.vellum.auth.CallerFilter;
import dev.vellum.documents.DocumentHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The Cocobase-style document routes, thin adapters over {@link dev.vellum.documents.AsyncDb}. */
@Configuration(proxyBeanMethods = false)
public class DocumentRoutes {

    private static final String COLLECTION = "/v1/collections/{collection}";
    private static final String DOCUMENTS = COLLECTION + "/documents";
    private static final String DOCUMENT = DOCUMENTS + "/{id}";
    private static final String USER_COLLECTION = "/v1/users/{user_id}/collections/{collection}";

    @Bean
    RouterFunction<ServerResponse> documentsRouter(DocumentHandler handler, CallerFilter callers) {
        return RouterFunctions.route()
                .POST(DOCUMENTS, handler::create)
                .GET(DOCUMENTS, handler::query)
                .GET(DOCUMENT, handler::get)
                .PUT(DOCUMENT, handler::replace)
                .PATCH(DOCUMENT, handler::patch)
                .DELETE(DOCUMENT, handler::delete)
                .GET(COLLECTION + "/find_one", handler::findOne)
                .GET(COLLECTION + "/search", handler::search)
                .GET(USER_COLLECTION, handler::userCollections)
                .GET(COLLECTION + "/count", handler::count)
                .filter(callers.anyKey()) // a visitor gets as far as the collection's access rules (docstore/Scopes)
                .build();
    }
}
