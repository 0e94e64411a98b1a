package dev.vellum.changes;

import dev.vellum.access.AccessMatcher;
import dev.vellum.access.AccessRules;
import dev.vellum.access.Action;
import dev.vellum.access.CollectionAccess;
import dev.vellum.auth.Caller;
import dev.vellum.docstore.Scopes;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a reader may read a document as it was before or after a change: the collection's
 * {@code read} entries as this instance holds them now ({@link CollectionAccess}, reloaded on every
 * instance when a setting changes) and the reader's roles, read once per page of changes, so a
 * change of either applies from the next page the feed reads. The feed asks for both sides, so a
 * document that stops being readable reaches the reader as a deletion.
 */
@Component
public class ChangeVisibility {

    private final CollectionAccess access;
    private final DatabaseClient db;
    private final JsonMapper mapper;

    ChangeVisibility(CollectionAccess access, DatabaseClient db, JsonMapper mapper) {
        this.access = access;
        this.db = db;
        this.mapper = mapper;
    }

    /**
     * Refuses a visitor (public key, no token) unless the collection grants {@code public} read, with
     * AUTHENTICATION_FAILED as the other routes refuse visitors.
     */
    void requireOpen(Caller reader, String collection) {
        if (Scopes.isVisitor(reader) && !access.rules(reader.projectId(), collection).grantsVisitors(Action.READ)) {
            throw new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                    "a public key needs a user token (Authorization: Bearer <token>) unless the collection's read access grants public");
        }
    }

    /** The reader's test for the next page of changes: true for a side (body with its system fields) it may read. */
    Mono<Predicate<ObjectNode>> forPage(Caller reader, String collection) {
        AccessRules rules = access.rules(reader.projectId(), collection);
        Mono<Set<String>> roles = AccessMatcher.needsRoles(rules, Action.READ, reader) ? roles(reader) : Mono.just(Set.of());
        return roles.map(held -> side -> AccessMatcher.grants(rules, Action.READ, reader, held, side));
    }

    private Mono<Set<String>> roles(Caller reader) {
        return Statements.prepare(db, ChangeSql.roles(reader.projectId(), reader.userId()))
                .map((row, meta) -> row.get("roles", Json.class))
                .one()
                .map(json -> {
                    Set<String> roles = new HashSet<>();
                    mapper.readTree(json.asString()).forEach(role -> {
                        if (role.isString()) {
                            roles.add(role.stringValue());
                        }
                    });
                    return Set.copyOf(roles);
                })
                .defaultIfEmpty(Set.of());
    }
}
