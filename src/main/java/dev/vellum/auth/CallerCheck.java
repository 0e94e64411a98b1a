package dev.vellum.auth;

import dev.vellum.auth.TokenService.TokenClaims;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Whether the credentials a long-lived response (a change feed) was opened with still hold now:
 * its API key still exists with the same project and kind, and its user token has not expired
 * nor been revoked (token version bumped, user deleted). Answered from this instance's
 * authentication caches, which every instance empties on a revocation ({@link AuthInvalidations});
 * only while those are not known to be true, or after an entry was dropped, does a check read the
 * database. A check never counts as a failed authentication of the client's address.
 */
@Component
public class CallerCheck {

    private final ApiKeyStore keys;
    private final TokenService tokens;
    private final TokenVersions tokenVersions;

    public CallerCheck(ApiKeyStore keys, TokenService tokens, TokenVersions tokenVersions) {
        this.keys = keys;
        this.tokens = tokens;
        this.tokenVersions = tokenVersions;
    }

    /**
     * A check of the request's credentials, run again on every subscription: completes empty while
     * they hold, fails with AUTHENTICATION_FAILED once they do not. The token's signature is
     * verified once, here.
     */
    public Mono<Void> of(ServerRequest request) {
        Caller caller = Caller.of(request);
        HttpHeaders headers = request.headers().asHttpHeaders();
        String apiKey = headers.getFirst(CallerFilter.API_KEY_HEADER).trim();
        String token = CallerFilter.bearer(headers);
        Mono<Void> key = Mono.defer(() -> keys.find(apiKey))
                .filter(grant -> grant.projectId() == caller.projectId() && grant.kind() == caller.keyKind())
                .switchIfEmpty(Mono.error(() -> failed("the API key no longer exists")))
                .then();
        if (token == null) {
            return key;
        }
        Mono<TokenClaims> claims = tokens.verify(caller.projectId(), token).cache();
        return key.then(claims).flatMap(verified -> {
            if (tokens.expired(verified)) {
                return Mono.error(failed("the token expired"));
            }
            return tokenVersions.requireCurrent(verified)
                    .onErrorMap(error -> error instanceof VellumException refused && refused.code() == ErrorCode.AUTHENTICATION_FAILED,
                            revoked -> failed("the token was revoked (password changed or user deleted)"));
        });
    }

    private static VellumException failed(String message) {
        return new VellumException(ErrorCode.AUTHENTICATION_FAILED, message);
    }
}
