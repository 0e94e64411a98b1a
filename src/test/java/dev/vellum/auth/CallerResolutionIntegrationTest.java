package dev.vellum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** A request is authenticated once, whether it passes or fails: web filters and routes share the answer. */
class CallerResolutionIntegrationTest extends IntegrationTest {

    @Autowired
    private CallerFilter callers;

    @Test
    void a_resolved_caller_is_reused() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/v1/datastore").header(CallerFilter.API_KEY_HEADER, SECRET_KEY));
        Caller first = callers.resolve(exchange).block();
        exchange.getAttributes().put(Caller.ATTRIBUTE, first);
        assertThat(callers.resolve(exchange).block()).isSameAs(first);
        assertThat(first.keyKind()).isEqualTo(Caller.KeyKind.SECRET);
    }

    @Test
    void an_authentication_failure_is_remembered_not_looked_up_again() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/v1/datastore").header(CallerFilter.API_KEY_HEADER, "vk_secret_nope"));
        VellumException first = failure(exchange);
        assertThat(first.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(first.getMessage()).isEqualTo("invalid API key");
        assertThat(failure(exchange)).as("the same failure, without a second lookup").isSameAs(first);
    }

    private VellumException failure(MockServerWebExchange exchange) {
        try {
            callers.resolve(exchange).block();
        } catch (VellumException e) {
            return e;
        }
        throw new AssertionError("an unknown key was accepted");
    }
}
