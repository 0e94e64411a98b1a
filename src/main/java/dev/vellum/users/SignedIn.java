package dev.vellum.users;

/** The result of a signup or login: the user and a fresh token for them. */
public record SignedIn(AppUser user, String token) {
}
