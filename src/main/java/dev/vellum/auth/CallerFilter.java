package dev.vellum.auth;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.config.VellumProperties;
import dev.vellum.web.ClientAddress;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Resolves {@code X-Api-Key} (and an optional {@code Authorization: Bearer} token) into a
 * {@link Caller} stored on the request. A public key without a token is refused unless the route
 * is one a visitor may call (signup, login).
 */
@Component
public class CallerFilter {

    public static final String API_KEY_HEADER = "X-Api-Key";
    /** Where an authentication failure found by a web filter waits for the route to answer it. */
    static final String FAILURE_ATTRIBUTE = CallerFilter.class.getName() + ".failure";

    private final ApiKeyStore keys;
    private final TokenService tokens;
    private final TokenVersions tokenVersions;
    private final FailedAuthLimits failures;
    private final int trustedProxyHops;

    public CallerFilter(ApiKeyStore keys, TokenService tokens, TokenVersions tokenVersions, FailedAuthLimits failures,
                        VellumProperties properties) {
        this.keys = keys;
        this.tokens = tokens;
        this.tokenVersions = tokenVersions;
        this.failures = failures;
        this.trustedProxyHops = properties.auth().trustedProxyHops();
    }

    /** For data routes: a public key must come with a user token. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> requireUserForPublicKeys() {
        return (request, next) -> resolve(request, true).flatMap(caller -> proceed(request, next, caller));
    }

    /** For routes visitors may call with a public key alone. */
    public HandlerFilterFunction<ServerResponse, ServerResponse> anyKey() {
        return (request, next) -> resolve(request, false).flatMap(caller -> proceed(request, next, caller));
    }

    private static Mono<ServerResponse> proceed(ServerRequest request, HandlerFunction<ServerResponse> next, Caller caller) {
        request.attributes().put(Caller.ATTRIBUTE, caller);
        return next.handle(request);
    }

    /**
     * The caller of a request that has not been routed yet, with no route rule applied (a public
     * key alone is a visitor here): for web filters that need the caller before the handler. They
     * store it under {@link Caller#ATTRIBUTE}, and later filters and the route filters then reuse
     * it instead of authenticating the request a second time.
     */
    public Mono<Caller> resolve(ServerWebExchange exchange) {
        Caller known = exchange.getAttribute(Caller.ATTRIBUTE);
        if (known != null) {
            return Mono.just(known);
        }
        VellumException failed = exchange.getAttribute(FAILURE_ATTRIBUTE);
        if (failed != null) {
            return Mono.error(failed);
        }
        // a failure is remembered too: the route answers it without a second key lookup
        return Mono.defer(() -> resolve(exchange.getRequest()))
                .doOnError(VellumException.class, failure -> exchange.getAttributes().put(FAILURE_ATTRIBUTE, failure));
    }

    Mono<Caller> resolve(ServerRequest request, boolean publicNeedsUser) {
        Mono<Caller> caller = request.attribute(Caller.ATTRIBUTE)
                .map(Caller.class::cast)
                .map(Mono::just)
                .or(() -> request.attribute(FAILURE_ATTRIBUTE).map(failure -> Mono.error((VellumException) failure)))
                .orElseGet(() -> resolve(request.exchange().getRequest()));
        if (!publicNeedsUser) {
            return caller;
        }
        return caller.flatMap(resolved -> resolved.keyKind() == Caller.KeyKind.PUBLIC && !resolved.isUser()
                ? Mono.error(failed("a public key needs a user token: Authorization: Bearer <token>"))
                : Mono.just(resolved));
    }

    /**
     * Authenticates the request. An address past its failed authentications is refused before its
     * credentials are looked at; an unknown key and a malformed, bad or revoked token count as its
     * failures ({@link FailedAuthLimits}); a missing key does not.
     */
    private Mono<Caller> resolve(ServerHttpRequest request) {
        String address = ClientAddress.of(request, trustedProxyHops);
        VellumException blocked = failures.blockedNow(address);
        if (blocked != null) {
            return Mono.error(blocked);
        }
        HttpHeaders headers = request.getHeaders();
        String apiKey = headers.getFirst(API_KEY_HEADER);
        if (apiKey == null || apiKey.isBlank()) {
            return Mono.error(failed("the X-Api-Key header is required"));
        }
        String token;
        try {
            token = bearer(headers);
        } catch (VellumException malformed) {
            return failures.failed(address, malformed);
        }
        return keys.find(apiKey.trim())
                .switchIfEmpty(Mono.defer(() -> failures.failed(address, failed("invalid API key"))))
                .flatMap(grant -> {
                    if (token == null) {
                        return Mono.just(new Caller(grant.projectId(), grant.kind(), null));
                    }
                    // Revoked tokens (password changed, user deleted) fail here, on every route.
                    return tokens.verify(grant.projectId(), token)
                            .flatMap(claims -> tokenVersions.requireCurrent(claims)
                                    .thenReturn(new Caller(grant.projectId(), grant.kind(), claims.userId())))
                            .onErrorResume(VellumException.class, bad -> bad.code() == ErrorCode.AUTHENTICATION_FAILED
                                    ? failures.failed(address, bad) : Mono.error(bad));
                });
    }

    static String bearer(HttpHeaders headers) {
        String header = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return null;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw failed("Authorization must be 'Bearer <token>'");
        }
        return header.substring(7).trim();
    }

    private static VellumException failed(String message) {
        return new VellumException(ErrorCode.AUTHENTICATION_FAILED, message);
    }
}
