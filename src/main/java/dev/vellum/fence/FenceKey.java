package dev.vellum.fence;

/**
 * The key of one fence record: whose it is (the project and the caller's scope), which kind of
 * key it is, and the client's key text. The same text used as an Idempotency-Key and as a
 * transaction's key is two independent keys.
 */
public record FenceKey(long projectId, String scope, Kind kind, String key) {

    /** The two kinds of exactly-once key, and how each is written in {@code fence_records.kind}. */
    public enum Kind {
        /** An {@code Idempotency-Key} header on a mutating route. */
        REQUEST("request"),
        /** The key of {@code POST /v1/transactions} or {@code AsyncDb.transaction}. */
        TRANSACTION("transaction");

        private final String column;

        Kind(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }
    }
}
