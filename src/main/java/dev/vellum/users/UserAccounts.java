package dev.vellum.users;

import dev.vellum.auth.TokenService;
import dev.vellum.auth.TokenService.TokenClaims;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.store.Ids;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/** Signup, login and "who does this token speak for" for app users. */
@Component
public class UserAccounts {

    private final AppUserStore store;
    private final PasswordHasher hasher;
    private final TokenService tokens;

    public UserAccounts(AppUserStore store, PasswordHasher hasher, TokenService tokens) {
        this.store = store;
        this.hasher = hasher;
        this.tokens = tokens;
    }

    /** Creates the user (fields already validated by {@link UserFields}) and signs them in. */
    public Mono<SignedIn> signup(long projectId, String email, String password, ObjectNode data) {
        String id = Ids.newKey();
        return hasher.hash(password)
                .flatMap(hash -> store.insert(projectId, id, email, hash, data))
                .flatMap(this::signIn);
    }

    /**
     * Checks the password; an unknown email and a wrong password fail alike, in message and in
     * time (an unknown email still costs one bcrypt check).
     */
    public Mono<SignedIn> login(long projectId, String email, String password) {
        return store.findByEmail(projectId, email)
                .flatMap(found -> hasher.matches(password, found.passwordHash())
                        .flatMap(ok -> ok ? Mono.just(found.user()) : Mono.error(badCredentials())))
                .switchIfEmpty(Mono.defer(() -> hasher.matchesNothing(password).then(Mono.error(badCredentials()))))
                .flatMap(this::signIn);
    }

    /**
     * The user a verified token speaks for. Fails with AUTHENTICATION_FAILED when the user is gone
     * or the token was revoked (its {@code tv} claim no longer equals {@code token_version}), so the
     * caller filter can call this to enforce revocation on every request.
     */
    public Mono<AppUser> current(TokenClaims claims) {
        return store.findById(claims.projectId(), claims.userId())
                .filter(user -> user.tokenVersion() == claims.tokenVersion())
                .switchIfEmpty(Mono.error(() -> new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                        "invalid or expired token")));
    }

    private Mono<SignedIn> signIn(AppUser user) {
        return tokens.issue(user.projectId(), user.id(), user.tokenVersion()).map(token -> new SignedIn(user, token));
    }

    private static VellumException badCredentials() {
        return new VellumException(ErrorCode.AUTHENTICATION_FAILED, "invalid email or password");
    }
}
