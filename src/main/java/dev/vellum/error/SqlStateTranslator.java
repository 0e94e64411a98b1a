package dev.vellum.error;

import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.net.ConnectException;
import java.util.Map;
import java.util.Optional;

/**
 * The one translator from database failures to Vellum errors: the SQLSTATE decides the code, and
 * for a unique violation the constraint's name decides which field it names. Messages are ours:
 * SQL text and driver messages never reach a client.
 */
final class SqlStateTranslator {

    /** Raised by {@code vellum_set_path} when a dotted write crosses a non-object value. */
    static final String PATH_NOT_OBJECT = "VPATH";
    /** Raised by {@code vellum_mutate_in}: message = error code, detail = failing spec index. */
    static final String SUBDOC = "VSD01";
    static final String UNIQUE_VIOLATION = "23505";
    /** statement_timeout (or a cancel request) ended the statement. */
    static final String QUERY_CANCELED = "57014";
    /** What a 503 tells the client to wait before retrying. */
    static final int RETRY_AFTER_SECONDS = 1;

    /**
     * Unique indexes (names as in {@code sql/V*.sql}) whose violation is a value the client chose
     * that someone else holds; any other unique violation is the generic conflict.
     */
    static final Map<String, FieldConflict> UNIQUE_FIELDS = Map.of(
            "app_users_email", new FieldConflict("email", "email already registered"));

    /** The field a unique index guards and what a client is told when the value is taken. */
    record FieldConflict(String field, String message) {
    }

    /** What the database reported; {@code constraint}, {@code message} and {@code detail} may be null. */
    record DatabaseError(String sqlState, String constraint, String message, String detail) {

        static Optional<DatabaseError> of(Throwable cause) {
            if (cause instanceof PostgresqlException postgres) {
                ErrorDetails error = postgres.getErrorDetails();
                return Optional.of(new DatabaseError(error.getCode(), error.getConstraintName().orElse(null),
                        error.getMessage(), error.getDetail().orElse(null)));
            }
            if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null) {
                return Optional.of(new DatabaseError(r2dbc.getSqlState(), null, r2dbc.getMessage(), null));
            }
            return Optional.empty();
        }
    }

    private SqlStateTranslator() {
    }

    /** The error one cause stands for, or empty when it is no database failure we know ({@link CauseChain} walks the rest). */
    static Optional<VellumException> translate(Throwable cause) {
        if (cause instanceof R2dbcTimeoutException timeout && timeout.getSqlState() == null) {
            // r2dbc-pool's acquire timeout: every connection is busy for longer than the wait allows
            return Optional.of(poolBusy());
        }
        Optional<VellumException> known = DatabaseError.of(cause).flatMap(SqlStateTranslator::translate);
        if (known.isEmpty() && (cause instanceof R2dbcNonTransientResourceException
                || cause instanceof R2dbcTransientResourceException || cause instanceof ConnectException)) {
            return Optional.of(unavailable());
        }
        return known;
    }

    /**
     * True when the database refused the statement for a reason a retry may not meet: a
     * serialization failure or a deadlock (class 40, answered as a 409 that says "retry").
     */
    static boolean isTransient(Throwable cause) {
        return cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null && r2dbc.getSqlState().startsWith("40");
    }

    static Optional<VellumException> translate(DatabaseError error) {
        String state = error.sqlState();
        switch (state) {
            case SUBDOC:
                return Optional.of(subdoc(error.message(), error.detail()));
            case PATH_NOT_OBJECT:
                return Optional.of(VellumException.validation("cannot set a field inside a value that is not an object"));
            case UNIQUE_VIOLATION:
                return Optional.of(uniqueViolation(error.constraint()));
            case "23503":
                if ("documents_storage".equals(error.constraint())) {
                    // a write into a deleted collection's storage by an instance that has not heard of the deletion (sql/V90)
                    return Optional.of(new VellumException(ErrorCode.SERVICE_UNAVAILABLE,
                            "the collection was just deleted; retry the request"));
                }
                break;
            case "40001", "40P01":
                return Optional.of(new VellumException(ErrorCode.CONFLICT, "concurrent update, retry the request"));
            case QUERY_CANCELED:
                return Optional.of(new VellumException(ErrorCode.QUERY_TIMEOUT,
                        "the query took longer than the server allows; narrow it or retry later",
                        Map.of("retry_after", RETRY_AFTER_SECONDS)));
            case "54000", "54001":
                return Optional.of(new VellumException(ErrorCode.PAYLOAD_TOO_LARGE, "value is too large to store or index"));
            default:
                break;
        }
        if (state.startsWith("22")) {
            return Optional.of(VellumException.validation("invalid value", Map.of("sqlstate", state)));
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
            return Optional.of(unavailable());
        }
        return Optional.empty();
    }

    private static VellumException uniqueViolation(String constraint) {
        FieldConflict field = constraint == null ? null : UNIQUE_FIELDS.get(constraint);
        if (field == null) {
            return new VellumException(ErrorCode.CONFLICT, "a record with this identity already exists");
        }
        return new VellumException(ErrorCode.CONFLICT, field.message(), Map.of("field", field.field()));
    }

    private static VellumException subdoc(String codeName, String specIndex) {
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(String.valueOf(codeName));
        } catch (IllegalArgumentException e) {
            return VellumException.internal();
        }
        Map<String, Object> details = specIndex != null && specIndex.matches("\\d{1,2}")
                ? Map.of("spec_index", Integer.parseInt(specIndex)) : Map.of();
        return new VellumException(code, SubdocMessages.of(code), details);
    }

    private static VellumException poolBusy() {
        return new VellumException(ErrorCode.SERVICE_UNAVAILABLE, "the server is busy, retry later",
                Map.of("retry_after", RETRY_AFTER_SECONDS));
    }

    private static VellumException unavailable() {
        return new VellumException(ErrorCode.SERVICE_UNAVAILABLE, "the database is unavailable, retry later",
                Map.of("retry_after", RETRY_AFTER_SECONDS));
    }
}
