package dev.vellum.fence;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * What {@code transaction()} answers, always, instead of failing: {@code ok} when the work ran
 * now or was replayed, {@code idempotent} for a replay, {@code locked} (with {@code retry_in}
 * seconds) when someone else held the lock and nothing ran, and on failure {@code ok: false},
 * an empty {@code result} and the {@code error} (with its {@code error_code} and, for HTTP
 * operations, {@code error_details.operation_index}).
 */
@JsonPropertyOrder({"ok", "result", "idempotent", "locked", "error", "error_code", "error_details", "retry_in"})
public record TransactionOutcome(
        boolean ok,
        Map<String, Object> result,
        boolean idempotent,
        boolean locked,
        String error,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("error_details") Map<String, Object> errorDetails,
        @JsonProperty("retry_in") Integer retryIn) {

    static TransactionOutcome ran(Map<String, Object> result) {
        return new TransactionOutcome(true, result, false, false, null, null, null, null);
    }

    static TransactionOutcome replayed(Map<String, Object> result) {
        return new TransactionOutcome(true, result, true, false, null, null, null, null);
    }

    static TransactionOutcome locked(long retryInSeconds) {
        return new TransactionOutcome(false, Map.of(), false, true, "the lock is held by another operation",
                null, null, (int) Math.max(1, Math.min(Integer.MAX_VALUE, retryInSeconds)));
    }

    static TransactionOutcome failed(String code, String message, Map<String, Object> details) {
        return new TransactionOutcome(false, Map.of(), false, false, message, code,
                details == null || details.isEmpty() ? null : details, null);
    }
}
