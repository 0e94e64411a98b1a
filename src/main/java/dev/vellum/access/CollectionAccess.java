package dev.vellum.access;

import dev.vellum.error.VellumException;
import dev.vellum.store.Statements;
import io.r2dbc.postgresql.codec.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parsed access rules of every collection that has an {@code access} setting, held in memory
 * so a request reads them without a round trip; a collection without one has the default
 * (owner only). {@link AccessRefresh} loads them all before the server takes requests and reloads
 * a collection whenever the {@code vellum_access} notification (sql/V60) names it, on every
 * instance.
 */
@Component
public class CollectionAccess implements SettingsCache {

    private static final Logger log = LoggerFactory.getLogger(CollectionAccess.class);
    /** A stored setting this version cannot parse (written with SQL) fails closed: secret key only. */
    static final AccessRules UNREADABLE = new AccessRules(Map.of(Action.READ, List.of(), Action.CREATE, List.of(),
            Action.UPDATE, List.of(), Action.DELETE, List.of()));

    private final DatabaseClient db;
    private final JsonMapper mapper;
    private final Map<String, AccessRules> custom = new ConcurrentHashMap<>();

    public CollectionAccess(DatabaseClient db, JsonMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    /** The collection's rules as this instance last heard of them. */
    public AccessRules rules(long projectId, String collection) {
        return custom.getOrDefault(key(projectId, collection), AccessRules.DEFAULT);
    }

    /** Reads one collection's setting again (after a notification, or in tests after SQL). */
    @Override
    public Mono<Void> reload(long projectId, String collection) {
        return Statements.prepare(db, AccessSettingSql.one(projectId, collection))
                .map((row, meta) -> parse(projectId, collection, row.get("access", Json.class)))
                .one()
                .defaultIfEmpty(AccessRules.DEFAULT)
                .doOnNext(rules -> put(key(projectId, collection), rules))
                .then();
    }

    /** Reads every setting again, forgetting collections that no longer have one. */
    @Override
    public Mono<Void> reloadAll() {
        return Statements.prepare(db, AccessSettingSql.all())
                .map((row, meta) -> {
                    long projectId = row.get("project_id", Long.class);
                    String name = row.get("name", String.class);
                    return Map.entry(key(projectId, name), parse(projectId, name, row.get("access", Json.class)));
                })
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .doOnNext(fresh -> {
                    custom.keySet().retainAll(fresh.keySet());
                    fresh.forEach(this::put);
                })
                .then();
    }

    private void put(String key, AccessRules rules) {
        if (rules.equals(AccessRules.DEFAULT)) {
            custom.remove(key);
        } else {
            custom.put(key, rules);
        }
    }

    private AccessRules parse(long projectId, String collection, Json stored) {
        if (stored == null) {
            return AccessRules.DEFAULT;
        }
        try {
            JsonNode setting = mapper.readTree(stored.asString());
            return AccessParser.parse(setting);
        } catch (VellumException | tools.jackson.core.JacksonException e) {
            log.warn("the access setting of {}/{} is invalid, so only the secret key may use it: {}", projectId, collection,
                    e.getMessage());
            return UNREADABLE;
        }
    }

    private static String key(long projectId, String collection) {
        return projectId + "/" + collection;
    }
}
