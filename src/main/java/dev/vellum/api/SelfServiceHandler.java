package dev.vellum.api;

import dev.vellum.web.JsonBodies;
import dev.vellum.auth.Caller;
import dev.vellum.auth.TokenService;
import dev.vellum.auth.TokenService.TokenClaims;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.users.SelfService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Handlers for {@code PATCH /v1/auth/me} and {@code DELETE /v1/auth/me}: a signed-in user's own account. */
@Component
public class SelfServiceHandler {

    private final JsonBodies bodies;
    private final SelfService self;
    private final TokenService tokens;

    public SelfServiceHandler(JsonBodies bodies, SelfService self, TokenService tokens) {
        this.bodies = bodies;
        this.self = self;
        this.tokens = tokens;
    }

    /** {@code {"user": {...}}}, plus {@code "token"} when the password changed (the old token is dead). */
    public Mono<ServerResponse> update(ServerRequest request) {
        return claims(request)
                .flatMap(claims -> bodies.read(request)
                        .map(MeUpdateRequest::from)
                        .flatMap(changes -> self.update(claims, changes)))
                .flatMap(updated -> {
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("user", UserJson.user(updated.user()));
                    if (updated.token() != null) {
                        json.put("token", updated.token());
                    }
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json);
                });
    }

    /** {@code {"deleted": true}}; the token used here, like every other, stops working. */
    public Mono<ServerResponse> delete(ServerRequest request) {
        return claims(request)
                .flatMap(self::delete)
                .flatMap(deleted -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("deleted", deleted)));
    }

    /** The token's claims (the filter verified it already; its tv guards the write). */
    private Mono<TokenClaims> claims(ServerRequest request) {
        Caller caller = Caller.of(request);
        if (!caller.isUser()) {
            return Mono.error(new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                    "a user token is required: Authorization: Bearer <token>"));
        }
        String token = request.headers().firstHeader(HttpHeaders.AUTHORIZATION).substring("Bearer ".length()).trim();
        return tokens.verify(caller.projectId(), token);
    }
}
