package dev.vellum.ratelimit;

/** Whose bucket a request draws from; {@link #setting()} is its name in settings and Redis keys. */
public enum BucketKind {
    /** A secret key without a user token: one bucket per key. */
    SECRET_KEY("secret_key"),
    /** A user token, with either key: one bucket per user. */
    USER("user"),
    /** A public key without a user token (signup, login): one bucket per client address. */
    ANONYMOUS("anonymous");

    private final String setting;

    BucketKind(String setting) {
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
