package dev.vellum.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.error.DatabaseFailures;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one error→HTTP mapping: each code's status and the body shape every error leaves with. */
class ErrorResponsesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a client receives: status, headers and the parsed body. */
    private record Answer(HttpStatus status, HttpHeaders headers, JsonNode body, String raw) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorCode.class)
    void every_code_answers_its_status_with_code_message_and_details(ErrorCode code) {
        Answer answer = answer(new VellumException(code, "what happened", Map.of("field", "email")));
        assertThat(answer.status().value()).isEqualTo(code.status()).isEqualTo(documentedStatus(code));
        assertThat(answer.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(answer.body().propertyNames()).containsExactly("error");
        JsonNode error = answer.body().get("error");
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message", "details");
        assertThat(error.get("code").asString()).isEqualTo(code.name());
        assertThat(error.get("message").asString()).isEqualTo("what happened");
        assertThat(error.get("details").toString()).isEqualTo("{\"field\":\"email\"}");
    }

    @Test
    void empty_details_are_an_empty_object() {
        assertThat(answer(new VellumException(ErrorCode.FORBIDDEN, "no")).raw())
                .isEqualTo("{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"no\",\"details\":{}}}");
    }

    @Test
    void retry_after_in_details_is_also_the_header() {
        Answer answer = answer(new VellumException(ErrorCode.RATE_LIMIT_EXCEEDED, "slow down", Map.of("retry_after", 7)));
        assertThat(answer.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(answer(new VellumException(ErrorCode.CONFLICT, "x")).headers().containsHeader(HttpHeaders.RETRY_AFTER))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "syntax error  | 42601 | syntax error at or near \"select\" in select body from documents where key = $1",
        "unknown table | 42P01 | relation \"app_users\" does not exist",
        "foreign key   | 23503 | insert or update on table \"documents\" violates foreign key constraint"})
    void an_unknown_database_failure_is_500_without_sql_text_or_a_stack_trace(String behaviour, String state, String text) {
        Answer answer = answer(new RuntimeException(DatabaseFailures.postgres(state, text, null, null)));
        assertThat(answer.status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(answer.raw()).isEqualTo("{\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"internal error\",\"details\":{}}}");
    }

    @Test
    void a_known_database_failure_keeps_only_our_words() {
        Answer answer = answer(DatabaseFailures.uniqueViolation("app_users_email"));
        assertThat(answer.status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(answer.raw()).isEqualTo(
                "{\"error\":{\"code\":\"CONFLICT\",\"message\":\"email already registered\",\"details\":{\"field\":\"email\"}}}");
        assertThat(answer(new R2dbcBadGrammarException("invalid input syntax for type integer: \"x\"", "22P02")).raw())
                .doesNotContain("syntax").contains("\"details\":{\"sqlstate\":\"22P02\"}");
    }

    @Test
    void the_web_frameworks_refusals_have_their_codes() {
        assertThat(code(new MethodNotAllowedException(HttpMethod.TRACE, List.of(HttpMethod.GET)))).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(code(new UnsupportedMediaTypeStatusException("text/plain"))).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(code(new ResponseStatusException(HttpStatus.NOT_FOUND))).isEqualTo("NOT_FOUND");
        assertThat(answer(new ServerWebInputException("missing header")).body().at("/error/message").asString())
                .isEqualTo("missing header");
        assertThat(code(new ResponseStatusException(HttpStatus.BAD_GATEWAY))).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void a_json_error_inside_a_framework_refusal_is_reported_as_malformed_json() {
        Throwable parse;
        try {
            JSON.readTree("[1, 2");
            throw new AssertionError("parsed");
        } catch (tools.jackson.core.JacksonException e) {
            parse = e;
        }
        Answer answer = answer(new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error", parse)));
        assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.body().at("/error/message").asString()).startsWith("malformed JSON: ");
    }

    /** The README's table; exhaustive, so a new code does not compile until it has a row here. */
    private static int documentedStatus(ErrorCode code) {
        return switch (code) {
            case VALIDATION_ERROR, PATH_INVALID, PATH_TOO_BIG -> 400;
            case AUTHENTICATION_FAILED -> 401;
            case FORBIDDEN -> 403;
            case COLLECTION_NOT_FOUND, DOCUMENT_NOT_FOUND, NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case CONFLICT, CAS_MISMATCH, IDEMPOTENCY_IN_PROGRESS, DOCUMENT_EXISTS, PATH_EXISTS -> 409;
            case CHANGES_EXPIRED -> 410;
            case PAYLOAD_TOO_LARGE, RESPONSE_TOO_LARGE -> 413;
            case URI_TOO_LONG -> 414;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case IDEMPOTENCY_KEY_REUSED, PATH_NOT_FOUND, PATH_MISMATCH, VALUE_TOO_DEEP, VALUE_CANT_INSERT, DELTA_INVALID,
                 NUMBER_TOO_BIG -> 422;
            case RATE_LIMIT_EXCEEDED, TOO_MANY_STREAMS -> 429;
            case HEADERS_TOO_LARGE -> 431;
            case INTERNAL_ERROR -> 500;
            case SERVICE_UNAVAILABLE, QUERY_TIMEOUT -> 503;
        };
    }

    private static String code(Throwable failure) {
        return answer(failure).body().at("/error/code").asString();
    }

    private static Answer answer(Throwable failure) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/datastore"));
        new ErrorResponses(JSON).handle(exchange, failure).block();
        String raw = exchange.getResponse().getBodyAsString().block();
        return new Answer(HttpStatus.valueOf(exchange.getResponse().getStatusCode().value()),
                exchange.getResponse().getHeaders(), JSON.readTree(raw), raw);
    }
}
