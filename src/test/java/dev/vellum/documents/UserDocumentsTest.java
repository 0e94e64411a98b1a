package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.auth.Caller;
import dev.vellum.docstore.DocumentReadSql;
import dev.vellum.docstore.Scope;
import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.Op;
import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

/** Pins the ownership condition of get_user_collections as the renderer writes it. */
class UserDocumentsTest {

    private static final Scope SERVICE = Scope.of(new Caller(7, Caller.KeyKind.SECRET, null), "posts");

    @Test
    void the_four_fields_render_as_an_or_of_indexed_equality_tests_anded_with_the_filters() {
        Condition filters = new Condition.Compare(BodyPath.of("status"), Op.EQ, StringNode.valueOf("published"));
        Sql sql = DocumentReadSql.count(SERVICE, UserDocuments.match("u1", filters));
        assertThat(sql.text()).endsWith("and (((body @? $3::jsonpath) or (body @? $4::jsonpath)"
                + " or (body @? $5::jsonpath) or (body @? $6::jsonpath))"
                + " and (body @? $7::jsonpath))");
        assertThat(sql.params().get(2).toString()).isEqualTo("lax $.\"author_id\" ? (@ == \"u1\" && @.type() != \"array\")");
        assertThat(sql.params().get(4).toString()).startsWith("lax $.\"creator_id\" ? (@ == \"u1\"");
        assertThat(sql.params().get(5).toString()).startsWith("lax $.\"owner_id\" ? (@ == \"u1\"");
    }

    @Test
    void a_blank_user_id_is_a_validation_error() {
        assertThatThrownBy(() -> UserDocuments.match(" ", null)).isInstanceOf(VellumException.class)
                .hasMessageContaining("user id");
    }

    @Test
    void default_options_list_newest_first() {
        assertThat(UserDocuments.defaultOptions().order()).isEqualTo(QueryOptions.Order.DESC);
        assertThat(UserDocuments.defaultOptions().limit()).isEqualTo(QueryOptions.DEFAULT_LIMIT);
    }
}
