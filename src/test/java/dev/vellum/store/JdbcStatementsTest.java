package dev.vellum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a rendered statement's {@code $n} placeholders become JDBC's {@code ?}, without a database. */
class JdbcStatementsTest {

    @Test
    void placeholders_numbered_in_order_become_question_marks_and_casts_stay() {
        Sql sql = new SqlBuilder().sql("select a from t where b = ").param(1L).sql(" and c = ").param("x", "text")
                .sql(" and d > ").param(2L).sql(" and e = '$'").build();
        assertThat(JdbcStatements.jdbcText(sql)).isEqualTo("select a from t where b = ? and c = ?::text and d > ? and e = '$'");
    }

    @Test
    void a_statement_without_values_is_unchanged() {
        assertThat(JdbcStatements.jdbcText(new Sql("select 1", List.of()))).isEqualTo("select 1");
    }

    @Test
    void placeholders_out_of_order_reused_or_missing_are_refused() {
        assertThatThrownBy(() -> JdbcStatements.jdbcText(new Sql("select $2, $1", List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcStatements.jdbcText(new Sql("select $1, $1", List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JdbcStatements.jdbcText(new Sql("select $1", List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
