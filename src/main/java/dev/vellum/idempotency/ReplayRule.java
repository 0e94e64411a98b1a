package dev.vellum.idempotency;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.FailureClassifier;

/**
 * Which first answers are recorded for replay: every success, and client errors that another try
 * would meet again. Not recorded: authentication (401/403: a new token may pass), rate limits
 * (429), a request still in progress, serialization failures and deadlocks (409s that say
 * "retry"), and every 5xx, whose writes were rolled back, so a retry runs again.
 */
final class ReplayRule {

    private ReplayRule() {
    }

    /** {@code failure} is null for an answer the handler produced without an error. */
    static boolean keeps(int status, Throwable failure) {
        if (status >= 500 || status == 401 || status == 403 || status == 429) {
            return false;
        }
        if (failure == null) {
            return true;
        }
        return FailureClassifier.classify(failure).code() != ErrorCode.IDEMPOTENCY_IN_PROGRESS
                && !FailureClassifier.isTransient(failure);
    }
}
