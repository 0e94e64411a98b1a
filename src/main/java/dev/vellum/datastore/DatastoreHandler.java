package dev.vellum.datastore;

import dev.vellum.api.JsonBodies;
import dev.vellum.auth.Caller;
import dev.vellum.config.VellumProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code POST /v1/datastore}: parse the op, run it for the caller, answer with the seed's shapes. */
@Component
public class DatastoreHandler {

    private final JsonBodies bodies;
    private final DatastoreParser parser;
    private final DatastoreService service;

    DatastoreHandler(JsonBodies bodies, DatastoreService service, VellumProperties properties) {
        this.bodies = bodies;
        this.service = service;
        this.parser = new DatastoreParser(properties.datastore().defaultLimit(), properties.datastore().maxLimit());
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        Caller caller = Caller.of(request);
        return bodies.read(request)
                .map(parser::parse)
                .flatMap(op -> service.execute(caller, op))
                .flatMap(body -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body));
    }
}
