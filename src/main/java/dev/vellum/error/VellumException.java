package dev.vellum.error;

import java.util.Map;

/**
 * The one exception type every layer throws for an expected failure; the API layer renders it
 * as {@code {"error": {"code", "message", "details"}}} with the code's status.
 */
public final class VellumException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> details;

    public VellumException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public VellumException(ErrorCode code, String message, Map<String, Object> details) {
        this(code, message, details, null);
    }

    public VellumException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static VellumException validation(String message) {
        return new VellumException(ErrorCode.VALIDATION_ERROR, message);
    }

    public static VellumException validation(String message, Map<String, Object> details) {
        return new VellumException(ErrorCode.VALIDATION_ERROR, message, details);
    }

    /** A failure no one recognised: a bug, logged with its cause where it is answered. */
    public static VellumException internal() {
        return new VellumException(ErrorCode.INTERNAL_ERROR, "internal error");
    }
}
