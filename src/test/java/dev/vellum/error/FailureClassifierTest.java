package dev.vellum.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcRollbackException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import reactor.core.Exceptions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Any failure → the Vellum error it is answered with, wherever in the causes the known part sits. */
class FailureClassifierTest {

    @Test
    void a_vellum_error_is_itself() {
        VellumException error = new VellumException(ErrorCode.CAS_MISMATCH, "cas", Map.of("spec_index", 1));
        assertThat(FailureClassifier.classify(error)).isSameAs(error);
    }

    @Test
    void a_vellum_error_nested_in_wrappers_is_found() {
        VellumException error = VellumException.validation("bad", Map.of("field", "x"));
        Throwable wrapped = new RuntimeException("outer", new CompletionException(Exceptions.propagate(error)));
        assertThat(FailureClassifier.classify(wrapped)).isSameAs(error);
    }

    @Test
    void the_outermost_known_cause_wins() {
        VellumException outer = new VellumException(ErrorCode.DOCUMENT_NOT_FOUND, "gone", Map.of(),
                DatabaseFailures.uniqueViolation("app_users_email"));
        assertThat(FailureClassifier.classify(new RuntimeException(outer))).isSameAs(outer);
    }

    @Test
    void a_duplicate_email_wrapped_by_spring_is_a_conflict_naming_email() {
        Throwable failure = new DuplicateKeyException("executeMany; SQL [insert into app_users ...]",
                DatabaseFailures.uniqueViolation("app_users_email"));
        VellumException error = FailureClassifier.classify(failure);
        assertThat(error.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(error.getMessage()).isEqualTo("email already registered");
        assertThat(error.details()).isEqualTo(Map.of("field", "email"));
    }

    @Test
    void a_database_failure_deep_in_the_chain_is_translated() {
        Throwable failure = new IllegalStateException(new DataIntegrityViolationException("x",
                new RuntimeException(DatabaseFailures.postgres("22P02", "invalid input syntax for type json", null, null))));
        VellumException error = FailureClassifier.classify(failure);
        assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(error.details()).isEqualTo(Map.of("sqlstate", "22P02"));
    }

    @Test
    void a_json_parse_error_is_a_validation_error_without_jackson_internals() {
        JacksonException parse = parseFailure("{\"a\": }");
        VellumException error = FailureClassifier.classify(new RuntimeException("decoding", parse));
        assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(error.getMessage()).startsWith("malformed JSON: ").contains("(line 1, column ")
                .doesNotContain("tools.jackson").doesNotContain("Source:");
    }

    @Test
    void causes_beyond_the_walk_depth_or_in_a_loop_are_not_followed() {
        Throwable deep = new VellumException(ErrorCode.CONFLICT, "deep");
        for (int i = 0; i < CauseChain.MAX_DEPTH; i++) {
            deep = new RuntimeException(deep);
        }
        assertThat(FailureClassifier.classify(deep).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);

        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureClassifier.classify(a).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }

    @Test
    void an_unknown_failure_is_an_internal_error_that_says_nothing_of_its_cause() {
        VellumException error = FailureClassifier.classify(new NullPointerException("body.get(\"x\") is null"));
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(error.getMessage()).isEqualTo("internal error");
        assertThat(error.details()).isEmpty();
        assertThat(FailureClassifier.recognise(new IllegalStateException())).isEmpty();
    }

    @Test
    void translate_gives_known_failures_their_error_and_leaves_bugs_alone() {
        Throwable duplicate = new DuplicateKeyException("x", DatabaseFailures.uniqueViolation("app_users_email"));
        assertThat(FailureClassifier.translate(duplicate)).isInstanceOf(VellumException.class);
        NullPointerException bug = new NullPointerException();
        assertThat(FailureClassifier.translate(bug)).isSameAs(bug);
    }

    @Test
    void a_wrapped_serialization_failure_is_transient_and_a_unique_violation_is_not() {
        assertThat(FailureClassifier.isTransient(new RuntimeException(new R2dbcRollbackException("x", "40001")))).isTrue();
        assertThat(FailureClassifier.isTransient(new DuplicateKeyException("x",
                DatabaseFailures.uniqueViolation("app_users_email")))).isFalse();
        assertThat(FailureClassifier.isTransient(new IllegalStateException())).isFalse();
    }

    private static JacksonException parseFailure(String json) {
        try {
            JsonMapper.builder().build().readTree(json);
        } catch (JacksonException e) {
            return e;
        }
        throw new AssertionError("parsed: " + json);
    }
}
