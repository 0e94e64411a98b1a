package dev.vellum.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.query.Condition;
import dev.vellum.query.ConditionRenderer;
import dev.vellum.query.MatchParser;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What an action's entries render to for each kind of caller: exact text and parameters. */
class AccessSqlTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Caller SECRET = new Caller(7, Caller.KeyKind.SECRET, null);
    private static final Caller USER = new Caller(7, Caller.KeyKind.PUBLIC, "u1");
    private static final Caller VISITOR = new Caller(7, Caller.KeyKind.PUBLIC, null);
    private static final AccessRules ISSUE = AccessParser.parse(JSON.readTree("""
            {"read": [{"who": "public", "where": {"published": true}}, {"who": "owner"}],
             "create": [{"who": "authenticated"}],
             "update": [{"who": "owner"}, {"who": "role:moderator"}],
             "delete": [{"who": "none"}]}"""));

    @Test
    void the_default_is_the_owner_column_as_before_and_nothing_for_the_secret_key() {
        assertThat(render(AccessRules.DEFAULT, Action.READ, USER)).isEqualTo(new Sql(" and owner = $1", List.of("u1")));
        assertThat(render(AccessRules.DEFAULT, Action.UPDATE, SECRET)).isEqualTo(new Sql("", List.of()));
        assertThat(render(ISSUE, Action.DELETE, SECRET)).isEqualTo(new Sql("", List.of()));
    }

    @Test
    void a_visitor_gets_only_public_entries_and_false_without_any() {
        assertThat(render(AccessRules.DEFAULT, Action.READ, VISITOR)).isEqualTo(new Sql(" and false", List.of()));
        assertThat(render(ISSUE, Action.READ, VISITOR).text()).isEqualTo(" and ((" + where("{\"published\": true}", 0) + "))");
        assertThat(render(ISSUE, Action.UPDATE, VISITOR).text()).isEqualTo(" and false");
    }

    @Test
    void a_user_gets_each_applicable_entry_or_ed_with_its_where_compiled_by_the_match_renderer() {
        Sql read = render(ISSUE, Action.READ, USER);
        assertThat(read.text()).isEqualTo(" and ((" + where("{\"published\": true}", 0) + ") or (owner = $2))");
        assertThat(read.params()).hasSize(2).last().isEqualTo("u1");
    }

    @Test
    void an_unconditional_entry_grants_every_document_and_none_grants_nothing() {
        assertThat(render(ISSUE, Action.CREATE, USER).text()).isEmpty();
        assertThat(render(ISSUE, Action.DELETE, USER).text()).isEqualTo(" and false");
    }

    @Test
    void a_role_is_checked_in_the_same_statement_against_app_users() {
        Sql update = render(ISSUE, Action.UPDATE, USER);
        assertThat(update.text()).isEqualTo(" and ((owner = $1) or (exists (select 1 from app_users as r where r.project_id = $2"
                + " and r.id = $3 and r.roles @> jsonb_build_array($4::text))))");
        assertThat(update.params()).containsExactly("u1", 7L, "u1", "moderator");
    }

    @Test
    void a_role_with_a_where_needs_both() {
        AccessRules rules = AccessParser.parse(JSON.readTree("{\"delete\": [{\"who\": \"role:mod\", \"where\": {\"flagged\": true}}]}"));
        Sql delete = render(rules, Action.DELETE, USER);
        assertThat(delete.text()).isEqualTo(" and ((exists (select 1 from app_users as r where r.project_id = $1 and r.id = $2"
                + " and r.roles @> jsonb_build_array($3::text)) and " + where("{\"flagged\": true}", 3) + "))");
    }

    private static Sql render(AccessRules rules, Action action, Caller caller) {
        SqlBuilder sql = new SqlBuilder();
        AccessSql.narrow(rules, action, caller, sql);
        return sql.build();
    }

    /** The match renderer's own text for {@code match}, its parameters numbered after {@code before} others. */
    private static String where(String match, int before) {
        SqlBuilder sql = new SqlBuilder();
        for (int i = 0; i < before; i++) {
            sql.param(0);
        }
        sql.sql("|");
        Condition condition = MatchParser.parse(JSON.readTree(match));
        ConditionRenderer.render(condition, sql);
        String text = sql.build().text();
        return text.substring(text.indexOf('|') + 1);
    }
}
