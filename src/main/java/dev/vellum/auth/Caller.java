package dev.vellum.auth;

import java.util.Optional;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Who is calling: the project selected by the API key, the key's kind, and the signed-in app
 * user when a bearer token came with it. With a user, every document operation is scoped to
 * that user's documents.
 */
public record Caller(long projectId, KeyKind keyKind, String userId) {

    public static final String ATTRIBUTE = Caller.class.getName();

    public enum KeyKind { PUBLIC, SECRET }

    /** The id documents are scoped to, empty for a secret key acting for the whole project. */
    public Optional<String> scopedUser() {
        return Optional.ofNullable(userId);
    }

    /**
     * Whose idempotency keys and lock names these are inside the project: {@code user:<id>},
     * {@code key:secret} or {@code key:public}. Keys never cross callers.
     */
    public String scope() {
        if (isUser()) {
            return "user:" + userId;
        }
        return keyKind == KeyKind.SECRET ? "key:secret" : "key:public";
    }

    /** Who a per-caller count (open streams) is kept for: the project and {@link #scope()}. */
    public String owner() {
        return projectId + "/" + scope();
    }

    public boolean isUser() {
        return userId != null;
    }

    /** The caller the auth filter stored on the request. */
    public static Caller of(ServerRequest request) {
        return request.attribute(ATTRIBUTE)
                .map(Caller.class::cast)
                .orElseThrow(() -> new IllegalStateException("route is not behind the caller filter"));
    }
}
