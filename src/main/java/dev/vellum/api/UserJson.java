package dev.vellum.api;

import dev.vellum.store.Timestamps;
import dev.vellum.users.AppUser;
import dev.vellum.users.SignedIn;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of app users in responses; the password hash is not even available here. */
final class UserJson {

    private UserJson() {
    }

    static Map<String, Object> user(AppUser user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("email", user.email());
        json.put("roles", user.roles());
        json.put("data", user.data());
        json.put("created_at", timestamp(user.createdAt()));
        json.put("updated_at", timestamp(user.updatedAt()));
        return json;
    }

    /** {@code {"user": {...}}}, the shape of {@code /v1/auth/me}. */
    static Map<String, Object> wrapped(AppUser user) {
        return Map.of("user", user(user));
    }

    /** {@code {"user": {...}, "token": "..."}}, the shape of signup and login. */
    static Map<String, Object> signedIn(SignedIn signedIn) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("user", user(signedIn.user()));
        json.put("token", signedIn.token());
        return json;
    }

    static String timestamp(Instant instant) {
        return Timestamps.format(instant);
    }
}
