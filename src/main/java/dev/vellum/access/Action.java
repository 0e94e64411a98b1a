package dev.vellum.access;

/** What a collection's {@code access} setting grants, one list of entries each. */
public enum Action {
    READ("read"), CREATE("create"), UPDATE("update"), DELETE("delete");

    public final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }
}
