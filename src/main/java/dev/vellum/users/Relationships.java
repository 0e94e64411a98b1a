package dev.vellum.users;

import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.projects.ProjectSetting;
import dev.vellum.projects.ProjectSql;
import dev.vellum.query.Condition;
import dev.vellum.sql.Sql;
import dev.vellum.store.CountMode;
import dev.vellum.store.PageTotal;
import dev.vellum.store.PlannedRows;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code get_user_relationships}, {@code add_user_relationship} and
 * {@code remove_user_relationship}: lists live in each user's {@code data.<type>_ids}; a
 * bidirectional write gives the other user the same relationship back (a mutual follow is
 * {@code following} on both sides) in the same transaction. Pairs ({@link RelationshipPairs})
 * only drive the reverse lookup of a list a user does not hold.
 */
@Component
public class Relationships {

    private static final JsonMapper JSON = new JsonMapper();

    private final DatabaseClient db;
    private final long threshold;
    private final TransactionalOperator tx;

    public Relationships(DatabaseClient db, TransactionalOperator tx, VellumProperties properties) {
        this.threshold = properties.datastore().exactCountThreshold();
        this.db = db;
        this.tx = tx;
    }

    /** Users listed in the user's {@code <type>_ids} when it has that array, else those whose paired array holds the user. */
    public Mono<RelationshipPage> list(long projectId, String userId, RelationshipType type, Condition filter, int limit, int offset,
                                       CountMode count) {
        return Mono.defer(() -> {
            RelationshipSql.requireBodyFields(filter);
            return Statements.prepare(db, RelationshipSql.listedIds(projectId, userId, type.field()))
                    .map(row -> {
                        Json ids = row.get("ids", Json.class);
                        return ids == null ? JSON.nullNode() : JSON.readTree(ids.asString());
                    })
                    .one()
                    .switchIfEmpty(Mono.error(Relationships::userNotFound))
                    .flatMap(ids -> ids.isArray() ? Mono.just(new RelationshipSql.Listed(strings(ids)))
                            : pairs(projectId).map(pairs -> new RelationshipSql.Holding(pairs.pairOf(type).field(), userId)))
                    .flatMap(related -> page(projectId, related, filter, limit, offset, count));
        });
    }

    public Mono<RelationshipChange> add(long projectId, String userId, String relatedId, RelationshipType type, boolean bidirectional) {
        return write(projectId, userId, relatedId, type, bidirectional, true);
    }

    public Mono<RelationshipChange> remove(long projectId, String userId, String relatedId, RelationshipType type, boolean bidirectional) {
        return write(projectId, userId, relatedId, type, bidirectional, false);
    }

    /** The project's pairing: defaults overlaid with {@code settings.relationship_pairs}. */
    public Mono<RelationshipPairs> pairs(long projectId) {
        return Statements.prepare(db, ProjectSql.setting(projectId, ProjectSetting.RELATIONSHIP_PAIRS))
                .map(row -> {
                    Json pairs = row.get("setting", Json.class);
                    return RelationshipPairs.configured(pairs == null ? null : JSON.readTree(pairs.asString()));
                })
                .one()
                .defaultIfEmpty(RelationshipPairs.defaults());
    }

    /** The types a signed-in user may use in this project (see {@link UserRelationshipTypes}). */
    public Mono<UserRelationshipTypes> userTypes(long projectId) {
        return Mono.zip(setting(projectId, ProjectSetting.RELATIONSHIP_PAIRS), setting(projectId, ProjectSetting.RELATIONSHIP_TYPES))
                .map(both -> UserRelationshipTypes.configured(both.getT1(), both.getT2()));
    }

    private Mono<JsonNode> setting(long projectId, ProjectSetting setting) {
        return Statements.prepare(db, ProjectSql.setting(projectId, setting))
                .map(row -> {
                    Json value = row.get("setting", Json.class);
                    return value == null ? JSON.nullNode() : JSON.readTree(value.asString());
                })
                .one()
                .defaultIfEmpty(JSON.nullNode());
    }

