package dev.vellum.transactions;

import dev.vellum.fence.TransactionRunner;
import dev.vellum.web.JsonBodies;
import dev.vellum.auth.Caller;
import dev.vellum.ratelimit.PendingAdmission;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import dev.vellum.auth.FingerprintKey;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/transactions}: a malformed request is a 400; anything that happens once the
 * operations may run is an outcome, always answered with 200 (the seed's contract).
 */
@Component
public class TransactionHandler {

    private final JsonBodies bodies;
    private final TransactionRunner runner;
    private final OperationCalls calls;
    private final JsonMapper mapper;
    private final FingerprintKey fingerprints;

    TransactionHandler(JsonBodies bodies, TransactionRunner runner, OperationCalls calls, JsonMapper mapper,
                       FingerprintKey fingerprints) {
        this.bodies = bodies;
        this.runner = runner;
        this.calls = calls;
        this.mapper = mapper;
        this.fingerprints = fingerprints;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        Caller caller = Caller.of(request);
        return bodies.read(request)
                .map(body -> TransactionRequest.parse(body, mapper, fingerprints))
                .flatMap(parsed -> runner.run(caller, parsed::spec, () -> calls.run(caller, parsed.operations()),
                        TransactionRunner.Start.WITH_FENCE, PendingAdmission.of(request)))
                .flatMap(outcome -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(outcome));
    }
}
