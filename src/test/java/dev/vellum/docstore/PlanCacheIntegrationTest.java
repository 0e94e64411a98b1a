package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.Caller;
import dev.vellum.query.MatchParser;
import dev.vellum.query.SortParser;
import dev.vellum.sql.Sql;
import dev.vellum.store.Statements;
import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Which plans PostgreSQL really uses for Vellum's prepared statements, read from
 * {@code pg_prepared_statements} on the connection that ran them: a page of a find stays planned
 * with its values however often the same statement runs, so a selective match keeps its GIN
 * index after many runs with a dense one. (Under PostgreSQL's default {@code plan_cache_mode},
 * auto, this failed in the full suite: with many collections in the table the generic plan looked
 * cheaper after five runs and took over; see README, "Plans".)
 */
class PlanCacheIntegrationTest extends IntegrationTest {

    @Autowired
    ConnectionFactory connections;
    @Autowired
    DatabaseClient db;
    @Autowired
    ApiKeyStore keys;

    String collection;
    long projectId;

    @BeforeEach
    void load() {
        collection = freshCollection();
        Ops ops = new Ops(http, SECRET_KEY, null);
        for (int batch = 0; batch < 3; batch++) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = batch * 1000 + i;
                docs.add(Map.of("status", "s" + (n % 3), "city", "c" + (n % 1000), "n", n));
            }
            ops.ok(Ops.op("collection.insert", collection, "data", docs));
        }
        db.sql("analyze documents").then().block();
        projectId = keys.find(SECRET_KEY).block().projectId();
    }

    @Test
    void a_page_of_a_find_is_planned_with_its_values_however_often_it_runs() {
        Sql dense = DocumentReadSql.page(scope(), MatchParser.parse(Ops.json("{\"status\": \"s1\"}")), SortParser.DEFAULT, 20, 0, null);
        Sql selective = DocumentReadSql.page(scope(), MatchParser.parse(Ops.json("{\"city\": \"c7\"}")), SortParser.DEFAULT, 20, 0, null);
        assertThat(selective.text()).as("one statement, different values").isEqualTo(dense.text());

        // the pool's connection may have run this statement for an earlier test: count what these runs add
        List<Long> plans = onOneConnection(client -> plansOf(client, dense.text()).defaultIfEmpty(List.of(0L, 0L))
                .flatMap(before -> {
                    Mono<Void> runs = Mono.empty();
                    for (int run = 0; run < 7; run++) {
                        runs = runs.then(Statements.prepare(client, dense).fetch().all().then());
                    }
                    return runs.then(Statements.prepare(client, selective).fetch().all().then())
                            .then(plansOf(client, dense.text()))
                            .map(after -> List.of(after.get(0) - before.get(0), after.get(1) - before.get(1)));
                }));

        assertThat(plans).as("generic and custom plans these runs added").containsExactly(0L, 8L);
        Sql explain = new Sql("explain " + selective.text(), selective.params());
        String plan = Statements.prepare(db, explain).map((row, meta) -> row.get(0, String.class)).all()
                .collect(Collectors.joining("\n")).block();
        assertThat(plan).contains("Bitmap Index Scan on documents_body");
    }

    @Test
    void a_read_by_key_goes_through_the_function_that_keeps_one_plan() {
        String setting = db.sql("select array_to_string(proconfig, ',') as config from pg_proc where proname = 'vellum_key_get'")
                .map((row, meta) -> row.get("config", String.class)).one().block();
        assertThat(setting).isEqualTo("plan_cache_mode=force_generic_plan");

        Sql get = KeyedSql.get(DocumentAddress.of(new Caller(projectId, Caller.KeyKind.SECRET, null), collection, "k1"));
        assertThat(get.text()).contains("vellum_key_get(");
    }

    private Scope scope() {
        return Scope.of(new Caller(projectId, Caller.KeyKind.SECRET, null), collection);
    }

    /** generic_plans and custom_plans of the statement with this text, as this connection prepared it. */
    private static Mono<List<Long>> plansOf(DatabaseClient client, String text) {
        return client.sql("select generic_plans, custom_plans from pg_prepared_statements where statement = $1")
                .bind(0, text).map((row, meta) -> List.of(row.get(0, Long.class), row.get(1, Long.class))).one();
    }

    /** Runs {@code work} with a client that sends every statement over one connection of the pool. */
    private <T> T onOneConnection(Function<DatabaseClient, Mono<T>> work) {
        return Mono.usingWhen(Mono.from(connections.create()),
                (Connection connection) -> work.apply(DatabaseClient.create(new SingleConnectionFactory(connection, connections.getMetadata(), true))),
                Connection::close).block();
    }
}
