package dev.vellum.users;

import dev.vellum.auth.Caller;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.store.CountMode;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The relationship rules for one caller, shared by the HTTP routes and {@code AsyncDb}: a secret
 * key without a user token acts for any user and sees related users in full; a signed-in user acts
 * only for itself (else FORBIDDEN), only with the types the project configured
 * ({@link UserRelationshipTypes}, else FORBIDDEN), may not filter related users, and sees them as
 * {@link PublicProfile public profiles}.
 */
@Component
public class CallerRelationships {

    public static final int MAX_ID_CHARS = 256;

    /** A page of related users and how the caller may see them: {@code profile} empty means in full. */
    public record Listing(RelationshipPage page, Optional<PublicProfile> profile) {
    }

    private final Relationships relationships;
    private final PublicProfiles profiles;

    public CallerRelationships(Relationships relationships, PublicProfiles profiles) {
        this.relationships = relationships;
        this.profiles = profiles;
    }

    public Mono<Listing> list(Caller caller, String userId, String type, Condition filter, int limit, int offset,
                              CountMode count) {
        return Mono.defer(() -> {
            String subject = subject(caller, userId);
            RelationshipType relationship = new RelationshipType(type);
            Condition match = filter == null ? Condition.always() : filter;
            if (caller.isUser() && !match.equals(Condition.always())) {
                // Filtering on email or hidden data would let a user probe what its profile view hides.
                throw new VellumException(ErrorCode.FORBIDDEN, "filtering related users needs a secret key");
            }
            if (limit < 1 || offset < 0) {
                throw VellumException.validation("limit must be at least 1 and offset not negative", Map.of("field", "limit"));
            }
            Mono<RelationshipPage> page = allowed(caller, relationship).then(relationships.list(caller.projectId(), subject,
                    relationship, match, limit, offset, count));
            if (!caller.isUser()) {
                return page.map(p -> new Listing(p, Optional.empty()));
            }
            return page.flatMap(p -> profiles.of(caller.projectId()).map(profile -> new Listing(p, Optional.of(profile))));
        });
    }

    public Mono<RelationshipChange> add(Caller caller, String userId, String type, String relatedId, boolean bidirectional) {
        return Mono.defer(() -> {
            String subject = subject(caller, userId);
            String related = id(relatedId, "user_id");
            RelationshipType relationship = new RelationshipType(type);
            return allowed(caller, relationship)
                    .then(Mono.defer(() -> relationships.add(caller.projectId(), subject, related, relationship, bidirectional)));
        });
    }

    public Mono<RelationshipChange> remove(Caller caller, String userId, String type, String relatedId, boolean bidirectional) {
        return Mono.defer(() -> {
            String subject = subject(caller, userId);
            String related = id(relatedId, "related_id");
            RelationshipType relationship = new RelationshipType(type);
            return allowed(caller, relationship)
                    .then(Mono.defer(() -> relationships.remove(caller.projectId(), subject, related, relationship, bidirectional)));
        });
    }

    /** A signed-in user uses only configured types; a secret key any. Same answer whatever the users' data holds. */
    private Mono<Void> allowed(Caller caller, RelationshipType type) {
        if (!caller.isUser()) {
            return Mono.empty();
        }
        return relationships.userTypes(caller.projectId()).flatMap(types -> types.allows(type) ? Mono.<Void>empty()
                : Mono.error(new VellumException(ErrorCode.FORBIDDEN, "relationship type " + type.name()
                        + " is not configured for signed-in users (projects.settings.relationship_types)",
                        Map.of("field", "type"))));
    }

    /** Whose lists the caller reads or writes: a signed-in user only its own. */
    public static String subject(Caller caller, String userId) {
        if (caller.keyKind() == Caller.KeyKind.PUBLIC && !caller.isUser()) {
            throw new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                    "a user token is required with a public key: Authorization: Bearer <token>");
        }
        String id = id(userId, "id");
        if (caller.isUser() && !id.equals(caller.userId())) {
            throw new VellumException(ErrorCode.FORBIDDEN, "a signed-in user may only manage its own relationships");
        }
        return id;
    }

    public static String id(String id, String field) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_CHARS) {
            throw VellumException.validation(field + " must be a user id of 1 to " + MAX_ID_CHARS + " characters",
                    Map.of("field", field));
        }
        return id;
    }
}
