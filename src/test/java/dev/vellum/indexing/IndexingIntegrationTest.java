package dev.vellum.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.docstore.ShapeObservations;
import dev.vellum.support.IntegrationTest;
import io.r2dbc.spi.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Automatic and declared indexes against the real PostgreSQL: built after the threshold, used by
 * the planner for the renderer's own SQL, invisible in the answers (a differential check over
 * mixed-type data), bounded, cleaned up and retried, one builder at a time, listed.
 */
class IndexingIntegrationTest extends IntegrationTest {

    @Autowired
    IndexBuilder builder;
    @Autowired
    DatabaseClient db;
    @Autowired
    ConnectionFactory pool;
    @Autowired
    IndexingProperties properties;
    @Autowired
    ShapeObservations observations;
    @Autowired
    JsonMapper mapper;

    /**
     * Only this test's shapes compete for the builder's runs: the rest of the suite's queries
     * (other test classes share the context and the database) are forgotten first.
     */
    @org.junit.jupiter.api.BeforeEach
    void onlyThisTestsShapes() {
        observations.drain();
        db.sql("delete from index_candidates").then().block();
        noIndexes();
    }

    /**
     * An index on body fields serves every collection of the project (project 1 here): each test
     * starts without the ones earlier tests built, and leaves none to other test classes' plans.
     */
    @org.junit.jupiter.api.AfterEach
    void noIndexes() {
        db.sql("select distinct physical from collection_indexes").map((row, meta) -> row.get("physical", String.class)).all()
                .concatMap(physical -> db.sql("drop index if exists \"" + physical + "\"").then())
                .then(db.sql("delete from collection_indexes").then()).block();
    }

    /** {@code count} documents of mixed types under {@code age}: numbers, numeric strings, booleans, nulls, missing. */
    private String collectionWith(int count) {
        String c = freshCollection();
        db.sql("insert into collections (project_id, name) values (1, $1)").bind(0, c).then().block();
        db.sql("""
                insert into documents (project_id, collection, key, body, created_at, modified_at)
                select 1, $1, 'k' || lpad(i::text, 5, '0'),
                       case i % 7 when 0 then jsonb_build_object('age', (i % 90)::text, 'name', 'n' || (i % 13))
                                  when 1 then jsonb_build_object('name', 'n' || (i % 13))
                                  when 2 then jsonb_build_object('age', i % 2 = 0, 'name', 'n' || (i % 13))
                                  when 3 then jsonb_build_object('age', null, 'name', 'n' || (i % 13))
                                  else jsonb_build_object('age', (i % 90) + 0.5 * (i % 2), 'name', 'n' || (i % 13)) end,
                       now(), now()
                from generate_series(1, $2) as i""").bind(0, c).bind(1, count).then().block();
        db.sql("analyze documents").then().block();
        return c;
    }

