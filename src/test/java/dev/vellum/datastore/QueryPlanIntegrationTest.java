package dev.vellum.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.docstore.DocumentReadSql;
import dev.vellum.docstore.Scope;
import dev.vellum.query.MatchParser;
import dev.vellum.query.SortParser;
import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Checks with EXPLAIN, on a few thousand documents, that the statements the Datastore renders
 * are served by the indexes DESIGN.md asks for: equality through the composite GIN index that
 * narrows by project and collection, ranges through an expression index where one exists.
 */
class QueryPlanIntegrationTest extends IntegrationTest {

    @Autowired
    DatabaseClient db;
    @Autowired
    ApiKeyStore keys;

    String collection;
    Scope scope;

    @BeforeEach
    void load() {
        collection = freshCollection();
        String neighbour = freshCollection();
        Ops ops = new Ops(http, SECRET_KEY, null);
        for (String c : List.of(collection, neighbour)) {
            for (int batch = 0; batch < 3; batch++) {
                List<Map<String, Object>> docs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    int n = batch * 1000 + i;
                    docs.add(Map.of("status", "s" + (n % 100), "price", n, "tags", List.of("t" + (n % 7)),
                            "items", List.of(Map.of("sku", "k" + (n % 500), "qty", n % 5), Map.of("sku", "x" + (n % 300)))));
                }
                ops.ok(Ops.op("collection.insert", c, "data", docs));
            }
        }
        db.sql("analyze documents").then().block();
        long projectId = keys.find(SECRET_KEY).block().projectId();
        scope = Scope.of(new Caller(projectId, Caller.KeyKind.SECRET, null), collection);
    }

    @Test
    void connections_plan_every_statement_with_its_parameters() {
        String mode = db.sql("show plan_cache_mode").map((row, meta) -> row.get(0, String.class)).one().block();
        assertThat(mode).isEqualTo("force_custom_plan");
    }

    @Test
    void equality_match_uses_the_gin_index_narrowed_by_project_and_collection() {
        Sql count = DocumentReadSql.count(scope, MatchParser.parse(Ops.json("{\"status\": \"s7\"}")));
        Sql find = DocumentReadSql.page(scope, MatchParser.parse(Ops.json("{\"status\": \"s7\"}")), SortParser.DEFAULT, 100, 0, null);
        for (int run = 0; run < 7; run++) { // past the point where a cached plan could turn generic
            assertThat(plan(count)).contains("Bitmap Index Scan on documents_body");
        }
        assertThat(plan(find)).contains("Bitmap Index Scan on documents_body");
    }

    @Test
    void equality_through_arrays_of_objects_and_with_object_or_array_operands_uses_the_gin_index() {
        List<String> matches = List.of(
                "{\"items.sku\": \"k7\"}",
                "{\"items\": {\"sku\": \"k7\", \"qty\": 2}}",
                "{\"items.sku:$in\": [\"k7\", \"x9\"]}",
                "{\"tags\": [\"t3\"]}",
                "{\"status\": \"s7\", \"items.qty\": 2}");
        for (String match : matches) {
            Sql count = DocumentReadSql.count(scope, MatchParser.parse(Ops.json(match)));
            for (int run = 0; run < 7; run++) {
                assertThat(plan(count)).as(match).contains("Bitmap Index Scan on documents_body");
            }
            Sql find = DocumentReadSql.page(scope, MatchParser.parse(Ops.json(match)), SortParser.DEFAULT, 100, 0, null);
            assertThat(plan(find)).as(match).contains("Bitmap Index Scan on documents_body");
        }
    }

    @Test
    void range_match_uses_an_expression_index_where_one_exists() {
        Sql range = DocumentReadSql.count(scope, MatchParser.parse(Ops.json("{\"price:$gte\": 2990}")));
        assertThat(plan(range)).doesNotContain("documents_price_test");
        db.sql("create index documents_price_test on documents (project_id, collection, (body #> '{price}')) where state = 'live'")
                .then().block();
        try {
            db.sql("analyze documents").then().block();
            for (int run = 0; run < 7; run++) {
                assertThat(plan(range)).contains("documents_price_test");
            }
        } finally {
            db.sql("drop index documents_price_test").then().block();
        }
    }

    private String plan(Sql sql) {
        Sql explain = new Sql("explain " + sql.text(), sql.params());
        return Statements.prepare(db, explain).map((row, meta) -> row.get(0, String.class)).all()
                .collect(Collectors.joining("\n")).block();
    }
}
