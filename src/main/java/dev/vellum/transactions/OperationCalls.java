package dev.vellum.transactions;

import dev.vellum.error.FailureClassifier;
import dev.vellum.auth.Caller;
import dev.vellum.error.VellumException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a transaction's operations one after the other for the caller, each on the services its
 * route uses (see {@link Operation}). Called inside the transaction, so every statement they run
 * joins it. The result is {@code {"results": [{"status", "body"}, ...]}} in operation order; the
 * first failing operation fails them all, its index in {@code details.operation_index}.
 */
@Component
class OperationCalls {

    private final OperationServices services;

    OperationCalls(OperationServices services) {
        this.services = services;
    }

    Mono<Map<String, Object>> run(Caller caller, List<Operation> operations) {
        return Flux.range(0, operations.size())
                .concatMap(index -> Mono.defer(() -> operations.get(index).run(caller, services))
                        .map(Operation.OperationResult::toMap)
                        .onErrorMap(e -> atOperation(index, e)))
                .collectList()
                .map(results -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("results", results);
                    return result;
                });
    }

    private static VellumException atOperation(int index, Throwable failure) {
        VellumException known = FailureClassifier.classify(failure);
        Map<String, Object> details = new HashMap<>(known.details());
        details.put("operation_index", index);
        return new VellumException(known.code(), "operation " + index + ": " + known.getMessage(), details, failure);
    }
}