    private JsonNode find(String collection, String match, String sort) {
        String body = "{\"op\": \"collection.find\", \"collection\": \"" + collection + "\", \"match\": " + match
                + (sort == null ? "" : ", \"sort\": \"" + sort + "\"") + ", \"limit\": 1000}";
        return mapper.readTree(http.post().uri("/v1/datastore").header("X-Api-Key", SECRET_KEY)
                .header("Content-Type", "application/json").bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private static List<String> keys(JsonNode answer) {
        List<String> keys = new ArrayList<>();
        answer.get("data").forEach(d -> keys.add(d.get("_key").asString()));
        return keys;
    }

    /** The queries of the differential check: ranges of every type bracket, both orders, and a sort alone. */
    private List<List<String>> answers(String c) {
        List<List<String>> all = new ArrayList<>();
        all.add(keys(find(c, "{\"age:$gte\": 18}", "age asc")));
        all.add(keys(find(c, "{\"age:$gte\": 18}", "age desc")));
        all.add(keys(find(c, "{\"age:$lt\": 30.5}", "age asc")));
        all.add(keys(find(c, "{\"age:$gt\": \"5\"}", "age asc")));
        all.add(keys(find(c, "{\"age:$gte\": true}", null)));
        all.add(keys(find(c, "{\"age:$gte\": 40, \"name\": \"n3\"}", "age asc")));
        all.add(keys(find(c, "{}", "age desc")));
        return all;
    }

    private List<Map<String, Object>> rows(String c) {
        // the name users see and EXPLAIN shows: the PostgreSQL index the collection's row is served by
        return db.sql("select physical as name, origin, status, spec::text as spec from collection_indexes where project_id = 1 and collection = $1 order by name")
                .bind(0, c).fetch().all().collectList().block();
    }

    private List<String> planIndexes(String c, String explainedQueryMatch, String sort) {
        // the same SQL the renderer sends for a find, planned with its values as a custom plan
        var condition = dev.vellum.query.MatchParser.parse(mapper.readTree(explainedQueryMatch));
        var sortKeys = sort == null ? List.<dev.vellum.query.SortKey>of() : dev.vellum.query.SortParser.parse(sort);
        var page = dev.vellum.docstore.DocumentReadSql.page(new dev.vellum.docstore.Scope(1, c, null), condition, sortKeys, 20, 0, null);
        String plan = dev.vellum.store.Statements.prepare(db, new dev.vellum.sql.Sql("explain (format json) " + page.text(), page.params()))
                .map((row, meta) -> row.get(0, String.class)).one().block();
        List<String> names = new ArrayList<>();
        collect(mapper.readTree(plan), names);
        return names;
    }

    private static void collect(JsonNode node, List<String> names) {
        if (node.isObject() && node.has("Index Name")) {
            names.add(node.get("Index Name").asString());
        }
        node.values().forEach(child -> collect(child, names));
    }

    @Test
    void recurring_ranges_and_sorts_get_an_index_the_planner_uses_and_the_answers_do_not_change() {
        String c = collectionWith(2000);
        List<List<String>> before = answers(c);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(c, "{\"age:$gte\": 18}", "age asc");
        }
        builder.runOnce().block();

        List<Map<String, Object>> built = rows(c);
        assertThat(built).extracting(r -> r.get("origin") + " " + r.get("status")).contains("auto ready");
        String rangeIndex = (String) built.stream().filter(r -> ((String) r.get("spec")).contains("number")).findFirst()
                .orElseThrow().get("name");
        assertThat(planIndexes(c, "{\"age:$gte\": 80}", "age asc")).contains(rangeIndex);
        assertThat(answers(c)).isEqualTo(before);
        assertThat(before.get(0)).isNotEmpty();
        assertThat(db.sql("select count(*) as n from pg_stats_ext_exprs where statistics_name = $1")
                .bind(0, IndexNames.statistics(List.of("age"))).map((row, meta) -> row.get("n", Long.class)).one().block())
                .as("the planner's statistics on age and its type, filled").isEqualTo(2L);

        db.sql("drop statistics " + IndexNames.statistics(List.of("age"))).then().block();
        builder.runOnce().block();
        assertThat(db.sql("select count(*) as n from pg_stats_ext_exprs where statistics_name = $1")
                .bind(0, IndexNames.statistics(List.of("age"))).map((row, meta) -> row.get("n", Long.class)).one().block())
                .as("a ready index without them gets them back").isEqualTo(2L);
    }

    @Test
    void a_small_collection_gets_no_index_but_the_shape_is_listed_as_a_suggestion() {
        String c = collectionWith(100);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(c, "{\"age:$lt\": 50}", null);
        }
        builder.runOnce().block();
        assertThat(rows(c)).isEmpty();
        JsonNode listing = list(c);
        assertThat(listing.get("suggestions").get(0).get("serves").asString()).isEqualTo("range age (number) asc");
        assertThat(listing.get("suggestions").get(0).get("shape").asString()).isEqualTo("age $lt number; order by _created_at desc");
        assertThat(listing.get("suggestions").get(0).get("queries").asLong()).isEqualTo(properties.minQueries());
    }

