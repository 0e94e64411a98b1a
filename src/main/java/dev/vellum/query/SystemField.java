package dev.vellum.query;

import java.util.Optional;

/** The system fields clients see in documents, each stored in its own column. */
public enum SystemField implements FieldRef {
    KEY("_key", "key"),
    USERKEY("_userkey", "owner"),
    CREATED_AT("_created_at", "created_at"),
    MODIFIED_AT("_modified_at", "modified_at"),
    VERSION("_version", "version");

    private final String publicName;
    private final String column;

    SystemField(String publicName, String column) {
        this.publicName = publicName;
        this.column = column;
    }

    @Override
    public String publicName() {
        return publicName;
    }

    /** The column name: our own constant, safe to write into SQL text. */
    public String column() {
        return column;
    }

    public static Optional<SystemField> byPublicName(String name) {
        for (SystemField field : values()) {
            if (field.publicName.equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
