package dev.vellum.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.error.SqlStateTranslator.DatabaseError;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SQLSTATE classes and constraint names → Vellum errors, one row per case the translator knows. */
class SqlStateTranslatorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "unique violation on the email index names email | 23505 | app_users_email | CONFLICT | email already registered | {field=email}",
        "unique violation on another constraint          | 23505 | documents_pkey  | CONFLICT | a record with this identity already exists | {}",
        "unique violation raised without a constraint     | 23505 | -               | CONFLICT | a record with this identity already exists | {}",
        "a write into a deleted collection's storage      | 23503 | documents_storage | SERVICE_UNAVAILABLE | the collection was just deleted; retry the request | {}",
        "serialization failure says retry                 | 40001 | -               | CONFLICT | concurrent update, retry the request | {}",
        "deadlock says retry                              | 40P01 | -               | CONFLICT | concurrent update, retry the request | {}",
        "program limit exceeded                           | 54000 | -               | PAYLOAD_TOO_LARGE | value is too large to store or index | {}",
        "statement too complex                            | 54001 | -               | PAYLOAD_TOO_LARGE | value is too large to store or index | {}",
        "data exception: invalid text representation      | 22P02 | -               | VALIDATION_ERROR | invalid value | {sqlstate=22P02}",
        "data exception: numeric value out of range       | 22003 | -               | VALIDATION_ERROR | invalid value | {sqlstate=22003}",
        "data exception: invalid regular expression       | 2201B | -               | VALIDATION_ERROR | invalid value | {sqlstate=2201B}",
        "connection exception                             | 08006 | -               | SERVICE_UNAVAILABLE | the database is unavailable, retry later | {retry_after=1}",
        "connection refused by the server                 | 08004 | -               | SERVICE_UNAVAILABLE | the database is unavailable, retry later | {retry_after=1}",
        "insufficient resources: too many connections     | 53300 | -               | SERVICE_UNAVAILABLE | the database is unavailable, retry later | {retry_after=1}",
        "operator intervention: admin shutdown            | 57P01 | -               | SERVICE_UNAVAILABLE | the database is unavailable, retry later | {retry_after=1}",
        "operator intervention: statement timeout         | 57014 | -               | QUERY_TIMEOUT | the query took longer than the server allows; narrow it or retry later | {retry_after=1}",
        "set path through a non-object                    | VPATH | -               | VALIDATION_ERROR | cannot set a field inside a value that is not an object | {}"})
    void translates_each_sqlstate_class(String behaviour, String state, String constraint, ErrorCode code, String message,
                                       String details) {
        VellumException error = SqlStateTranslator.translate(new DatabaseError(state, constraint, "driver text", null))
                .orElseThrow();
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(error.details()).hasToString(details);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"42601", "42P01", "23503", "23502", "XX000", "P0001", "40002", "0A000"})
    void an_unknown_sqlstate_is_left_to_the_classifier_which_answers_internal_error(String state) {
        assertThat(SqlStateTranslator.translate(new DatabaseError(state, null, "syntax error at or near \"select\"", null)))
                .isEmpty();
        VellumException error = FailureClassifier.classify(DatabaseFailures.postgres(state, "relation \"documents\"", null, null));
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(error.getMessage()).isEqualTo("internal error");
        assertThat(error.details()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "DOCUMENT_NOT_FOUND | 0  | document not found                            | {spec_index=0}",
        "DOCUMENT_EXISTS    | -  | document already exists                       | {}",
        "CAS_MISMATCH       | -  | the document changed: cas does not match      | {}",
        "PATH_NOT_FOUND     | 3  | path not found                                | {spec_index=3}",
        "PATH_EXISTS        | 1  | path already exists                           | {spec_index=1}",
        "PATH_MISMATCH      | 15 | path does not match the document's structure  | {spec_index=15}",
        "PATH_INVALID       | 2  | path invalid                                  | {spec_index=2}",
        "VALUE_TOO_DEEP     | 0  | the document would nest deeper than 32 levels | {spec_index=0}",
        "VALUE_CANT_INSERT  | 0  | value cannot be inserted there                | {spec_index=0}",
        "NUMBER_TOO_BIG     | 0  | the existing number does not fit in 64 bits   | {spec_index=0}",
        "DELTA_INVALID      | 0  | invalid counter delta                         | {spec_index=0}",
        "PATH_EXISTS        | x1 | path already exists                           | {}",
        "PATH_EXISTS        | 123 | path already exists                          | {}"})
    void mutate_in_reports_its_code_in_the_message_and_the_spec_in_the_detail(ErrorCode code, String detail,
                                                                              String message, String details) {
        VellumException error = SqlStateTranslator.translate(DatabaseFailures.postgres("VSD01", code.name(), null, detail))
                .orElseThrow();
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.getMessage()).isEqualTo(message);
        assertThat(error.details()).hasToString(details);
    }

    @Test
    void a_mutate_in_code_we_do_not_know_is_an_internal_error() {
        assertThat(SqlStateTranslator.translate(DatabaseFailures.postgres("VSD01", "NO_SUCH_CODE", null, "0")))
                .hasValueSatisfying(error -> assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
    }

    @Test
    void the_constraint_name_is_read_from_the_driver_exception() {
        VellumException error = SqlStateTranslator.translate(DatabaseFailures.uniqueViolation("app_users_email")).orElseThrow();
        assertThat(error.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(error.getMessage()).isEqualTo("email already registered");
        assertThat(error.details()).isEqualTo(Map.of("field", "email"));
        assertThat(SqlStateTranslator.translate(DatabaseFailures.uniqueViolation("app_users_pkey")).orElseThrow().details())
                .isEmpty();
    }

    @Test
    void a_plain_r2dbc_exception_is_translated_by_its_sqlstate() {
        assertThat(SqlStateTranslator.translate(new R2dbcBadGrammarException("syntax error", "22P02")))
                .hasValueSatisfying(error -> assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION_ERROR));
        assertThat(SqlStateTranslator.translate(new R2dbcBadGrammarException("syntax error", "42601"))).isEmpty();
        assertThat(SqlStateTranslator.translate(new R2dbcBadGrammarException("no state"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"non-transient resource", "transient resource", "connect"})
    void a_lost_or_refused_connection_is_service_unavailable(String kind) {
        Throwable failure = switch (kind) {
            case "non-transient resource" -> new R2dbcNonTransientResourceException("Connection closed");
            case "transient resource" -> new R2dbcTransientResourceException("pool exhausted", "XX999");
            default -> new ConnectException("Connection refused");
        };
        assertThat(SqlStateTranslator.translate(failure))
                .hasValueSatisfying(error -> assertThat(error.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"40001, true", "40P01, true", "40002, true", "23505, false", "57014, false"})
    void class_40_is_transient(String state, boolean transientFailure) {
        assertThat(SqlStateTranslator.isTransient(new R2dbcBadGrammarException("x", state))).isEqualTo(transientFailure);
    }

    @Test
    void every_constraint_the_translator_names_exists_in_the_migrations() throws IOException {
        String migrations;
        try (Stream<Path> files = Files.list(Path.of("sql"))) {
            migrations = files.filter(file -> file.getFileName().toString().endsWith(".sql")).map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).reduce("", String::concat);
        }
        for (String constraint : SqlStateTranslator.UNIQUE_FIELDS.keySet()) {
            assertThat(migrations).as(constraint).containsPattern("create unique index " + constraint + " on ");
        }
    }
}