    @Test
    void two_builders_at_once_build_each_index_once() {
        String c = collectionWith(1000);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(c, "{}", "name desc");
        }
        IndexBuilder second = new IndexBuilder(db, pool, properties, observations, mapper);
        try {
            Mono.when(builder.runOnce(), second.runOnce()).block();
            Mono.when(builder.runOnce(), second.runOnce()).block();
        } finally {
            second.destroy();
        }
        assertThat(rows(c)).hasSize(1).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("ready"));
        assertThat(automaticIndexes()).isEqualTo(1L);
    }

    @Test
    void a_collection_gets_at_most_its_limit_of_automatic_indexes() {
        String c = collectionWith(1000);
        for (String field : List.of("a", "b", "d")) {
            for (int i = 0; i < properties.minQueries(); i++) {
                find(c, "{\"" + field + ":$gt\": 1}", null);
            }
        }
        builder.runOnce().block();
        builder.runOnce().block();
        assertThat(rows(c)).hasSize(properties.maxPerCollection());
    }

    @Test
    void an_automatic_index_unused_for_the_period_is_dropped() {
        String c = collectionWith(1000);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(c, "{\"age:$gte\": 70}", null);
        }
        builder.runOnce().block();
        String name = (String) rows(c).get(0).get("name");
        db.sql("update collection_indexes set scans_changed_at = now() - interval '8 days' where physical = $1")
                .bind(0, name).then().block();
        builder.runOnce().block();
        assertThat(rows(c)).isEmpty();
        assertThat(db.sql("select to_regclass($1) is null as gone").bind(0, name).map((row, meta) -> row.get("gone", Boolean.class))
                .one().block()).isTrue();
    }

    @Test
    void a_failed_build_is_cleaned_up_listed_and_retried() {
        String c = collectionWith(1000);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(c, "{\"age:$lte\": 60}", null);
        }
        // a table under the index's name makes the build fail
        String name = IndexNames.shared(1, mapper.writeValueAsString(dev.vellum.query.IndexSpec.range(List.of("age"), "number", false)));
        db.sql("create table " + name + " (x int)").then().block();
        builder.runOnce().block();
        assertThat(rows(c)).extracting(r -> r.get("status")).containsExactly("failed");
        assertThat(list(c).get("data").findValues("last_error").stream().anyMatch(e -> !e.isNull())).isTrue();

        db.sql("drop table " + name).then().block();
        db.sql("update collection_indexes set retry_at = now() where physical = $1").bind(0, name).then().block();
        builder.runOnce().block();
        assertThat(rows(c)).extracting(r -> r.get("status")).containsExactly("ready");
    }

    @Test
    void declared_indexes_are_built_used_listed_and_dropped_when_undeclared() {
        String c = collectionWith(600);
        db.sql("update collections set settings = settings || $2::jsonb where project_id = 1 and name = $1").bind(0, c)
                .bind(1, "{\"indexes\": [{\"fields\": [[\"name\", \"asc\"], [\"age\", \"desc\"]]}]}").then().block();
        builder.runOnce().block();
        List<Map<String, Object>> built = rows(c);
        assertThat(built).extracting(r -> r.get("origin") + " " + r.get("status")).containsExactly("declared ready");
        String name = (String) built.get(0).get("name");
        assertThat(planIndexes(c, "{}", "name asc, age desc")).contains(name);

        http.delete().uri("/v1/collections/" + c + "/indexes/" + name).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isEqualTo(409);

        db.sql("update collections set settings = settings - 'indexes' where project_id = 1 and name = $1").bind(0, c)
                .then().block();
        builder.runOnce().block();
        assertThat(rows(c)).isEmpty();
    }

    @Test
    void a_searched_collection_gets_its_full_text_index_and_the_search_uses_it() {
        String c = collectionWith(600);
        http.get().uri("/v1/collections/" + c + "/search?q=n3").header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk();
        builder.runOnce().block();
        List<Map<String, Object>> built = rows(c);
        assertThat(built).extracting(r -> r.get("origin") + " " + r.get("status")).containsExactly("search ready");
        var search = dev.vellum.docstore.SearchSql.search(new dev.vellum.docstore.Scope(1, c, null), "n3", null, 20);
        String plan = dev.vellum.store.Statements.prepare(db, new dev.vellum.sql.Sql("explain (format json) " + search.text(), search.params()))
                .map((row, meta) -> row.get(0, String.class)).one().block();
        assertThat(plan).contains((String) built.get(0).get("name"));
    }

    @Test
    void with_automatic_indexing_off_nothing_is_built_and_suggestions_stay_visible() {
        String c = collectionWith(1000);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(c, "{\"age:$gt\": 10}", null);
        }
        IndexBuilder manual = builderWith(false, properties.maxPerProject(), properties.buildTimeout());
        try {
            manual.runOnce().block();
        } finally {
            manual.destroy();
        }
        assertThat(rows(c)).isEmpty();
        assertThat(list(c).get("suggestions")).hasSize(1);
    }

    @Test
    void the_listing_shows_shared_and_own_indexes_and_an_automatic_one_can_be_dropped() {
        String c = collectionWith(1000);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(c, "{\"age:$gte\": 1}", "age desc");
        }
        builder.runOnce().block();
        JsonNode listing = list(c);
        assertThat(listing.get("data").findValuesAsString("origin")).contains("builtin", "auto");
        JsonNode auto = null;
        for (JsonNode index : listing.get("data")) {
            if (index.get("origin").asString().equals("auto")) {
                auto = index;
            }
        }
        assertThat(auto.get("serves").asString()).isEqualTo("range age (number) desc");
        assertThat(auto.get("status").asString()).isEqualTo("ready");
        assertThat(auto.get("size_bytes").asLong()).isPositive();
        assertThat(auto.get("shapes").get(0).asString()).isEqualTo("age $gte number; order by age desc");
        assertThat(auto.get("fields").toString()).isEqualTo("[[\"age\",\"desc\"]]");

        http.delete().uri("/v1/collections/" + c + "/indexes/" + auto.get("name").asString()).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.deleted").isEqualTo(true);
        assertThat(rows(c)).isEmpty();
        http.delete().uri("/v1/collections/" + c + "/indexes/" + auto.get("name").asString()).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void indexes_are_for_the_secret_key_and_existing_collections() {
        String c = collectionWith(10);
        http.get().uri("/v1/collections/" + c + "/indexes").header("X-Api-Key", PUBLIC_KEY)
                .header("Authorization", "Bearer " + userToken(1, "idx-user"))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/v1/collections/" + freshCollection() + "/indexes").header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error.code").isEqualTo("COLLECTION_NOT_FOUND");
    }

    @Test
    void collections_of_a_project_share_one_index_each_as_if_it_were_its_own() {
        String a = collectionWith(2000);
        String b = collectionWith(1500);
        List<List<String>> beforeA = answers(a);
        List<List<String>> beforeB = answers(b);
        for (String c : List.of(a, b)) {
            for (int i = 0; i < properties.minQueries(); i++) {
                find(c, "{\"age:$gte\": 18}", "age asc");
            }
        }
        builder.runOnce().block();

        assertThat(rows(a)).extracting(r -> r.get("status")).containsExactly("ready");
        assertThat(rows(b)).extracting(r -> r.get("status")).containsExactly("ready");
        String shared = (String) rows(a).get(0).get("name");
        assertThat(rows(b).get(0).get("name")).isEqualTo(shared);
        assertThat(automaticIndexes()).as("one PostgreSQL index for both").isEqualTo(1L);
        assertThat(planIndexes(a, "{\"age:$gte\": 80}", "age asc")).contains(shared);
        assertThat(planIndexes(b, "{\"age:$gte\": 80}", "age asc")).contains(shared);
        assertThat(answers(a)).isEqualTo(beforeA).isNotEqualTo(beforeB);
        assertThat(answers(b)).isEqualTo(beforeB);
        assertThat(list(a).get("data").findValues("collections").stream().map(JsonNode::asLong).toList()).contains(2L);

        http.delete().uri("/v1/collections/" + a + "/indexes/" + shared).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk();
        assertThat(rows(a)).isEmpty();
        assertThat(automaticIndexes()).as("still serving the other collection").isEqualTo(1L);
        assertThat(planIndexes(b, "{\"age:$gte\": 80}", "age asc")).contains(shared);
        http.delete().uri("/v1/collections/" + b + "/indexes/" + shared).header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk();
        assertThat(automaticIndexes()).as("dropped with the last collection it served").isZero();
    }

    @Test
    void the_projects_limit_counts_indexes_not_the_collections_that_share_them() {
        String a = collectionWith(1000);
        String b = collectionWith(1000);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(a, "{\"age:$gt\": 10}", null);
        }
        IndexBuilder limited = builderWith(true, 1, properties.buildTimeout());
        try {
            limited.runOnce().block();
            for (int i = 0; i < properties.minQueries(); i++) {
                find(b, "{\"age:$gt\": 10}", null);
                find(b, "{\"name:$gt\": \"n\"}", null);
            }
            limited.runOnce().block();
        } finally {
            limited.destroy();
        }
        assertThat(rows(a)).hasSize(1);
        assertThat(rows(b)).as("the shared age index, not a second one on name").hasSize(1)
                .allSatisfy(r -> assertThat((String) r.get("spec")).contains("age"));
        assertThat(automaticIndexes()).isEqualTo(1L);
        assertThat(list(b).get("suggestions").findValuesAsString("serves")).containsExactly("range name (string) asc");
    }

    @Test
    void a_failed_shared_build_is_tried_once_per_run_and_collections_waiting_for_it_get_it_once_it_is_built() {
        String a = collectionWith(1000);
        String b = collectionWith(1000);
        for (String c : List.of(a, b)) {
            for (int i = 0; i < properties.minQueries(); i++) {
                find(c, "{\"age:$lte\": 60}", null);
            }
        }
        String name = IndexNames.shared(1, mapper.writeValueAsString(dev.vellum.query.IndexSpec.range(List.of("age"), "number", false)));
        db.sql("create table " + name + " (x int)").then().block();
        builder.runOnce().block();
        List<Map<String, Object>> failed = new ArrayList<>(rows(a));
        failed.addAll(rows(b));
        assertThat(failed).as("one failed build, the other collection waits").extracting(r -> r.get("status")).containsExactly("failed");

        db.sql("drop table " + name).then().block();
        builder.runOnce().block();
        assertThat(rows(a)).extracting(r -> r.get("status")).containsExactly("ready");
        assertThat(rows(b)).extracting(r -> r.get("status")).containsExactly("ready");
        assertThat(automaticIndexes()).isEqualTo(1L);
    }

    /** A build reads the whole table: its session's statements are bounded by the build timeout, not a request's. */
    @Test
    void the_builders_statements_are_bounded_by_the_build_timeout() {
        String c = collectionWith(2000);
        for (int i = 0; i < properties.minQueries(); i++) {
            find(c, "{\"age:$gt\": 3}", null);
        }
        IndexBuilder hurried = builderWith(true, properties.maxPerProject(), java.time.Duration.ofMillis(1));
        try {
            // with 1 ms any statement of the session may be the one cancelled: only the outcome is certain
            hurried.runOnce().onErrorResume(e -> Mono.empty()).block();
        } finally {
            hurried.destroy();
        }
        assertThat(rows(c)).as("no index built within 1 ms").allSatisfy(r -> assertThat(r.get("status")).isEqualTo("failed"));
        assertThat(automaticIndexes()).isZero();
    }

    /** A second builder with the test settings but these (destroy it after use). */
    private IndexBuilder builderWith(boolean auto, int maxPerProject, java.time.Duration buildTimeout) {
        return new IndexBuilder(db, pool, new IndexingProperties(auto, properties.interval(), properties.minQueries(),
                properties.minDocuments(), properties.maxPerCollection(), maxPerProject,
                properties.unusedAfter(), properties.retryAfter(), properties.buildsPerRun(), buildTimeout),
                observations, mapper);
    }

    private long automaticIndexes() {
        return db.sql("select count(*) as n from pg_indexes where tablename = 'documents' and indexname like 'vellum\\_ix\\_%'")
                .map((row, meta) -> row.get("n", Long.class)).one().block();
    }

    private JsonNode list(String c) {
        return mapper.readTree(http.get().uri("/v1/collections/" + c + "/indexes").header("X-Api-Key", SECRET_KEY)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }
}
