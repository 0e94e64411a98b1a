package dev.vellum.documents;

import dev.vellum.changes.ChangeEvent;
import dev.vellum.query.Condition;
import dev.vellum.fence.TransactionOutcome;
import dev.vellum.fence.TransactionSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Cocobase {@code asyncdb} methods for one caller (see {@link AsyncDbFactory#forCaller}):
 * every method returns a {@link Mono} or {@link Flux} and nothing blocks. Documents come back as
 * {@code {"id", "created_at", "updated_at", "_version", "_userkey", ...body fields}}. A user
 * caller sees and changes only its own documents; others behave as absent. Failures arrive as
 * {@link dev.vellum.error.VellumException} signals ({@code VALIDATION_ERROR},
 * {@code COLLECTION_NOT_FOUND}, {@code CAS_MISMATCH}).
 */
public interface AsyncDb {

    /**
     * Cocobase's {@code transaction()}: runs {@code fn} exactly once per {@code idempotencyKey}
     * for this caller, within {@code resultTtlSeconds}, under a lock on {@code lockResource} (on the
     * key when null) held at most {@code lockTtlSeconds}. {@code fn} runs in one Postgres
     * transaction: every call it makes on this AsyncDb as part of the Mono it returns joins that
     * transaction, and the idempotency record commits with its writes. Never fails: the outcome says
     * {@code ok}, {@code idempotent} (a replay; fn did not run), {@code locked} (with
     * {@code retry_in}; nothing ran) or {@code error} (nothing was written or cached, a retry runs
     * again). {@code fn} is code, so a key reused for other work cannot be told apart: the key
     * alone names the work.
     */
    Mono<TransactionOutcome> transaction(String idempotencyKey, Supplier<Mono<Map<String, Object>>> fn,
                                         String lockResource, int lockTtlSeconds, int resultTtlSeconds);

    /** {@link #transaction(String, Supplier, String, int, int)} with a 30 s lock and a 24 h replay. */
    default Mono<TransactionOutcome> transaction(String idempotencyKey, Supplier<Mono<Map<String, Object>>> fn,
                                                 String lockResource) {
        return transaction(idempotencyKey, fn, lockResource, TransactionSpec.DEFAULT_LOCK_TTL_SECONDS,
                TransactionSpec.DEFAULT_RESULT_TTL_SECONDS);
    }

    /** {@link #transaction(String, Supplier, String)} locking the key itself. */
    default Mono<TransactionOutcome> transaction(String idempotencyKey, Supplier<Mono<Map<String, Object>>> fn) {
        return transaction(idempotencyKey, fn, null);
    }

    /** Stores a new document (dotted keys build nested objects); creates the collection if missing. */
    Mono<ObjectNode> createDocument(String collection, ObjectNode content);

    /** Stores 1 to 1000 documents in one statement; they come back in the order given. */
    Flux<ObjectNode> createDocuments(String collection, List<ObjectNode> contents);

    /** The document, or empty when there is none the caller may see. */
    Mono<ObjectNode> getDocument(String collection, String id);

    /**
     * {@link #getDocument(String, String)} with {@code populate} ({@code "author"} or
     * {@code "author:people"}): each named field holding a key, or a list of keys, is replaced by
     * the referenced documents the caller may read (see {@link dev.vellum.docstore.Populate} and
     * {@link dev.vellum.docstore.ReferenceSlot}).
     */
    Mono<ObjectNode> getDocument(String collection, String id, List<String> populate);

    /** One page of the documents matching {@code filter}, with the total match count; {@code options} may populate. */
    Mono<QueryPage> query(String collection, Condition filter, QueryOptions options);

    /**
     * Every document matching {@code filter} in the options' order, read lazily through a
     * database cursor (a slow subscriber slows the query; cancelling stops it). With
     * {@code everyMatch} the options' limit is ignored; offset, select and populate apply.
     */
    Flux<ObjectNode> streamQuery(String collection, Condition filter, QueryOptions options, boolean everyMatch);

    /** The first match in {@code created_at} order (ties by id), or empty. */
    Mono<ObjectNode> findOne(String collection, Condition filter);

    /** {@link #findOne(String, Condition)} with {@code populate} as in {@link #getDocument(String, String, List)}. */
    Mono<ObjectNode> findOne(String collection, Condition filter, List<String> populate);

    /**
     * Replaces the content (system fields stay); with {@code expectedVersion} only if the
     * document is still at that {@code _version}, else {@code CAS_MISMATCH}. Empty when absent.
     */
    Mono<ObjectNode> updateDocument(String collection, String id, ObjectNode content, Long expectedVersion);

    /** Merges top-level fields into the document; dotted keys set nested fields. Empty when absent. */
    default Mono<ObjectNode> updateDocumentFields(String collection, String id, ObjectNode fields) {
        return updateDocumentFields(collection, id, fields, null);
    }

    /** {@link #updateDocumentFields(String, String, ObjectNode)} at an expected {@code _version}. */
    Mono<ObjectNode> updateDocumentFields(String collection, String id, ObjectNode fields, Long expectedVersion);

    /** Deletes the document; false when there is none the caller may see. */
    default Mono<Boolean> deleteDocument(String collection, String id) {
        return deleteDocument(collection, id, null);
    }

    /** {@link #deleteDocument(String, String)} at an expected {@code _version}. */
    Mono<Boolean> deleteDocument(String collection, String id, Long expectedVersion);

    /**
     * Full-text search, best match first (ties by id): over every string value of the document, or
     * only the named body {@code fields} (dotted paths) when some are given. {@code term} is
     * web-search syntax ({@code "a phrase"}, {@code or}, {@code -word}), matched word by word
     * without stemming; a blank term emits nothing without touching the database. {@code limit}
     * is 1 to 100.
     */
    Flux<ObjectNode> searchDocuments(String collection, String term, List<String> fields, int limit);

    /** {@link #searchDocuments(String, String, List, int)} over all fields, the best 20. */
    default Flux<ObjectNode> searchDocuments(String collection, String term) {
        return searchDocuments(collection, term, null, SearchRequest.DEFAULT_LIMIT);
    }

    /**
     * One page of the documents whose {@code author_id}, {@code user_id}, {@code creator_id} or
     * {@code owner_id} is {@code userId}, that also match {@code filters}; {@code null} options
     * mean the first 10, newest first. A user caller still sees only its own documents.
     */
    default Mono<QueryPage> getUserCollections(String userId, String collection, Condition filters, QueryOptions options) {
        return Mono.defer(() -> query(collection, UserDocuments.match(userId, filters),
                options == null ? UserDocuments.defaultOptions() : options));
    }

    /** How many documents match {@code filter}. */
    Mono<Long> countDocuments(String collection, Condition filter);

    /**
     * The changes of {@code collection} the caller may read under its read rules (before or after
     * each change) after the change id {@code since} ({@code null}: from now on) that match
     * {@code filters}, then each new one as it commits; never completes. The same events as
     * {@code GET /v1/collections/{c}/changes}; {@code CHANGES_EXPIRED} when changes after
     * {@code since} are past the retention, {@code AUTHENTICATION_FAILED} for a visitor where read
     * grants no {@code public}.
     */
    Flux<ChangeEvent> changes(String collection, Long since, Condition filters);

    /**
     * Runs up to 20 queries at once and answers in the order given. All are validated before any
     * runs; a failure names the query in {@code details.index}.
     */
    Mono<List<FetchResult>> fetchAll(List<FetchQuery> queries);

    // Collections (secret key only; a caller with a user token gets FORBIDDEN). Collections come back
    // as {"name", "created_at", "updated_at", "settings"}; names follow the collection naming rules.

    /** One page of the project's collections sorted by name ({@code limit} 1 to 1000), with how many there are. */
    Mono<QueryPage> getCollections(int limit, int offset);

    /** The first 1000 collections by name. */
    default Mono<QueryPage> getCollections() {
        return getCollections(QueryOptions.MAX_LIMIT, 0);
    }

    /** The collection, or empty when there is none of that name. */
    Mono<ObjectNode> getCollection(String name);

    /**
     * Creates an empty collection with {@code settings} (null for none), each checked by its rule;
     * an unknown setting is VALIDATION_ERROR, a taken name CONFLICT.
     */
    Mono<ObjectNode> createCollection(String name, ObjectNode settings);

    /** Merges {@code settings} into the collection's (a null value removes that setting); empty when there is none. */
    Mono<ObjectNode> updateCollection(String name, ObjectNode settings);

    /**
     * Deletes the collection and all its documents: gone for every reader when this completes,
     * whatever their number (their rows are removed in the background), and the name free to be
     * created again at once. False when there was none.
     */
    Mono<Boolean> deleteCollection(String name);

    // App users (secret key only; a caller with a user token gets FORBIDDEN). Users come back as
    // {"id", "email", "roles", "data", "created_at", "updated_at"}, never a password or its hash.

    /** Creates a user; a taken email (any case) is CONFLICT, a weak password VALIDATION_ERROR. */
    Mono<ObjectNode> createAppUser(String email, String password, ObjectNode data, List<String> roles);

    /** The user, or empty. */
    Mono<ObjectNode> getAppUser(String id);

    /** The user with this email compared case-insensitively, or empty. */
    Mono<ObjectNode> getAppUserByEmail(String email);

    /**
     * Applies {@code {email?, password?, roles?, data?, ...extra}}: the password is re-hashed and
     * revokes the user's tokens, {@code roles} replaces the list, {@code data} and extra fields
     * merge into data. Empty when there is no such user.
     */
    Mono<ObjectNode> updateAppUser(String id, ObjectNode changes);

    /** Deletes the user (its tokens stop working); false when there was none. */
    Mono<Boolean> deleteAppUser(String id);

    /** How many users match {@code filter} (on email, roles, data.*, id, created_at, updated_at). */
    Mono<Long> countAppUsers(Condition filter);

    /** One page of users matching {@code filter}; sort by created_at, updated_at, email or id; no select/populate. */
    Mono<QueryPage> queryUsers(Condition filter, QueryOptions options);

    /** The first matching user in {@code created_at} order, or empty. */
    Mono<ObjectNode> findUser(Condition filter);

    // Relationships: the same rules as /v1/users/{id}/relationships/{type}. A secret key without a
    // user token acts for any user and sees related users in full; a signed-in user acts only for
    // itself (else FORBIDDEN), may not filter, and sees related users as public profiles
    // ({"id"} plus the data fields settings.public_user_fields lists).

    /**
     * One page of the users related to {@code userId} by {@code type}: those in its
     * {@code data.<type>_ids}, or when it has no such array the users whose paired array holds it.
     * {@code filters} may be null; unknown user is NOT_FOUND.
     */
    default Mono<QueryPage> getUserRelationships(String userId, String type, Condition filters, int limit, int offset) {
        return getUserRelationships(userId, type, filters, limit, offset, List.of());
    }

    /**
     * As {@link #getUserRelationships(String, String, Condition, int, int)}, then {@code populate}
     * ({@code "company"}, {@code "company:companies"}) replaces keys held in the related users'
     * top-level {@code data} fields by what they name, as documents populate does (documents this
     * caller may read, app users as public profiles for a signed-in user). Users have no collection,
     * so no {@code references} setting applies. A signed-in user's related users are public profiles:
     * only their public data fields are populated. Invalid populate is a validation error.
     */
    Mono<QueryPage> getUserRelationships(String userId, String type, Condition filters, int limit, int offset,
                                         List<String> populate);

    /**
     * Adds {@code relatedId} to the user's {@code <type>_ids} (no duplicates); with
     * {@code bidirectional} the other user gets the paired type back in the same transaction.
     * Answers {@code {"success": true, "message", "bidirectional"}}.
     */
    Mono<ObjectNode> addUserRelationship(String userId, String type, String relatedId, boolean bidirectional);

    /** The reverse of {@link #addUserRelationship}, same answer shape. */
    Mono<ObjectNode> removeUserRelationship(String userId, String type, String relatedId, boolean bidirectional);
}
