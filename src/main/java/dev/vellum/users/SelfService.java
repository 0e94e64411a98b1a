package dev.vellum.users;

import dev.vellum.auth.TokenService;
import dev.vellum.auth.TokenService.TokenClaims;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a signed-in user may do to its own account: change email, password and data (never
 * roles), or delete it. A new password revokes every existing token and comes back with a fresh
 * one so the caller stays signed in; deleting revokes them all.
 */
@Component
public class SelfService {

    /** The changes a user asks for; null fields stay as they are, {@code data} merges. */
    public record OwnChanges(String email, String password, ObjectNode data) {

        @Override
        public String toString() {
            return "OwnChanges[email=" + email + ", password=" + (password == null ? "unchanged" : "***") + "]";
        }
    }

    private final OwnAccountStore store;
    private final PasswordHasher hasher;
    private final TokenService tokens;

    public SelfService(OwnAccountStore store, PasswordHasher hasher, TokenService tokens) {
        this.store = store;
        this.hasher = hasher;
        this.tokens = tokens;
    }

    /** The updated user, with a new token only when the password changed (token null otherwise). */
    public Mono<SignedIn> update(TokenClaims claims, OwnChanges changes) {
        Mono<Optional<String>> hash = changes.password() == null
                ? Mono.just(Optional.empty())
                : hasher.hash(changes.password()).map(Optional::of);
        return hash
                .flatMap(h -> store.update(claims.projectId(), claims.userId(), claims.tokenVersion(),
                        changes.email(), h.orElse(null), changes.data()))
                .switchIfEmpty(Mono.error(SelfService::revoked))
                .flatMap(user -> changes.password() == null
                        ? Mono.just(new SignedIn(user, null))
                        : tokens.issue(user.projectId(), user.id(), user.tokenVersion()).map(t -> new SignedIn(user, t)));
    }

    /** Deletes the account; its tokens die with it. */
    public Mono<Boolean> delete(TokenClaims claims) {
        return store.delete(claims.projectId(), claims.userId(), claims.tokenVersion())
                .filter(Boolean::booleanValue)
                .switchIfEmpty(Mono.error(SelfService::revoked));
    }

    private static VellumException revoked() {
        return new VellumException(ErrorCode.AUTHENTICATION_FAILED, "invalid or expired token");
    }
}
