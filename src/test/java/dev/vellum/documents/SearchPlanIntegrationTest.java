package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.docstore.Scope;
import dev.vellum.docstore.SearchSql;
import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks with EXPLAIN, on a few thousand documents, that the all-fields search is served by the
 * collection's own full-text GIN index once a first search had it built, and that a search in
 * named fields, which builds its vector per row, is not.
 */
class SearchPlanIntegrationTest extends DocumentsTestBase {

    @Autowired
    DatabaseClient db;
    @Autowired
    AsyncDbFactory dbs;
    @Autowired
    dev.vellum.indexing.IndexBuilder indexes;

    private Scope scope;

    @BeforeEach
    void load() {
        String collection = freshCollection();
        String neighbour = freshCollection();
        Caller service = new Caller(projectId(), Caller.KeyKind.SECRET, null);
        AsyncDb asyncDb = dbs.forCaller(service);
        for (String c : List.of(collection, neighbour)) {
            for (int batch = 0; batch < 3; batch++) {
                List<ObjectNode> docs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    int n = batch * 1000 + i;
                    ObjectNode doc = DocsClient.JSON.createObjectNode();
                    doc.put("title", "word" + (n % 100) + " common title");
                    doc.put("body", "some shared text about topic" + (n % 37));
                    docs.add(doc);
                }
                asyncDb.createDocuments(c, docs).then().block();
            }
        }
        db.sql("analyze documents").then().block();
        scope = Scope.of(service, collection);
    }

    @Test
    void all_fields_search_uses_the_search_index() {
        Sql search = SearchSql.search(scope, "word7", null, 20);
        assertThat(plan(search)).doesNotContain("Index Cond: (jsonb_to_tsvector");
        dbs.forCaller(new Caller(projectId(), Caller.KeyKind.SECRET, null))
                .searchDocuments(scope.collection(), "word7", null, 20).then().block();
        indexes.runOnce().block();
        String index = db.sql("select name from collection_indexes where project_id = $1 and collection = $2 and origin = 'search'")
                .bind(0, projectId()).bind(1, scope.collection()).map((row, meta) -> row.get("name", String.class)).one().block();
        for (int run = 0; run < 7; run++) { // past the point where a cached plan could turn generic
            assertThat(plan(search)).contains("Bitmap Index Scan on " + index);
        }
        Sql phrase = SearchSql.search(scope, "\"word42 common\"", null, 20);
        assertThat(plan(phrase)).contains(index);
    }

    @Test
    void named_fields_search_is_not_served_by_the_search_index() {
        Sql search = SearchSql.search(scope, "word7", new String[] {"title"}, 20);
        // The planner may still use documents_search's leading columns to narrow to the
        // collection, but the text match itself is a filter, never an index condition.
        assertThat(plan(search).lines().filter(line -> line.contains("Index Cond")))
                .noneMatch(line -> line.contains("@@"));
    }

    private String plan(Sql sql) {
        Sql explain = new Sql("explain " + sql.text(), sql.params());
        return Statements.prepare(db, explain).map((row, meta) -> row.get(0, String.class)).all()
                .collect(Collectors.joining("\n")).block();
    }
}