    private Mono<RelationshipChange> write(long projectId, String userId, String relatedId, RelationshipType type,
                                           boolean bidirectional, boolean adding) {
        if (userId.equals(relatedId)) {
            return Mono.error(VellumException.validation("a user cannot be related to itself", Map.of("field", "user_id")));
        }
        Mono<RelationshipChange> work = fieldTypes(projectId, userId, relatedId, type).flatMap(types -> {
            checkUser(types, userId, type);
            boolean relatedKnown = types.containsKey(relatedId);
            if (bidirectional || adding) {
                if (!relatedKnown) {
                    return Mono.error(userNotFound());
                }
                if (bidirectional) {
                    checkUser(types, relatedId, type);
                }
            }
            // Rows in id order, so two opposite bidirectional writes lock in the same order and cannot deadlock.
            List<Mono<Long>> updates = new ArrayList<>();
            updates.add(update(adding, projectId, userId, type, relatedId));
            if (bidirectional) {
                updates.add(update(adding, projectId, relatedId, type, userId));
            }
            if (bidirectional && userId.compareTo(relatedId) > 0) {
                Collections.reverse(updates);
            }
            return Flux.concat(updates).reduce(0L, Long::sum)
                    .flatMap(changed -> {
                        // Removing a dangling id (the other user is gone) is allowed; nothing to remove is then a 404.
                        if (!relatedKnown && changed == 0) {
                            return Mono.error(userNotFound());
                        }
                        return Mono.just(new RelationshipChange(changed > 0,
                                message(adding, changed > 0, type, bidirectional), bidirectional));
                    });
        });
        return tx.transactional(work);
    }

    private Mono<Long> update(boolean adding, long projectId, String userId, RelationshipType type, String relatedId) {
        Sql sql = adding ? RelationshipSql.add(projectId, userId, type.field(), relatedId)
                : RelationshipSql.remove(projectId, userId, type.field(), relatedId);
        return Statements.prepare(db, sql).fetch().rowsUpdated();
    }

    /** For each existing user of the two: the JSON type of its {@code data.<type>_ids} ("" when absent). */
    private Mono<Map<String, String>> fieldTypes(long projectId, String userId, String relatedId, RelationshipType type) {
        return Statements.prepare(db, RelationshipSql.fieldTypes(projectId, List.of(userId, relatedId), type.field()))
                .map(row -> Map.entry(row.get("id", String.class), Objects.toString(row.get("own_type", String.class), "")))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
    }

    private static void checkUser(Map<String, String> types, String id, RelationshipType type) {
        String jsonType = types.get(id);
        if (jsonType == null) {
            throw userNotFound();
        }
        if (!jsonType.isEmpty() && !jsonType.equals("array")) {
            throw new VellumException(ErrorCode.CONFLICT, "data." + type.field() + " is not an array",
                    Map.of("field", "data." + type.field()));
        }
    }

    private Mono<RelationshipPage> page(long projectId, RelationshipSql.Related related, Condition filter, int limit, int offset,
                                        CountMode count) {
        if (related instanceof RelationshipSql.Listed listed && listed.ids().isEmpty()) {
            return Mono.just(new RelationshipPage(List.of(), 0, false, false));
        }
        PageTotal.Counts counts = new PageTotal.Counts() {
            @Override
            public Mono<Long> exact() {
                return total(RelationshipSql.count(projectId, related, filter));
            }

            @Override
            public Mono<Long> atMost(long cap) {
                return total(RelationshipSql.cappedCount(projectId, related, filter, cap));
            }

            @Override
            public Mono<Long> planned() {
                return PlannedRows.of(db, RelationshipSql.plannedCount(projectId, related, filter));
            }
        };
        return Statements.prepare(db, RelationshipSql.page(projectId, related, filter, limit, offset))
                .map(row -> AppUserStore.user(row))
                .all()
                .collectList()
                .flatMap(users -> PageTotal.of(users.size(), limit, offset, count, threshold, counts)
                        .map(total -> new RelationshipPage(users.subList(0, Math.min(limit, users.size())), total.total(),
                                total.hasNext(), total.estimated())));
    }

    private Mono<Long> total(Sql sql) {
        return Statements.prepare(db, sql).map(row -> row.get("total", Long.class)).one();
    }

    private static List<String> strings(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(id -> {
            if (id.isString()) {
                ids.add(id.stringValue());
            }
        });
        return ids;
    }

    private static String message(boolean adding, boolean changed, RelationshipType type, boolean bidirectional) {
        String list = type.name() + (bidirectional ? " (on both users)" : "");
        if (adding) {
            return changed ? "added to " + list : "already in " + list;
        }
        return changed ? "removed from " + list : "not in " + list;
    }

    static VellumException userNotFound() {
        return new VellumException(ErrorCode.NOT_FOUND, "user not found");
    }
}
