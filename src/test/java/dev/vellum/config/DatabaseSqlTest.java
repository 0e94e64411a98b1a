package dev.vellum.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;

/** The database creation statements, on exact SQL text and parameters, without a database. */
class DatabaseSqlTest {

    @Test
    void exists_binds_the_name() {
        Sql sql = DatabaseSql.exists("vellum");
        assertThat(sql.text()).isEqualTo("select 1 from pg_database where datname = $1");
        assertThat(sql.params()).containsExactly("vellum");
    }

    @Test
    void create_quotes_the_name_as_an_identifier_with_collation_c() {
        Sql sql = DatabaseSql.create("my \"db\"");
        assertThat(sql.text()).isEqualTo("create database \"my \"\"db\"\"\" template template0 encoding 'UTF8' lc_collate 'C'");
        assertThat(sql.params()).isEmpty();
    }
}
