package dev.vellum.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import io.r2dbc.spi.R2dbcRollbackException;
import org.junit.jupiter.api.Test;

/** Which first answers are recorded for replay. */
class ReplayRuleTest {

    @Test
    void successes_and_client_errors_are_kept() {
        assertThat(ReplayRule.keeps(200, null)).isTrue();
        assertThat(ReplayRule.keeps(201, null)).isTrue();
        assertThat(ReplayRule.keeps(404, error(ErrorCode.DOCUMENT_NOT_FOUND))).isTrue();
        assertThat(ReplayRule.keeps(409, error(ErrorCode.CAS_MISMATCH))).isTrue();
        assertThat(ReplayRule.keeps(400, error(ErrorCode.VALIDATION_ERROR))).isTrue();
        assertThat(ReplayRule.keeps(422, error(ErrorCode.PATH_NOT_FOUND))).isTrue();
    }

    @Test
    void server_errors_authentication_rate_limits_and_retryable_conflicts_are_not() {
        assertThat(ReplayRule.keeps(500, error(ErrorCode.INTERNAL_ERROR))).isFalse();
        assertThat(ReplayRule.keeps(503, error(ErrorCode.SERVICE_UNAVAILABLE))).isFalse();
        assertThat(ReplayRule.keeps(401, error(ErrorCode.AUTHENTICATION_FAILED))).isFalse();
        assertThat(ReplayRule.keeps(403, error(ErrorCode.FORBIDDEN))).isFalse();
        assertThat(ReplayRule.keeps(429, error(ErrorCode.RATE_LIMIT_EXCEEDED))).isFalse();
        assertThat(ReplayRule.keeps(409, error(ErrorCode.IDEMPOTENCY_IN_PROGRESS))).isFalse();
        assertThat(ReplayRule.keeps(409, new R2dbcRollbackException("could not serialize access", "40001"))).isFalse();
        assertThat(ReplayRule.keeps(409, new R2dbcRollbackException("deadlock detected", "40P01"))).isFalse();
    }

    private static VellumException error(ErrorCode code) {
        return new VellumException(code, "x");
    }
}
