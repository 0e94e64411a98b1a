package dev.vellum.datastore;

import dev.vellum.api.JsonBodies;
import dev.vellum.api.NdjsonResponses;
import dev.vellum.auth.Caller;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
                        ? streams.open(caller, find).flatMap(ndjson::ok)
                        : service.execute(caller, op)
                                .flatMap(body -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body)));
    }

    /** The op a JSON body asks for, parsed and run for the caller without HTTP: what the route answers with 200. */
    public Mono<ObjectNode> execute(Caller caller, JsonNode body) {
        return Mono.fromCallable(() -> parser.parse(body)).flatMap(op -> service.execute(caller, op));
    }
}
