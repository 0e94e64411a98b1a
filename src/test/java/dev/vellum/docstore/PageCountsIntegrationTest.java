package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.config.VellumProperties;
import dev.vellum.query.Condition;
import dev.vellum.query.MatchParser;
import dev.vellum.query.SortParser;
import dev.vellum.sql.Sql;
import dev.vellum.store.CountMode;
import dev.vellum.store.Statements;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a page of documents sends to PostgreSQL to count its matches by default, recorded on a
 * proxied connection factory: a page of a large collection reads the page and asks the planner
 * (no statement reads the first {@code threshold + 1} matches); a match the planner expects to be
 * small is counted exactly, capped.
 */
class PageCountsIntegrationTest extends IntegrationTest {

    private static final int DOCUMENTS = 3_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ConnectionFactory connections;
    @Autowired
    DatabaseClient db;
    @Autowired
    ApiKeyStore keys;
    @Autowired
    VellumProperties properties;

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private DocumentReads reads;
    private PageCounts counts;
    private String collection;
    private long projectId;

    @BeforeEach
    void load() {
        collection = freshCollection();
        Ops ops = new Ops(http, SECRET_KEY, null);
        for (int batch = 0; batch < DOCUMENTS / 1000; batch++) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                docs.add(Map.of("n", batch * 1000 + i));
            }
            ops.ok(Ops.op("collection.insert", collection, "data", docs));
        }
        db.sql("analyze documents").then().block();
        projectId = keys.find(SECRET_KEY).block().projectId();
        ConnectionFactory recorded = ProxyConnectionFactory.builder(connections)
                .onBeforeQuery(query -> query.getQueries().forEach(q -> sent.add(q.getQuery()))).build();
        reads = new DocumentReads(DatabaseClient.create(recorded));
        counts = new PageCounts(reads, properties);
    }

    @Test
    void a_large_default_page_reads_the_page_and_asks_the_planner_without_counting() {
        Sql read = DocumentReadSql.page(scope(), all(), SortParser.DEFAULT, 20, 0, null);
        Page page = page(read, all(), 20, 0, CountMode.ESTIMATED);

        assertThat(page.rows()).hasSize(20);
        assertThat(page.hasNext()).isTrue();
        assertThat(page.countEstimated()).isTrue();
        assertThat(page.total()).isGreaterThan(1000);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isEqualTo(read.text());
        assertThat(sent.get(1)).startsWith("explain (format json) select 1 from documents");
        assertThat(rowsOfTheBusiestNode(read)).as("rows any plan node of the page produced or filtered out").isEqualTo(21);

        sent.clear();
        Sql next = DocumentReadSql.page(scope(), all(), SortParser.DEFAULT, 20, 20, null);
        Page second = page(next, all(), 20, 20, CountMode.ESTIMATED);
        assertThat(second.total()).isEqualTo(page.total());
        assertThat(sent).as("the next page reuses the estimate: one statement").containsExactly(next.text());
    }

    @Test
    void a_match_the_planner_expects_to_be_small_is_counted_exactly() {
        Condition few = MatchParser.parse(Ops.json("{\"n:$lt\": 30}"));
        Page page = page(DocumentReadSql.page(scope(), few, SortParser.parse("n asc"), 20, 0, null), few, 20, 0,
                CountMode.ESTIMATED);

        assertThat(page.rows()).hasSize(20);
        assertThat(page.hasNext()).isTrue();
        assertThat(page.countEstimated()).isFalse();
        assertThat(page.total()).isEqualTo(30);
        assertThat(sent).hasSize(3);
        assertThat(sent.get(1)).startsWith("explain (format json)");
        assertThat(sent.get(2)).startsWith("select count(*) as total from (select 1 from documents").endsWith(") as capped");
    }

    @Test
    void count_exact_counts_every_match() {
        Page page = page(DocumentReadSql.page(scope(), all(), SortParser.DEFAULT, 20, 40, null), all(), 20, 40, CountMode.EXACT);

        assertThat(page.total()).isEqualTo(DOCUMENTS);
        assertThat(page.countEstimated()).isFalse();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).startsWith("select count(*) as total from documents");
    }

    private Page page(Sql read, Condition match, int limit, int offset, CountMode mode) {
        return reads.rows(read).collectList().flatMap(rows -> counts.page(scope(), match, rows, limit, offset, mode)).block();
    }

    private static Condition all() {
        return MatchParser.parse(Ops.json("{}"));
    }

    /** The largest "Actual Rows" of any node when PostgreSQL runs {@code sql}. */
    private long rowsOfTheBusiestNode(Sql sql) {
        String plan = Statements.prepare(db, new Sql("explain (analyze, format json) " + sql.text(), sql.params()))
                .map((row, meta) -> row.get(0, Json.class).asString()).one().block();
        return maxActualRows(JSON.readTree(plan).path(0).path("Plan"));
    }

    private static long maxActualRows(JsonNode node) {
        long rows = node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong();
        for (JsonNode child : node.path("Plans")) {
            rows = Math.max(rows, maxActualRows(child));
        }
        return rows;
    }

    private Scope scope() {
        return Scope.of(new Caller(projectId, Caller.KeyKind.SECRET, null), collection);
    }
}
