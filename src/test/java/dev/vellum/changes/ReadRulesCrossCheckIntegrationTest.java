package dev.vellum.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.access.AccessMatcher;
import dev.vellum.access.AccessParser;
import dev.vellum.access.AccessRules;
import dev.vellum.access.AccessSql;
import dev.vellum.access.Action;
import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.query.Condition;
import dev.vellum.sql.SqlBuilder;
import dev.vellum.store.Statements;
import dev.vellum.support.IntegrationTest;
import io.r2dbc.postgresql.codec.Json;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The change feed decides readability in memory; reads decide it in SQL ({@link AccessSql}). For
 * every rule × caller, the documents PostgreSQL returns under the rule are exactly those whose
 * stored row, turned into a change the way the outbox records it, reaches that caller's feed.
 */
class ReadRulesCrossCheckIntegrationTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** owner, version, created_at, body. */
    private static final String[][] DOCS = {
        {"alice", "1", "2024-01-01T00:00:00Z", "{\"published\": true, \"age\": 30, \"title\": \"Hello\", \"tags\": [\"x\", \"y\"], \"meta\": {\"level\": 1}}"},
        {"alice", "2", "2024-06-01T00:00:00.000001Z", "{\"published\": false, \"age\": \"30\", \"title\": \"hello world\", \"tags\": \"x\"}"},
        {"bob", "1", "2024-06-01T00:00:00Z", "{\"published\": \"true\", \"age\": 17, \"meta\": {\"level\": \"1\"}, \"tags\": [[\"x\"]]}"},
        {"bob", "3", "2024-07-01T00:00:00Z", "{\"published\": true, \"age\": 65.0, \"meta\": [{\"level\": 1}]}"},
        {null, "1", "2024-01-01T00:00:00Z", "{\"published\": true, \"title\": null}"},
        {"mod", "2", "2024-02-01T00:00:00Z", "{\"age\": null, \"tags\": [], \"meta\": {}}"},
        {"bob", "1", "2024-03-01T00:00:00Z", "{}"},
        {"alice", "5", "2024-08-01T00:00:00Z", "{\"published\": [true], \"age\": [10, 20], \"title\": \"HELLO\"}"},
    };

    private static final String[] RULES = {
        null,
        "[{\"who\": \"owner\"}]",
        "[{\"who\": \"authenticated\"}]",
        "[{\"who\": \"public\"}]",
        "[{\"who\": \"public\", \"where\": {\"published\": true}}, {\"who\": \"owner\"}]",
        "[{\"who\": \"authenticated\", \"where\": {\"age:$gte\": 18}}]",
        "[{\"who\": \"authenticated\", \"where\": {\"age:$lt\": \"4\"}}]",
        "[{\"who\": \"role:moderator\"}]",
        "[{\"who\": \"role:moderator\", \"where\": {\"published\": true}}, {\"who\": \"owner\", \"where\": {\"tags\": \"x\"}}]",
        "[{\"who\": \"role:ghost\"}]",
        "[{\"who\": \"public\", \"where\": {\"meta.level:$in\": [1, \"2\"]}}]",
        "[{\"who\": \"public\", \"where\": {\"meta.level:$nin\": [1]}}]",
        "[{\"who\": \"authenticated\", \"where\": {\"title:$exists\": false}}]",
        "[{\"who\": \"authenticated\", \"where\": {\"title:$ne\": null}}]",
        "[{\"who\": \"authenticated\", \"where\": {\"title:$startswith\": \"hel\", \"tags\": \"x\"}}]",
        "[{\"who\": \"public\", \"where\": {\"title:$contains\": \"LO W\"}}]",
        "[{\"who\": \"public\", \"where\": {\"_userkey\": null}}]",
        "[{\"who\": \"authenticated\", \"where\": {\"_userkey:$in\": [\"bob\", \"mod\"]}}]",
        "[{\"who\": \"authenticated\", \"where\": {\"_version:$gt\": 1}}]",
        "[{\"who\": \"authenticated\", \"where\": {\"_created_at:$gt\": \"2024-06-01T00:00:00Z\"}}]",
        "[{\"who\": \"public\", \"where\": {\"_created_at:$lte\": \"2024-02-01\"}}, {\"who\": \"role:moderator\"}]",
        "[{\"who\": \"authenticated\", \"where\": {\"age\": [10, 20]}}, {\"who\": \"authenticated\", \"where\": {\"age\": 10}}]",
        "[{\"who\": \"none\"}]",
        "[]",
    };

    @Autowired
    ApiKeyStore apiKeys;
    @Autowired
    DatabaseClient db;

    @Test
    void the_feed_reads_exactly_the_documents_sql_reads_for_every_rule_and_caller() {
        long projectId = apiKeys.find(PUBLIC_KEY).block().projectId();
        String c = freshCollection();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> users = Map.of("alice", "alice_" + suffix, "bob", "bob_" + suffix, "mod", "mod_" + suffix);
        users.values().forEach(id -> userToken(projectId, id));
        db.sql("update app_users set roles = '[\"moderator\", \"editor\"]'::jsonb where project_id = $1 and id = $2")
                .bind(0, projectId).bind(1, users.get("mod")).fetch().rowsUpdated().block();
        db.sql("insert into collections (project_id, name) values ($1, $2)").bind(0, projectId).bind(1, c).fetch().rowsUpdated().block();
        for (int i = 0; i < DOCS.length; i++) {
            DatabaseClient.GenericExecuteSpec insert = db.sql("insert into documents (project_id, collection, key, owner, body, version,"
                            + " created_at, modified_at) values ($1, $2, $3, $4, $5::jsonb, $6, $7::timestamptz, $7::timestamptz)")
                    .bind(0, projectId).bind(1, c).bind(2, "d" + i).bind(4, DOCS[i][3]).bind(5, Long.parseLong(DOCS[i][1]))
                    .bind(6, DOCS[i][2]);
            insert = DOCS[i][0] == null ? insert.bindNull(3, String.class) : insert.bind(3, users.get(DOCS[i][0]));
            insert.fetch().rowsUpdated().block();
        }
        List<Change> changes = db.sql("select key, owner, body, version, created_at, modified_at from documents"
                        + " where project_id = $1 and collection = $2 order by key").bind(0, projectId).bind(1, c)
                .map((row, meta) -> new Change(1, projectId, c, row.get("key", String.class), ChangeKind.CREATED,
                        row.get("version", Long.class), row.get("modified_at", OffsetDateTime.class),
                        new Change.Side(row.get("owner", String.class), row.get("body", Json.class).asString(),
                                row.get("version", Long.class), row.get("created_at", OffsetDateTime.class),
                                row.get("modified_at", OffsetDateTime.class)), null))
                .all().collectList().block();
        List<Caller> callers = new ArrayList<>();
        users.values().forEach(id -> callers.add(new Caller(projectId, Caller.KeyKind.PUBLIC, id)));
        callers.add(new Caller(projectId, Caller.KeyKind.PUBLIC, null));
        callers.add(new Caller(projectId, Caller.KeyKind.SECRET, null));
        callers.add(new Caller(projectId, Caller.KeyKind.SECRET, users.get("bob")));
        ChangeView view = new ChangeView(JSON, Condition.always());
        int compared = 0;
        for (String read : RULES) {
            AccessRules rules = AccessParser.parse(read == null ? null : JSON.readTree("{\"read\": " + read + "}"));
            for (Caller caller : callers) {
                SqlBuilder sql = new SqlBuilder().sql("select key from documents where project_id = ").param(projectId)
                        .sql(" and collection = ").param(c);
                AccessSql.narrow(rules, Action.READ, caller, sql);
                Set<String> bySql = new TreeSet<>(Statements.prepare(db, sql.build()).map((row, meta) -> row.get("key", String.class))
                        .all().collectList().block());
                Set<String> roles = caller.isUser() && caller.userId().equals(users.get("mod")) ? Set.of("moderator", "editor") : Set.of();
                Set<String> byFeed = new TreeSet<>();
                view.of(changes, side -> AccessMatcher.grants(rules, Action.READ, caller, roles, side))
                        .forEach(event -> byFeed.add(event.key()));
                assertThat(byFeed).as("read %s as %s", read, caller).isEqualTo(bySql);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(RULES.length * 6);
    }
}
