package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.query.Condition;
import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import dev.vellum.support.IntegrationTest;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The reverse lookup ("who follows me") is served by the GIN index of V6, not a scan of every user. */
class RelationshipsPlanIntegrationTest extends IntegrationTest {

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator tx;

    @Test
    void reverse_lookup_uses_the_app_users_data_gin_index() {
        // A project of its own, so 5000 extra users do not show in other tests' user counts.
        String prefix = "plan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        long projectId = db.sql("insert into projects (name, jwt_secret) values ($1, decode('00', 'hex')) returning id")
                .bind(0, prefix).map(row -> row.get("id", Long.class)).one().block();
        db.sql("insert into app_users (project_id, id, email, password_hash, data, created_at, updated_at)"
                        + " select $1, $2 || n, $2 || n || '@example.com', 'x',"
                        + " jsonb_build_object('following_ids', jsonb_build_array($2 || 't' || (n % 1000))), now(), now()"
                        + " from generate_series(1, 5000) n")
                .bind(0, projectId).bind(1, prefix).then().block();
        db.sql("analyze app_users").then().block();

        Sql reverse = RelationshipSql.page(projectId, new RelationshipSql.Holding("following_ids", prefix + "t7"),
                Condition.always(), 10, 0);
        for (int run = 0; run < 7; run++) { // past the point where a cached plan could turn generic
            assertThat(plan(reverse)).contains("app_users_data");
        }
        assertThat(Statements.prepare(db, reverse).map((row, meta) -> row.get("id", String.class)).all()
                .collectList().block()).hasSize(5);
    }

    /**
     * On a test-sized table a sequential scan can honestly be the cheaper plan (it was, in some
     * runs, next to other tests' users), so scans are priced out for the EXPLAIN: what this pins is
     * that the index can serve the reverse lookup at all, which a non-indexable shape could not.
     */
    private String plan(Sql sql) {
        Sql explain = new Sql("explain " + sql.text(), sql.params());
        return tx.transactional(db.sql("set local enable_seqscan = off").then()
                        .then(Statements.prepare(db, explain).map((row, meta) -> row.get(0, String.class)).all()
                                .collect(Collectors.joining("\n"))))
                .block();
    }
}
