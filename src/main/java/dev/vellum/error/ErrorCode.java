package dev.vellum.error;

/** The closed set of error codes Vellum answers with, each with its HTTP status. */
public enum ErrorCode {
    AUTHENTICATION_FAILED(401),
    FORBIDDEN(403),
    COLLECTION_NOT_FOUND(404),
    DOCUMENT_NOT_FOUND(404),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    UNSUPPORTED_MEDIA_TYPE(415),
    VALIDATION_ERROR(400),
    CONFLICT(409),
    CAS_MISMATCH(409),
    PAYLOAD_TOO_LARGE(413),
    RATE_LIMIT_EXCEEDED(429),
    SERVICE_UNAVAILABLE(503),
    // A statement ran past vellum.postgres.statement-timeout, or a stream made no progress in time.
    QUERY_TIMEOUT(503),
    // Too many NDJSON streams open for this caller (vellum.streams.per-user).
    TOO_MANY_STREAMS(429),
    // Resolved references (lookup, populate) would pass vellum.references.max-resolved-bytes.
    RESPONSE_TOO_LARGE(413),
    INTERNAL_ERROR(500),

    // A request head Netty refused: headers past server.max-http-request-header-size, a request
    // line past server.netty.max-initial-line-length (answered by web/RequestHeadFailures).
    HEADERS_TOO_LARGE(431),
    URI_TOO_LONG(414),

    // The change feed: a resume point older than the outbox's retention.
    CHANGES_EXPIRED(410),

    // Idempotency-Key: a request with the key is still running; the key came with another request.
    IDEMPOTENCY_IN_PROGRESS(409),
    IDEMPOTENCY_KEY_REUSED(422),

    // Sub-document errors (Couchbase's): malformed paths 400, existence conflicts 409, the rest 422.
    DOCUMENT_EXISTS(409),
    PATH_INVALID(400),
    PATH_TOO_BIG(400),
    PATH_NOT_FOUND(422),
    PATH_EXISTS(409),
    PATH_MISMATCH(422),
    VALUE_TOO_DEEP(422),
    VALUE_CANT_INSERT(422),
    DELTA_INVALID(422),
    NUMBER_TOO_BIG(422);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
