package dev.vellum.error;

import io.r2dbc.postgresql.api.ErrorDetails;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.postgresql.message.backend.Field;
import io.r2dbc.postgresql.message.backend.Field.FieldType;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import java.util.ArrayList;
import java.util.List;

/** Driver exceptions as r2dbc-postgresql raises them: SQLSTATE, message, constraint and detail fields. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** A PostgreSQL error with these fields; {@code constraint} and {@code detail} may be null. */
    public static PostgresFailure postgres(String sqlState, String message, String constraint, String detail) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(FieldType.SEVERITY_LOCALIZED, "ERROR"));
        fields.add(new Field(FieldType.SEVERITY_NON_LOCALIZED, "ERROR"));
        fields.add(new Field(FieldType.CODE, sqlState));
        fields.add(new Field(FieldType.MESSAGE, message));
        if (constraint != null) {
            fields.add(new Field(FieldType.CONSTRAINT_NAME, constraint));
        }
        if (detail != null) {
            fields.add(new Field(FieldType.DETAIL, detail));
        }
        return new PostgresFailure(new ErrorDetails(fields));
    }

    /** A unique violation on {@code constraint}, with the SQL-ish text Postgres puts in its message. */
    public static PostgresFailure uniqueViolation(String constraint) {
        return postgres("23505", "duplicate key value violates unique constraint \"" + constraint + "\"", constraint,
                "Key (project_id, lower(email))=(1, ada@example.com) already exists.");
    }

    /** The shape of r2dbc-postgresql's own exceptions: an R2DBC exception that carries the error fields. */
    public static final class PostgresFailure extends R2dbcDataIntegrityViolationException implements PostgresqlException {

        private final transient ErrorDetails details;

        PostgresFailure(ErrorDetails details) {
            super(details.getMessage(), details.getCode());
            this.details = details;
        }

        @Override
        public ErrorDetails getErrorDetails() {
            return details;
        }
    }
}
