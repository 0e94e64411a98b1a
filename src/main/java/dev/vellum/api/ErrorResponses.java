package dev.vellum.api;

import dev.vellum.error.ErrorBody;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.FailureClassifier;
import dev.vellum.error.VellumException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that turns failures into HTTP: every error leaves as
 * {@code {"error": {"code", "message", "details"}}} with the code's status, never a stack trace
 * or SQL text.
 */
@Component("errorResponses") // the name the idempotency filter asks for
@Order(-2)
public class ErrorResponses implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (failure instanceof AbortedException) {
            // the client hung up before its answer could be sent: nothing is wrong, and nobody to tell
            log.debug("client gone before the answer on {} {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath());
            return Mono.empty();
        }
        VellumException error = toError(failure);
        if (error.code() == ErrorCode.INTERNAL_ERROR) {
            log.error("internal error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure);
        }
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        response.setStatusCode(HttpStatus.valueOf(error.code().status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (error.details().get("retry_after") instanceof Number seconds) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()));
        }
        byte[] body = json.writeValueAsBytes(body(error));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static Map<String, Object> body(VellumException error) {
        return ErrorBody.of(error);
    }

    /** The error a failure is answered with: what the classifier knows, else what the web framework refused. */
    static VellumException toError(Throwable failure) {
        return FailureClassifier.recognise(failure)
                .or(() -> fromWebFramework(failure))
                .orElseGet(VellumException::internal);
    }

    /** The framework's own refusals, before any handler runs (so never wrapped). */
    private static Optional<VellumException> fromWebFramework(Throwable failure) {
        if (failure instanceof MethodNotAllowedException) {
            return Optional.of(new VellumException(ErrorCode.METHOD_NOT_ALLOWED, "method not allowed"));
        }
        if (failure instanceof UnsupportedMediaTypeStatusException) {
            return Optional.of(new VellumException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "unsupported content type"));
        }
        if (failure instanceof ServerWebInputException input) {
            return Optional.of(VellumException.validation(input.getReason() == null ? "invalid request" : input.getReason()));
        }
        if (failure instanceof ResponseStatusException status && status.getStatusCode().value() == 404) {
            return Optional.of(new VellumException(ErrorCode.NOT_FOUND, "no such route"));
        }
        return Optional.empty();
    }
}
