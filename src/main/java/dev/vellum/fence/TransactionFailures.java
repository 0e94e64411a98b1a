package dev.vellum.fence;

import dev.vellum.error.CauseChain;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.FailureClassifier;
import dev.vellum.error.VellumException;
import io.r2dbc.spi.R2dbcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failed run into the failure outcome: Vellum errors keep their code, the work's own exceptions their message. */
final class TransactionFailures {

    /** The code of a failure thrown by the caller's own work (Java callbacks), not by Vellum. */
    static final String WORK_FAILED = "TRANSACTION_FAILED";

    private static final Logger log = LoggerFactory.getLogger(TransactionFailures.class);

    private TransactionFailures() {
    }

    static TransactionOutcome outcome(Throwable failure) {
        VellumException known = FailureClassifier.classify(failure);
        if (known.code() != ErrorCode.INTERNAL_ERROR) {
            return TransactionOutcome.failed(known.code().name(), known.getMessage(), known.details());
        }
        if (fromInfrastructure(failure)) {
            log.error("transaction failed inside Vellum", failure);
            return TransactionOutcome.failed(ErrorCode.INTERNAL_ERROR.name(), "internal error", null);
        }
        String message = failure.getMessage();
        return TransactionOutcome.failed(WORK_FAILED,
                message == null || message.isBlank() ? failure.getClass().getSimpleName() : message, null);
    }

    /** Database and framework failures carry SQL and driver text that must not reach a caller. */
    private static boolean fromInfrastructure(Throwable failure) {
        // Spring's DataAccessException and the rest of the framework: by package name.
        return CauseChain.anyMatch(failure, cause -> cause instanceof R2dbcException
                || cause.getClass().getName().startsWith("org.springframework."));
    }
}
