package dev.vellum.datastore;

import dev.vellum.web.JsonBodies;
import dev.vellum.web.NdjsonResponses;
import dev.vellum.auth.Caller;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/datastore}: parse the op, run it for the caller, answer with the seed's shapes;
 * a find that accepts {@code application/x-ndjson} streams its documents instead.
 */
@Component
public class DatastoreHandler {

    private final JsonBodies bodies;
    private final DatastoreService service;
    private final FindStream streams;
    private final NdjsonResponses ndjson;

    DatastoreHandler(JsonBodies bodies, DatastoreService service, FindStream streams, NdjsonResponses ndjson) {
        this.bodies = bodies;
        this.service = service;
        this.streams = streams;
        this.ndjson = ndjson;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        Caller caller = Caller.of(request);
        boolean streamed = NdjsonResponses.requested(request);
        return bodies.read(request)
                .map(service::parse)
                .flatMap(op -> streamed && op instanceof DatastoreOp.Find find
                        ? streams.open(caller, find).flatMap(lines -> ndjson.lines(caller.owner(), lines))
                        : service.execute(caller, op)
                                .flatMap(body -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body)));
    }
}
