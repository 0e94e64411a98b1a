package dev.vellum.users;

/** The outcome of adding or removing a relationship: {@code changed} is false when nothing had to be written. */
public record RelationshipChange(boolean changed, String message, boolean bidirectional) {
}
