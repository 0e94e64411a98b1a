package dev.vellum.api;

import dev.vellum.web.JsonBodies;
import dev.vellum.web.ClientAddress;
import dev.vellum.auth.AttemptLimits;
import dev.vellum.auth.Caller;
import dev.vellum.auth.TokenService;
import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.users.UserAccounts;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Handlers for {@code /v1/auth/signup}, {@code /v1/auth/login} and {@code /v1/auth/me}. */
@Component
public class AuthHandler {

    private final JsonBodies bodies;
    private final UserAccounts accounts;
    private final TokenService tokens;
    private final AttemptLimits limits;
    private final int trustedProxyHops;

    public AuthHandler(JsonBodies bodies, UserAccounts accounts, TokenService tokens, AttemptLimits limits,
                       VellumProperties properties) {
        this.bodies = bodies;
        this.accounts = accounts;
        this.tokens = tokens;
        this.limits = limits;
        this.trustedProxyHops = properties.auth().trustedProxyHops();
    }

    public Mono<ServerResponse> signup(ServerRequest request) {
        Caller caller = Caller.of(request);
        return bodies.read(request)
                .map(SignupRequest::from)
                .flatMap(body -> limits.signupAttempt(caller.projectId(), ClientAddress.of(request, trustedProxyHops))
                        .then(accounts.signup(caller.projectId(), body.email(), body.password(), body.data())))
                .flatMap(signedIn -> json(ServerResponse.status(HttpStatus.CREATED), UserJson.signedIn(signedIn)));
    }

    public Mono<ServerResponse> login(ServerRequest request) {
        Caller caller = Caller.of(request);
        return bodies.read(request)
                .map(LoginRequest::from)
                .flatMap(body -> {
                    // Checked before the user lookup: a 429 says nothing about whether the email exists.
                    String address = ClientAddress.of(request, trustedProxyHops);
                    return limits.loginAttempt(caller.projectId(), body.email(), address)
                            .then(accounts.login(caller.projectId(), body.email(), body.password()))
                            .flatMap(signedIn -> limits.loginSucceeded(caller.projectId(), body.email(), address)
                                    .thenReturn(signedIn));
                })
                .flatMap(signedIn -> json(ServerResponse.ok(), UserJson.signedIn(signedIn)));
    }

    /** The signed-in user as {@code {"user": {...}}}; a user that is gone or a revoked token is a 401. */
    public Mono<ServerResponse> me(ServerRequest request) {
        Caller caller = Caller.of(request);
        if (!caller.isUser()) {
            return Mono.error(new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                    "a user token is required: Authorization: Bearer <token>"));
        }
        // The caller filter verified the token already; verify again here for its tv claim.
        String token = request.headers().firstHeader(HttpHeaders.AUTHORIZATION).substring("Bearer ".length()).trim();
        return tokens.verify(caller.projectId(), token)
                .flatMap(accounts::current)
                .flatMap(user -> json(ServerResponse.ok(), UserJson.wrapped(user)));
    }

    private static Mono<ServerResponse> json(ServerResponse.BodyBuilder builder, Object body) {
        return builder.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }
}
