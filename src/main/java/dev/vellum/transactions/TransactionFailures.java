package dev.vellum.transactions;

import dev.vellum.api.ErrorResponses;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import io.r2dbc.spi.R2dbcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/** Turns a failed run into the failure outcome: Vellum errors keep their code, the work's own exceptions their message. */
final class TransactionFailures {

    /** The code of a failure thrown by the caller's own work (Java callbacks), not by Vellum. */
    static final String WORK_FAILED = "TRANSACTION_FAILED";

    private static final Logger log = LoggerFactory.getLogger(TransactionFailures.class);

    private TransactionFailures() {
    }

    static TransactionOutcome outcome(Throwable failure) {
        VellumException known = ErrorResponses.toVellum(failure);
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
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof R2dbcException || cause instanceof DataAccessException
                    || cause.getClass().getName().startsWith("org.springframework.")) {
                return true;
            }
        }
        return false;
    }
}
