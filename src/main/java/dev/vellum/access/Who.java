package dev.vellum.access;

/** Whom an access entry names: {@code owner}, {@code authenticated}, {@code public}, {@code role:<name>} or {@code none}. */
public sealed interface Who {

    record Owner() implements Who {
    }

    record Authenticated() implements Who {
    }

    record Public() implements Who {
    }

    record Role(String name) implements Who {
    }

    record Nobody() implements Who {
    }
}
