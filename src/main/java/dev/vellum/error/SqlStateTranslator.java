package dev.vellum.error;

import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.util.Map;
import java.util.Optional;

/**
 * The one translator from database failures to Vellum errors. Messages are ours: SQL text and
 * driver messages never reach a client.
 */
public final class SqlStateTranslator {

    /** Raised by {@code vellum_set_path} when a dotted write crosses a non-object value. */
    static final String PATH_NOT_OBJECT = "VPATH";
    /** Raised by {@code vellum_mutate_in}: message = error code, detail = failing spec index. */
    static final String SUBDOC = "VSD01";

    private SqlStateTranslator() {
    }

    public static Optional<VellumException> translate(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof PostgresqlException postgres && SUBDOC.equals(postgres.getErrorDetails().getCode())) {
                return Optional.of(subdoc(postgres.getErrorDetails()));
            }
            if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
                Optional<VellumException> known = bySqlState(r2dbc.getSqlState());
                if (known.isPresent()) {
                    return known;
                }
            }
            if (cause instanceof R2dbcNonTransientResourceException || cause instanceof R2dbcTransientResourceException
                    || cause instanceof ConnectException) {
                return Optional.of(unavailable());
            }
        }
        return Optional.empty();
    }

    /** True when the failure is a unique-constraint violation (SQLSTATE 23505). */
    public static boolean isUniqueViolation(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && "23505".equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the database refused the statement for a reason a retry may not meet: a
     * serialization failure or a deadlock (class 40, answered as a 409 that says "retry").
     */
    public static boolean isTransient(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null && r2dbc.getSqlState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    private static VellumException subdoc(ErrorDetails error) {
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(error.getMessage());
        } catch (IllegalArgumentException e) {
            return new VellumException(ErrorCode.INTERNAL_ERROR, "internal error");
        }
        Map<String, Object> details = error.getDetail().filter(d -> d.matches("\\d{1,2}"))
                .<Map<String, Object>>map(d -> Map.of("spec_index", Integer.parseInt(d)))
                .orElse(Map.of());
        return new VellumException(code, SubdocMessages.of(code), details);
    }

    static Optional<VellumException> bySqlState(String state) {
        if (state.equals(PATH_NOT_OBJECT)) {
            return Optional.of(VellumException.validation("cannot set a field inside a value that is not an object"));
        }
        if (state.equals("23505")) {
            return Optional.of(new VellumException(ErrorCode.CONFLICT, "a record with this identity already exists"));
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return Optional.of(new VellumException(ErrorCode.CONFLICT, "concurrent update, retry the request"));
        }
        if (state.equals("54000") || state.equals("54001")) {
            return Optional.of(new VellumException(ErrorCode.PAYLOAD_TOO_LARGE, "value is too large to store or index"));
        }
        if (state.startsWith("22")) {
            return Optional.of(VellumException.validation("invalid value", Map.of("sqlstate", state)));
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
            return Optional.of(unavailable());
        }
        return Optional.empty();
    }

    private static VellumException unavailable() {
        return new VellumException(ErrorCode.SERVICE_UNAVAILABLE, "the database is unavailable, retry later");
    }
}
