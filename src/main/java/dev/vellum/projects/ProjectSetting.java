package dev.vellum.projects;

/** The entries of {@code projects.settings} that Vellum reads, each under its JSON key. */
public enum ProjectSetting {
    RATE_LIMITS("rate_limits"),
    PUBLIC_USER_FIELDS("public_user_fields"),
    RELATIONSHIP_PAIRS("relationship_pairs"),
    RELATIONSHIP_TYPES("relationship_types");

    private final String key;

    ProjectSetting(String key) {
        this.key = key;
    }

    /** The key in the settings object; Vellum's own constant, never client input. */
    public String key() {
        return key;
    }
}
