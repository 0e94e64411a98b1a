package dev.vellum.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Who an action's entries grant which document, decided in memory (AccessMatcherCrossCheck compares it with the SQL). */
class AccessMatcherTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Caller SECRET = new Caller(7, Caller.KeyKind.SECRET, null);
    private static final Caller SECRET_AS_U1 = new Caller(7, Caller.KeyKind.SECRET, "u1");
    private static final Caller U1 = new Caller(7, Caller.KeyKind.PUBLIC, "u1");
    private static final Caller U2 = new Caller(7, Caller.KeyKind.PUBLIC, "u2");
    private static final Caller VISITOR = new Caller(7, Caller.KeyKind.PUBLIC, null);
    private static final Set<String> NO_ROLES = Set.of();

    private static AccessRules read(String entries) {
        return AccessParser.parse(JSON.readTree("{\"read\": " + entries + "}"));
    }

    private static ObjectNode doc(String owner, String body) {
        ObjectNode doc = (ObjectNode) JSON.readTree(body);
        doc.put("_key", "k1");
        doc.put("_userkey", owner);
        doc.put("_version", 2L);
        doc.put("_created_at", "2024-03-01T10:00:00.000001Z");
        return doc;
    }

    @Test
    void the_default_grants_the_owner_and_the_secret_key_only() {
        ObjectNode mine = doc("u1", "{}");
        assertThat(AccessMatcher.grants(AccessRules.DEFAULT, Action.READ, U1, NO_ROLES, mine)).isTrue();
        assertThat(AccessMatcher.grants(AccessRules.DEFAULT, Action.READ, U2, NO_ROLES, mine)).isFalse();
        assertThat(AccessMatcher.grants(AccessRules.DEFAULT, Action.READ, VISITOR, NO_ROLES, mine)).isFalse();
        assertThat(AccessMatcher.grants(AccessRules.DEFAULT, Action.READ, SECRET, NO_ROLES, mine)).isTrue();
        assertThat(AccessMatcher.grants(AccessRules.DEFAULT, Action.READ, U1, NO_ROLES, doc(null, "{}"))).isFalse();
    }

    @Test
    void a_secret_key_with_a_user_token_is_that_user() {
        assertThat(AccessMatcher.grants(AccessRules.DEFAULT, Action.READ, SECRET_AS_U1, NO_ROLES, doc("u1", "{}"))).isTrue();
        assertThat(AccessMatcher.grants(AccessRules.DEFAULT, Action.READ, SECRET_AS_U1, NO_ROLES, doc("u2", "{}"))).isFalse();
    }

    @Test
    void public_where_published_or_owner_with_type_brackets() {
        AccessRules rules = read("[{\"who\": \"public\", \"where\": {\"published\": true}}, {\"who\": \"owner\"}]");
        ObjectNode published = doc("u1", "{\"published\": true}");
        ObjectNode text = doc("u1", "{\"published\": \"true\"}");
        ObjectNode draft = doc("u1", "{\"published\": false}");
        assertThat(AccessMatcher.grants(rules, Action.READ, VISITOR, NO_ROLES, published)).isTrue();
        assertThat(AccessMatcher.grants(rules, Action.READ, VISITOR, NO_ROLES, text)).isFalse();
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, NO_ROLES, draft)).isFalse();
        assertThat(AccessMatcher.grants(rules, Action.READ, U1, NO_ROLES, draft)).isTrue();
    }

    @Test
    void authenticated_needs_a_token_and_where_ranges_never_cross_types_or_match_missing_fields() {
        AccessRules rules = read("[{\"who\": \"authenticated\", \"where\": {\"age:$gte\": 18}}]");
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, NO_ROLES, doc("u1", "{\"age\": 30}"))).isTrue();
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, NO_ROLES, doc("u1", "{\"age\": \"30\"}"))).isFalse();
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, NO_ROLES, doc("u1", "{}"))).isFalse();
        assertThat(AccessMatcher.grants(rules, Action.READ, VISITOR, NO_ROLES, doc("u1", "{\"age\": 30}"))).isFalse();
    }

    @Test
    void a_role_entry_grants_holders_of_the_role_and_asks_for_roles_only_when_it_can_apply() {
        AccessRules rules = read("[{\"who\": \"role:moderator\", \"where\": {\"meta.level:$in\": [1, 2]}}]");
        ObjectNode doc = doc("u1", "{\"meta\": {\"level\": 2}}");
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, Set.of("moderator"), doc)).isTrue();
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, Set.of("editor"), doc)).isFalse();
        assertThat(AccessMatcher.grants(rules, Action.READ, U1, NO_ROLES, doc)).isFalse();
        assertThat(AccessMatcher.needsRoles(rules, Action.READ, U2)).isTrue();
        assertThat(AccessMatcher.needsRoles(rules, Action.READ, VISITOR)).isFalse();
        assertThat(AccessMatcher.needsRoles(rules, Action.READ, SECRET)).isFalse();
        assertThat(AccessMatcher.needsRoles(AccessRules.DEFAULT, Action.READ, U2)).isFalse();
    }

    @Test
    void none_and_an_empty_list_grant_nobody_but_the_secret_key() {
        for (String entries : new String[] {"[{\"who\": \"none\"}]", "[]"}) {
            AccessRules rules = read(entries);
            assertThat(AccessMatcher.grants(rules, Action.READ, U1, Set.of("moderator"), doc("u1", "{}"))).isFalse();
            assertThat(AccessMatcher.grants(rules, Action.READ, SECRET, NO_ROLES, doc("u1", "{}"))).isTrue();
        }
    }

    @Test
    void where_reads_system_fields_with_their_column_types() {
        AccessRules rules = read("[{\"who\": \"authenticated\", \"where\": {\"_version:$gte\": 2,"
                + " \"_created_at:$gt\": \"2024-03-01T10:00:00Z\", \"_userkey:$ne\": \"u2\"}}]");
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, NO_ROLES, doc("u1", "{}"))).isTrue();
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, NO_ROLES, doc("u2", "{}"))).isFalse();
        ObjectNode older = doc("u1", "{}").put("_created_at", "2024-03-01T10:00:00Z");
        assertThat(AccessMatcher.grants(rules, Action.READ, U2, NO_ROLES, older)).isFalse();
    }

    @Test
    void only_public_read_entries_let_a_visitor_open_a_feed() {
        assertThat(read("[{\"who\": \"public\", \"where\": {\"published\": true}}]").grantsVisitors(Action.READ)).isTrue();
        AccessRules createOnly = AccessParser.parse(JSON.readTree("{\"create\": [{\"who\": \"public\"}]}"));
        assertThat(createOnly.grantsVisitors()).isTrue();
        assertThat(createOnly.grantsVisitors(Action.READ)).isFalse();
        assertThat(AccessRules.DEFAULT.grantsVisitors(Action.READ)).isFalse();
    }
}
