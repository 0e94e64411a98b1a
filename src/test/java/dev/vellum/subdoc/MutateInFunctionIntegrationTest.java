package dev.vellum.subdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vellum.support.IntegrationTest;
import dev.vellum.support.Ops;
import io.r2dbc.postgresql.api.PostgresqlException;
import io.r2dbc.postgresql.codec.Json;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code vellum_mutate_in} (sql/R__vellum_mutate_in.sql) called directly against the real database,
 * per docs/subdoc-wire-format.md: returned version and results, the stored document after
 * success, and the unchanged document and version after every kind of failure.
 */
class MutateInFunctionIntegrationTest extends IntegrationTest {

    /** The seed's customer123 document. */
    static final String CUSTOMER = """
            {"name": "Douglas Reynholm", "email": "douglas@reynholmindustries.com",
             "addresses": {
               "billing": {"line1": "123 Any Street", "line2": "Anytown", "country": "United Kingdom"},
               "delivery": {"line1": "123 Any Street", "line2": "Anytown", "country": "United Kingdom"}},
             "purchases": {"complete": [339, 976, 442, 666], "abandoned": [157, 42, 999]}}""";
    static final String KEY = "customer123";
    static final String CALL = "select * from vellum_mutate_in($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    @Autowired
    DatabaseClient db;

    long project;
    String collection;

    record Outcome(long version, JsonNode results) {
    }

    record Failure(String sqlState, String code, String detail) {
    }

    record Row(String owner, JsonNode body, long version, String state, String stateRef,
            OffsetDateTime createdAt, OffsetDateTime modifiedAt, OffsetDateTime expiresAt) {
    }

    /** One mutate_in call: every parameter of the function, nulls bound with their types. */
    record Call(String key, String owner, Long cas, String semantics, String specs, Integer expiry, String durability) {
        Call owner(String o) {
            return new Call(key, o, cas, semantics, specs, expiry, durability);
        }

        Call cas(Long c) {
            return new Call(key, owner, c, semantics, specs, expiry, durability);
        }

        Call semantics(String s) {
            return new Call(key, owner, cas, s, specs, expiry, durability);
        }

        Call expiry(Integer e) {
            return new Call(key, owner, cas, semantics, specs, e, durability);
        }

        Call durability(String d) {
            return new Call(key, owner, cas, semantics, specs, expiry, d);
        }

        Call key(String k) {
            return new Call(k, owner, cas, semantics, specs, expiry, durability);
        }
    }

    @BeforeEach
    void fixture() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        project = db.sql("insert into projects (name, jwt_secret) values ($1, $2) returning id")
                .bind(0, "p_" + UUID.randomUUID()).bind(1, secret)
                .map((row, meta) -> row.get("id", Long.class)).one().block();
        collection = freshCollection();
        db.sql("insert into collections (project_id, name) values ($1, $2)").bind(0, project).bind(1, collection)
                .then().block();
        insertDoc(KEY, null, CUSTOMER, 1, "live", null);
    }

    // ---------------------------------------------------------------- helpers

    /** Specs written with single quotes for readability. */
    static String j(String text) {
        return text.replace('\'', '"');
    }

    static JsonNode json(String text) {
        return Ops.json(j(text));
    }

    static Call specs(String specs) {
        return new Call(KEY, null, null, "replace", j(specs), null, null);
    }

    void insertDoc(String key, String owner, String body, long version, String state, Integer expiresInSeconds) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                insert into documents (project_id, collection, key, owner, body, version, created_at, modified_at,
                                       state, state_ref, state_at, expires_at)
                values ($1, $2, $3, $4, $5, $6, now() - interval '1 day', now() - interval '1 day', $7,
                        case when $7 = 'live' then null else 'ref1' end,
                        case when $7 = 'live' then null else now() end,
                        now() + make_interval(secs => $8))""")
                .bind(0, project).bind(1, collection).bind(2, key)
                .bind(4, Json.of(j(body))).bind(5, version).bind(6, state);
        spec = owner == null ? spec.bindNull(3, String.class) : spec.bind(3, owner);
        spec = expiresInSeconds == null ? spec.bindNull(7, Double.class) : spec.bind(7, expiresInSeconds.doubleValue());
        spec.then().block();
    }

    Mono<Outcome> mono(Call c) {
        return bind(CALL, c).map((row, meta) -> new Outcome(row.get("version", Long.class),
                Ops.json(row.get("results", Json.class).asString()))).one();
    }

    /** sql with the call's nine parameters bound as $1..$9. */
    DatabaseClient.GenericExecuteSpec bind(String sql, Call c) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql)
                .bind(0, project).bind(1, collection).bind(2, c.key())
                .bind(5, c.semantics()).bind(6, Json.of(c.specs()));
        spec = c.owner() == null ? spec.bindNull(3, String.class) : spec.bind(3, c.owner());
        spec = c.cas() == null ? spec.bindNull(4, Long.class) : spec.bind(4, c.cas());
        spec = c.expiry() == null ? spec.bindNull(7, Integer.class) : spec.bind(7, c.expiry());
        return c.durability() == null ? spec.bindNull(8, String.class) : spec.bind(8, c.durability());
    }

    Outcome ok(Call c) {
        return mono(c).block();
    }

    Failure fail(Call c) {
        Throwable caught;
        try {
            mono(c).block();
            throw new AssertionError("expected the call to fail: " + c);
        } catch (RuntimeException e) {
            caught = e;
        }
        for (Throwable t = caught; t != null; t = t.getCause()) {
            if (t instanceof PostgresqlException pg) {
                return new Failure(pg.getErrorDetails().getCode(), pg.getErrorDetails().getMessage(),
                        pg.getErrorDetails().getDetail().orElse(""));
            }
        }
        throw new AssertionError("not a PostgreSQL error", caught);
    }

    /** Asserts the call fails with VSD01 / code / spec index ("" for document-level errors). */
    void assertFails(Call c, String code, String specIndex) {
        assertThat(fail(c)).isEqualTo(new Failure("VSD01", code, specIndex));
    }

    /** Asserts the call fails as expected and leaves customer123 exactly as it was. */
    void assertFailsUnchanged(Call c, String code, String specIndex) {
        Row before = row(c.key());
        assertFails(c, code, specIndex);
        Row after = row(c.key());
        assertThat(after).isEqualTo(before);
    }

    Row row(String key) {
        return db.sql("""
                select owner, body::text as body, version, state, state_ref, created_at, modified_at, expires_at
                from documents where project_id = $1 and collection = $2 and key = $3""")
                .bind(0, project).bind(1, collection).bind(2, key)
                .map((r, meta) -> new Row(r.get("owner", String.class), Ops.json(r.get("body", String.class)),
                        r.get("version", Long.class), r.get("state", String.class), r.get("state_ref", String.class),
                        r.get("created_at", OffsetDateTime.class), r.get("modified_at", OffsetDateTime.class),
                        r.get("expires_at", OffsetDateTime.class)))
                .one().block();
    }

    JsonNode body() {
        return row(KEY).body();
    }

    JsonNode customerWith(String pointer, String value) {
        JsonNode expected = Ops.json(CUSTOMER);
        return set(expected, pointer, json(value));
    }

    /** A copy of doc with the value at an existing parent's field (JSON pointer) set. */
    static JsonNode set(JsonNode doc, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        ((tools.jackson.databind.node.ObjectNode) doc.at(pointer.substring(0, slash))).set(pointer.substring(slash + 1), value);
        return doc;
    }

    static JsonNode results(String text) {
        return json(text);
    }

    // ---------------------------------------------------------------- upsert / insert / replace / remove

    @Test
    void upsert_creates_a_missing_field_and_overwrites_an_existing_one() {
        Outcome out = ok(specs("[{'op': 'upsert', 'path': ['fax'], 'values': ['311-555-0151']},"
                + " {'op': 'upsert', 'path': ['addresses', 'delivery', 'country'], 'values': [{'code': 'GB'}]}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.results()).isEqualTo(results("[{}, {}]"));
        JsonNode expected = customerWith("/fax", "'311-555-0151'");
        set(expected, "/addresses/delivery/country", json("{'code': 'GB'}"));
        assertThat(body()).isEqualTo(expected);
    }

    @Test
    void upsert_with_an_index_replaces_that_element_and_an_index_beyond_the_array_is_path_not_found() {
        ok(specs("[{'op': 'upsert', 'path': ['purchases', 'complete', 1], 'values': ['x']},"
                + " {'op': 'upsert', 'path': ['purchases', 'abandoned', -1], 'values': [0]}]"));
        JsonNode expected = customerWith("/purchases/complete", "[339, 'x', 442, 666]");
        set(expected, "/purchases/abandoned", json("[157, 42, 0]"));
        assertThat(body()).isEqualTo(expected);
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['purchases', 'complete', 4], 'values': [1]}]"),
                "PATH_NOT_FOUND", "0");
    }

    @Test
    void upsert_without_the_immediate_parent_is_path_not_found_and_create_parents_creates_objects() {
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['level_0', 'level_1', 'foo'], 'values': [1]}]"),
                "PATH_NOT_FOUND", "0");
        Outcome out = ok(specs("[{'op': 'upsert', 'path': ['level_0', 'level_1', 'foo', 'bar', 'phone'],"
                + " 'values': [{'num': '311-555-0101', 'ext': 16}], 'create_parents': true}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(body()).isEqualTo(customerWith("/level_0",
                "{'level_1': {'foo': {'bar': {'phone': {'num': '311-555-0101', 'ext': 16}}}}}"));
    }

    @Test
    void create_parents_never_creates_array_elements() {
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['purchases', 'complete', 9, 'x'], 'values': [1], 'create_parents': true}]"),
                "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['list', 0, 'x'], 'values': [1], 'create_parents': true}]"),
                "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['list', 0], 'values': [1], 'create_parents': true}]"),
                "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'array_append', 'path': ['purchases', 'complete', 7], 'values': [1], 'create_parents': true}]"),
                "PATH_NOT_FOUND", "0");
    }

    @Test
    void insert_adds_a_missing_path_and_an_existing_path_is_path_exists() {
        Outcome out = ok(specs("[{'op': 'insert', 'path': ['purchases', 'pending'], 'values': [[42, true, 'None']]}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.results()).isEqualTo(results("[{}]"));
        assertThat(body()).isEqualTo(customerWith("/purchases/pending", "[42, true, 'None']"));
        assertFailsUnchanged(specs("[{'op': 'insert', 'path': ['purchases', 'complete'], 'values': [[42, true, 'None']]}]"),
                "PATH_EXISTS", "0");
        assertFailsUnchanged(specs("[{'op': 'insert', 'path': ['a', 'b'], 'values': [1]}]"), "PATH_NOT_FOUND", "0");
        // an index as insert's last component is refused (Java answers PATH_INVALID first)
        assertFailsUnchanged(specs("[{'op': 'insert', 'path': ['purchases', 'complete', 0], 'values': [1]}]"),
                "PATH_MISMATCH", "0");
        ok(specs("[{'op': 'insert', 'path': ['a', 'b'], 'values': [1], 'create_parents': true}]"));
        assertThat(body().at("/a")).isEqualTo(json("{'b': 1}"));
    }

    @Test
    void remove_and_replace_in_one_call_as_in_the_seed() {
        Outcome out = ok(specs("[{'op': 'remove', 'path': ['addresses', 'billing']},"
                + " {'op': 'replace', 'path': ['email'], 'values': ['dougr96@hotmail.com']}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.results()).isEqualTo(results("[{}, {}]"));
        JsonNode expected = customerWith("/email", "'dougr96@hotmail.com'");
        ((tools.jackson.databind.node.ObjectNode) expected.get("addresses")).remove("billing");
        assertThat(body()).isEqualTo(expected);
    }

    @Test
    void replace_and_remove_need_the_path() {
        assertFailsUnchanged(specs("[{'op': 'replace', 'path': ['fax'], 'values': [1]}]"), "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'replace', 'path': ['purchases', 'complete', 4], 'values': [1]}]"), "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'remove', 'path': ['fax']}]"), "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'remove', 'path': ['x', 'y']}]"), "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'remove', 'path': ['purchases', 'pending', -1]}]"), "PATH_NOT_FOUND", "0");
        ok(specs("[{'op': 'replace', 'path': ['purchases', 'complete', -1], 'values': ['last']}]"));
        assertThat(body().at("/purchases/complete")).isEqualTo(json("[339, 976, 442, 'last']"));
    }

    @Test
    void remove_minus_one_removes_the_last_element_and_an_index_removes_that_element() {
        ok(specs("[{'op': 'remove', 'path': ['purchases', 'complete', -1]}, {'op': 'remove', 'path': ['purchases', 'abandoned', 0]}]"));
        JsonNode expected = customerWith("/purchases/complete", "[339, 976, 442]");
        set(expected, "/purchases/abandoned", json("[42, 999]"));
        assertThat(body()).isEqualTo(expected);
    }

    @Test
    void a_path_whose_type_conflicts_with_the_document_is_path_mismatch() {
        // a key on an array, an index on an object, a key through a scalar: for every op
        for (String op : List.of("upsert", "insert", "replace", "array_append", "array_addunique")) {
            assertFailsUnchanged(specs("[{'op': '" + op + "', 'path': ['purchases', 'complete', 'sierra'], 'values': [1]}]"),
                    "PATH_MISMATCH", "0");
            assertFailsUnchanged(specs("[{'op': '" + op + "', 'path': ['name', 'first'], 'values': [1], 'create_parents': true}]"),
                    "PATH_MISMATCH", "0");
        }
        assertFailsUnchanged(specs("[{'op': 'remove', 'path': ['addresses', 0]}]"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['addresses', 0, 'n'], 'delta': 1}]"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'array_insert', 'path': ['addresses', 0], 'values': [1]}]"), "PATH_MISMATCH", "0");
    }

    // ---------------------------------------------------------------- arrays

    @Test
    void array_append_and_prepend_as_in_the_seed() {
        Outcome out = ok(specs("[{'op': 'array_append', 'path': ['purchases', 'complete'], 'values': [777]},"
                + " {'op': 'array_prepend', 'path': ['purchases', 'abandoned'], 'values': [18]}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.results()).isEqualTo(results("[{}, {}]"));
        JsonNode expected = customerWith("/purchases/complete", "[339, 976, 442, 666, 777]");
        set(expected, "/purchases/abandoned", json("[18, 157, 42, 999]"));
        assertThat(body()).isEqualTo(expected);
    }

    @Test
    void several_values_are_added_in_order_and_an_array_value_is_one_nested_element() {
        ok(specs("[{'op': 'array_append', 'path': ['purchases', 'complete'], 'values': [1, 2, [3, 4]]},"
                + " {'op': 'array_prepend', 'path': ['purchases', 'abandoned'], 'values': ['a', {'b': 1}]}]"));
        assertThat(body().at("/purchases/complete")).isEqualTo(json("[339, 976, 442, 666, 1, 2, [3, 4]]"));
        assertThat(body().at("/purchases/abandoned")).isEqualTo(json("['a', {'b': 1}, 157, 42, 999]"));
    }

    @Test
    void array_append_needs_an_array_target_or_create_parents() {
        assertFailsUnchanged(specs("[{'op': 'array_append', 'path': ['name'], 'values': [1]}]"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'array_prepend', 'path': ['addresses'], 'values': [1]}]"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'array_append', 'path': ['purchases', 'pending'], 'values': [1]}]"), "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'array_prepend', 'path': ['some', 'array'], 'values': [1]}]"), "PATH_NOT_FOUND", "0");
        ok(specs("[{'op': 'array_prepend', 'path': ['some', 'array'], 'values': ['Hello', 'World'], 'create_parents': true},"
                + " {'op': 'array_append', 'path': ['purchases', 'pending'], 'values': [5], 'create_parents': true}]"));
        assertThat(body().at("/some")).isEqualTo(json("{'array': ['Hello', 'World']}"));
        assertThat(body().at("/purchases/pending")).isEqualTo(json("[5]"));
    }

    @Test
    void array_insert_places_values_at_an_index_from_zero_to_length() {
        Outcome out = ok(specs("[{'op': 'array_insert', 'path': ['purchases', 'complete', 1], 'values': ['cruel', 'world']},"
                + " {'op': 'array_insert', 'path': ['purchases', 'complete', 0], 'values': ['first']},"
                + " {'op': 'array_insert', 'path': ['purchases', 'complete', 7], 'values': ['end']}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.results()).isEqualTo(results("[{}, {}, {}]"));
        assertThat(body()).isEqualTo(customerWith("/purchases/complete",
                "['first', 339, 'cruel', 'world', 976, 442, 666, 'end']"));
    }

    @Test
    void array_insert_beyond_the_length_is_path_not_found_and_a_non_array_parent_is_path_mismatch() {
        assertFailsUnchanged(specs("[{'op': 'array_insert', 'path': ['purchases', 'complete', 5], 'values': [1]}]"),
                "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'array_insert', 'path': ['purchases', 'pending', 0], 'values': [1]}]"),
                "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'array_insert', 'path': ['name', 0], 'values': [1]}]"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'array_insert', 'path': ['purchases', 'complete', 'x'], 'values': [1]}]"),
                "PATH_MISMATCH", "0");
    }

    @Test
    void array_addunique_adds_a_missing_value_once() {
        Outcome out = ok(specs("[{'op': 'array_addunique', 'path': ['purchases', 'complete'], 'values': [95]}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.results()).isEqualTo(results("[{}]"));
        assertThat(body()).isEqualTo(customerWith("/purchases/complete", "[339, 976, 442, 666, 95]"));
        assertFailsUnchanged(specs("[{'op': 'array_addunique', 'path': ['purchases', 'complete'], 'values': [95]}]"),
                "PATH_EXISTS", "0");
        ok(specs("[{'op': 'array_addunique', 'path': ['purchases', 'complete'], 'values': ['95']},"
                + " {'op': 'array_addunique', 'path': ['tags'], 'values': [true], 'create_parents': true},"
                + " {'op': 'array_addunique', 'path': ['tags'], 'values': [null]}]"));
        assertThat(body().at("/purchases/complete")).isEqualTo(json("[339, 976, 442, 666, 95, '95']"));
        assertThat(body().at("/tags")).isEqualTo(json("[true, null]"));
    }

    @Test
    void array_addunique_needs_an_array_of_primitives() {
        assertFailsUnchanged(specs("[{'op': 'array_addunique', 'path': ['purchases', 'missing'], 'values': [1]}]"),
                "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'array_addunique', 'path': ['name'], 'values': [1]}]"), "PATH_MISMATCH", "0");
        ok(specs("[{'op': 'upsert', 'path': ['objs'], 'values': [[1, {'a': 1}]]}, {'op': 'upsert', 'path': ['nested'], 'values': [[1, [2]]]},"
                + " {'op': 'upsert', 'path': ['floats'], 'values': [[1, 2.5]]}]"));
        assertFailsUnchanged(specs("[{'op': 'array_addunique', 'path': ['objs'], 'values': [2]}]"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'array_addunique', 'path': ['nested'], 'values': [2]}]"), "PATH_MISMATCH", "0");
        // Couchbase Server (the seed): an array holding floats is not a unique set either
        assertFailsUnchanged(specs("[{'op': 'array_addunique', 'path': ['floats'], 'values': [2]}]"), "PATH_MISMATCH", "0");
        // Java answers VALUE_CANT_INSERT for a non-primitive value; the function agrees if one arrives
        assertFailsUnchanged(specs("[{'op': 'array_addunique', 'path': ['purchases', 'complete'], 'values': [{'a': 1}]}]"),
                "VALUE_CANT_INSERT", "0");
    }

    @Test
    void a_root_array_document_takes_array_ops_on_the_empty_path() {
        insertDoc("my_array", null, "[]", 1, "live", null);
        Outcome out = ok(specs("[{'op': 'array_append', 'path': [], 'values': ['some element']}]").key("my_array"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(row("my_array").body()).isEqualTo(json("['some element']"));
        ok(specs("[{'op': 'array_append', 'path': [], 'values': ['elem1', 'elem2', 'elem3']},"
                + " {'op': 'array_append', 'path': [], 'values': [['elem4', 'elem5', 'elem6']]}]").key("my_array"));
        assertThat(row("my_array").body()).isEqualTo(
                json("['some element', 'elem1', 'elem2', 'elem3', ['elem4', 'elem5', 'elem6']]"));

        insertDoc("array", null, "[]", 1, "live", null);
        ok(specs("[{'op': 'array_append', 'path': [], 'values': ['hello', 'world']}]").key("array"));
        ok(specs("[{'op': 'array_insert', 'path': [1], 'values': ['cruel']}, {'op': 'array_prepend', 'path': [], 'values': [0]},"
                + " {'op': 'array_addunique', 'path': [], 'values': ['!']}, {'op': 'upsert', 'path': [0], 'values': ['zero']}]").key("array"));
        assertThat(row("array").body()).isEqualTo(json("['zero', 'hello', 'cruel', 'world', '!']"));
        assertThat(row("array").version()).isEqualTo(3);
    }

    @Test
    void a_root_array_document_refuses_what_does_not_fit() {
        insertDoc("arr", null, "[1]", 1, "live", null);
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': [], 'delta': 1}]").key("arr"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").key("arr"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'array_insert', 'path': [2], 'values': [1]}]").key("arr"), "PATH_NOT_FOUND", "0");
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': [], 'delta': 1}]"), "PATH_MISMATCH", "0");
        assertFailsUnchanged(specs("[{'op': 'array_append', 'path': [], 'values': [1]}]"), "PATH_MISMATCH", "0");
    }

    // ---------------------------------------------------------------- counters

    @Test
    void counter_creates_a_missing_path_and_returns_the_new_value() {
        Outcome out = ok(specs("[{'op': 'counter', 'path': ['logins'], 'delta': 1}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.results()).isEqualTo(results("[{'value': 1}]"));
        assertThat(body()).isEqualTo(customerWith("/logins", "1"));
        out = ok(specs("[{'op': 'counter', 'path': ['logins'], 'delta': 41}, {'op': 'counter', 'path': ['logins'], 'delta': -50}]"));
        assertThat(out.results()).isEqualTo(results("[{'value': 42}, {'value': -8}]"));
        assertThat(body().get("logins").asLong()).isEqualTo(-8);
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['stats', 'gold'], 'delta': 1}]"), "PATH_NOT_FOUND", "0");
        out = ok(specs("[{'op': 'counter', 'path': ['stats', 'gold'], 'delta': 1000, 'create_parents': true},"
                + " {'op': 'counter', 'path': ['stats', 'gold'], 'delta': -150},"
                + " {'op': 'counter', 'path': ['purchases', 'complete', 0], 'delta': 1}]"));
        assertThat(out.results()).isEqualTo(results("[{'value': 1000}, {'value': 850}, {'value': 340}]"));
        assertThat(body().at("/stats")).isEqualTo(json("{'gold': 850}"));
        assertThat(body().at("/purchases/complete/0").asLong()).isEqualTo(340);
    }

    @Test
    void counter_reaches_both_ends_of_signed_64_bits_and_never_wraps() {
        ok(specs("[{'op': 'upsert', 'path': ['hi'], 'values': [9223372036854775806]},"
                + " {'op': 'upsert', 'path': ['lo'], 'values': [-9223372036854775807]}]"));
        Outcome out = ok(specs("[{'op': 'counter', 'path': ['hi'], 'delta': 1}, {'op': 'counter', 'path': ['lo'], 'delta': -1}]"));
        assertThat(out.results()).isEqualTo(results("[{'value': 9223372036854775807}, {'value': -9223372036854775808}]"));
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['hi'], 'delta': 1}]"), "VALUE_CANT_INSERT", "0");
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['lo'], 'delta': -1}]"), "VALUE_CANT_INSERT", "0");
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['lo'], 'delta': -9223372036854775808}]"), "VALUE_CANT_INSERT", "0");
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['hi'], 'delta': 9223372036854775807}]"), "VALUE_CANT_INSERT", "0");
        out = ok(specs("[{'op': 'counter', 'path': ['hi'], 'delta': -9223372036854775808}]"));
        assertThat(out.results()).isEqualTo(results("[{'value': -1}]"));
        assertThat(body().get("hi").asLong()).isEqualTo(-1);
    }

    @Test
    void counter_on_a_number_outside_64_bits_is_number_too_big() {
        ok(specs("[{'op': 'upsert', 'path': ['big'], 'values': [9223372036854775808]},"
                + " {'op': 'upsert', 'path': ['small'], 'values': [-9223372036854775809]},"
                + " {'op': 'upsert', 'path': ['huge'], 'values': [1e30]}]"));
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['big'], 'delta': -1}]"), "NUMBER_TOO_BIG", "0");
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['small'], 'delta': 1}]"), "NUMBER_TOO_BIG", "0");
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': ['huge'], 'delta': 1}]"), "NUMBER_TOO_BIG", "0");
    }

    @Test
    void counter_on_a_non_integer_is_path_mismatch() {
        ok(specs("[{'op': 'upsert', 'path': ['f'], 'values': [1.5]}, {'op': 'upsert', 'path': ['g'], 'values': [2.0]},"
                + " {'op': 'upsert', 'path': ['n'], 'values': [null]}, {'op': 'upsert', 'path': ['b'], 'values': [true]}]"));
        for (String path : List.of("'f'", "'g'", "'n'", "'b'", "'name'", "'addresses'", "'purchases', 'complete'")) {
            assertFailsUnchanged(specs("[{'op': 'counter', 'path': [" + path + "], 'delta': 1}]"), "PATH_MISMATCH", "0");
        }
        assertFailsUnchanged(specs("[{'op': 'counter', 'path': [], 'delta': 1}]"), "PATH_MISMATCH", "0");
    }

    // ---------------------------------------------------------------- ordering, atomicity, depth

    @Test
    void a_later_spec_sees_the_earlier_ones() {
        Outcome out = ok(specs("[{'op': 'insert', 'path': ['a'], 'values': [{}]},"
                + " {'op': 'upsert', 'path': ['a', 'list'], 'values': [[]]},"
                + " {'op': 'array_append', 'path': ['a', 'list'], 'values': [1]},"
                + " {'op': 'counter', 'path': ['a', 'list', 0], 'delta': 2},"
                + " {'op': 'remove', 'path': ['name']},"
                + " {'op': 'insert', 'path': ['name'], 'values': ['Doug']},"
                + " {'op': 'replace', 'path': ['a', 'list', -1], 'values': ['x']},"
                + " {'op': 'counter', 'path': ['a', 'n'], 'delta': 5}]"));
        assertThat(out.version()).isEqualTo(2);
        assertThat(out.results()).isEqualTo(results("[{}, {}, {}, {'value': 3}, {}, {}, {}, {'value': 5}]"));
        JsonNode expected = customerWith("/a", "{'list': ['x'], 'n': 5}");
        set(expected, "/name", json("'Doug'"));
        assertThat(body()).isEqualTo(expected);
        // and a later spec fails on what an earlier one removed
        assertFailsUnchanged(specs("[{'op': 'remove', 'path': ['a']}, {'op': 'counter', 'path': ['a', 'n'], 'delta': 1}]"),
                "PATH_NOT_FOUND", "1");
    }

    @Test
    void the_third_of_three_specs_failing_leaves_the_first_two_unapplied() {
        String ok2 = "{'op': 'upsert', 'path': ['fax'], 'values': ['1']}, {'op': 'array_append', 'path': ['purchases', 'complete'], 'values': [1]}, ";
        assertFailsUnchanged(specs("[" + ok2 + "{'op': 'replace', 'path': ['nope'], 'values': [1]}]"), "PATH_NOT_FOUND", "2");
        assertFailsUnchanged(specs("[" + ok2 + "{'op': 'insert', 'path': ['fax'], 'values': [1]}]"), "PATH_EXISTS", "2");
        assertFailsUnchanged(specs("[" + ok2 + "{'op': 'counter', 'path': ['name'], 'delta': 1}]"), "PATH_MISMATCH", "2");
        assertFailsUnchanged(specs("[" + ok2 + "{'op': 'array_addunique', 'path': ['purchases', 'complete'], 'values': [1]}]"),
                "PATH_EXISTS", "2");
        assertFailsUnchanged(specs("[" + ok2 + "{'op': 'upsert', 'path': ['deep'], 'values': [" + nested(32) + "]}]"),
                "VALUE_TOO_DEEP", "2");
        ok(specs("[{'op': 'upsert', 'path': ['big'], 'values': [9223372036854775807]}]"));
        assertFailsUnchanged(specs("[" + ok2 + "{'op': 'counter', 'path': ['big'], 'delta': 1}]"), "VALUE_CANT_INSERT", "2");
        ok(specs("[{'op': 'upsert', 'path': ['big'], 'values': [9223372036854775808]}]"));
        assertFailsUnchanged(specs("[" + ok2 + "{'op': 'counter', 'path': ['big'], 'delta': 1}]"), "NUMBER_TOO_BIG", "2");
        assertThat(row(KEY).version()).isEqualTo(3);
        assertThat(body().has("fax")).isFalse();
    }

    /** A JSON value `levels` deep: [[...[0]...]] (a scalar is 1 level). */
    static String nested(int levels) {
        return "[".repeat(levels - 1) + "0" + "]".repeat(levels - 1);
    }

    static String keys(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> "'" + prefix + i + "'").collect(Collectors.joining(", "));
    }

    @Test
    void a_document_nests_at_most_32_levels() {
        // root is level 1: a value at a 31-component path sits at level 32
        ok(specs("[{'op': 'upsert', 'path': [" + keys("k", 31) + "], 'values': [{}], 'create_parents': true}]"));
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': [" + keys("k", 31) + "], 'values': [{'x': 1}]}]"),
                "VALUE_TOO_DEEP", "0");
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['fax'], 'values': [1]}, {'op': 'upsert', 'path': ['deep'], 'values': ["
                + nested(32) + "]}]"), "VALUE_TOO_DEEP", "1");
        ok(specs("[{'op': 'upsert', 'path': ['deep'], 'values': [" + nested(31) + "]}]"));
        // array ops: the values sit one level below the array
        String a30 = keys("a", 30);
        assertFailsUnchanged(specs("[{'op': 'array_append', 'path': [" + a30 + "], 'values': [[1]], 'create_parents': true}]"),
                "VALUE_TOO_DEEP", "0");
        ok(specs("[{'op': 'array_append', 'path': [" + a30 + "], 'values': [1], 'create_parents': true}]"));
        ok(specs("[{'op': 'array_prepend', 'path': [" + a30 + "], 'values': [[], {}]}]"));
        assertFailsUnchanged(specs("[{'op': 'array_prepend', 'path': [" + a30 + "], 'values': [2, [[]]]}]"), "VALUE_TOO_DEEP", "0");
        assertFailsUnchanged(specs("[{'op': 'array_insert', 'path': [" + a30 + ", 0], 'values': [{'x': 1}]}]"), "VALUE_TOO_DEEP", "0");
        ok(specs("[{'op': 'array_insert', 'path': [" + a30 + ", 0], 'values': [0]}]"));
        assertFailsUnchanged(specs("[{'op': 'insert', 'path': ['i'], 'values': [" + nested(32) + "]}]"), "VALUE_TOO_DEEP", "0");
        assertFailsUnchanged(specs("[{'op': 'replace', 'path': ['name'], 'values': [" + nested(32) + "]}]"), "VALUE_TOO_DEEP", "0");
    }

    // ---------------------------------------------------------------- document level

    @Test
    void replace_semantics_needs_the_document() {
        assertFails(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").key("missing"), "DOCUMENT_NOT_FOUND", "");
        assertThat(row("missing")).isNull();
    }

    @Test
    void upsert_semantics_creates_a_missing_document() {
        // the function no longer creates the collection (Java ensures it first, sql/V90): give it one
        String fresh = freshCollection();
        db.sql("insert into collections (project_id, name) values ($1, $2)").bind(0, project).bind(1, fresh).then().block();
        String previous = collection;
        collection = fresh;
        try {
            Outcome out = ok(specs("[{'op': 'counter', 'path': ['logins'], 'delta': 1}, {'op': 'upsert', 'path': ['name'], 'values': ['x']}]")
                    .key("new").semantics("upsert").owner("alice"));
            assertThat(out.version()).isEqualTo(1);
            assertThat(out.results()).isEqualTo(results("[{'value': 1}, {}]"));
            Row created = row("new");
            assertThat(created.body()).isEqualTo(json("{'logins': 1, 'name': 'x'}"));
            assertThat(created.owner()).isEqualTo("alice");
            assertThat(created.state()).isEqualTo("live");
            assertThat(created.createdAt()).isEqualTo(created.modifiedAt());
            assertThat(created.createdAt().getNano() % 1_000_000).isZero();
            assertThat(created.expiresAt()).isNull();
            // upsert semantics on an existing document modifies it
            out = ok(specs("[{'op': 'counter', 'path': ['logins'], 'delta': 1}]").key("new").semantics("upsert").owner("alice"));
            assertThat(out.version()).isEqualTo(2);
            assertThat(row("new").body()).isEqualTo(json("{'logins': 2, 'name': 'x'}"));
            assertThat(row("new").createdAt()).isEqualTo(created.createdAt());
        } finally {
            collection = previous;
        }
    }

    @Test
    void a_failing_spec_on_a_new_document_creates_nothing() {
        assertFails(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}, {'op': 'replace', 'path': ['b'], 'values': [1]}]")
                .key("new").semantics("upsert"), "PATH_NOT_FOUND", "1");
        assertThat(row("new")).isNull();
    }

    @Test
    void insert_semantics_creates_an_absent_document_and_refuses_an_existing_one() {
        Outcome out = ok(specs("[{'op': 'insert', 'path': ['username'], 'values': ['dreynholm']}]").key("new").semantics("insert"));
        assertThat(out.version()).isEqualTo(1);
        assertThat(row("new").body()).isEqualTo(json("{'username': 'dreynholm'}"));
        assertThat(row("new").owner()).isNull();
        assertFails(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").key("new").semantics("insert"), "DOCUMENT_EXISTS", "");
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").semantics("insert"), "DOCUMENT_EXISTS", "");
    }

    @Test
    void cas_must_match_the_current_version() {
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").cas(2L), "CAS_MISMATCH", "");
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").cas(0L).semantics("upsert"), "CAS_MISMATCH", "");
        Outcome out = ok(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").cas(1L));
        assertThat(out.version()).isEqualTo(2);
        out = ok(specs("[{'op': 'upsert', 'path': ['a'], 'values': [2]}]").cas(2L).semantics("upsert"));
        assertThat(out.version()).isEqualTo(3);
        assertThat(body().get("a").asInt()).isEqualTo(2);
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['a'], 'values': [3]}]").cas(2L), "CAS_MISMATCH", "");
        // a CAS names a version of an existing document: it never creates one
        assertFails(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").key("new").cas(1L).semantics("upsert"),
                "DOCUMENT_NOT_FOUND", "");
        assertThat(row("new")).isNull();
    }

    @Test
    void another_owners_document_is_absent_but_blocks_creation() {
        insertDoc("owned", "alice", CUSTOMER, 4, "live", null);
        Call bob = specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").key("owned").owner("bob");
        assertFailsUnchanged(bob, "DOCUMENT_NOT_FOUND", "");
        assertFailsUnchanged(bob.cas(4L), "DOCUMENT_NOT_FOUND", "");
        assertFailsUnchanged(bob.semantics("upsert"), "DOCUMENT_EXISTS", "");
        assertFailsUnchanged(bob.semantics("insert"), "DOCUMENT_EXISTS", "");
        // the owner, and a secret key (no owner), see it; the owner stays
        assertThat(ok(bob.owner("alice")).version()).isEqualTo(5);
        assertThat(ok(bob.owner(null).cas(5L)).version()).isEqualTo(6);
        assertThat(row("owned").owner()).isEqualTo("alice");
        // an unowned document is another owner's too for a signed-in user
        assertFailsUnchanged(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").owner("bob"), "DOCUMENT_NOT_FOUND", "");
    }

    @Test
    void deleted_archived_and_expired_rows_are_absent_and_replaced_on_create() {
        insertDoc("deleted", "bob", CUSTOMER, 7, "deleted", null); // the caller's own, like the archived one
        insertDoc("archived", "bob", CUSTOMER, 3, "archived", null); // the caller's own: another's restorable row blocks a create
        insertDoc("expired", "alice", CUSTOMER, 5, "live", -10);
        for (String key : List.of("deleted", "archived", "expired")) {
            Row before = row(key);
            Call call = specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").key(key);
            assertFailsUnchanged(call, "DOCUMENT_NOT_FOUND", "");
            assertFailsUnchanged(call.semantics("upsert").cas(before.version()), "DOCUMENT_NOT_FOUND", "");
            Outcome out = ok(call.semantics(key.equals("archived") ? "insert" : "upsert").owner("bob"));
            // the version keeps counting from the old row so an old CAS can never match
            assertThat(out.version()).isEqualTo(before.version() + 1);
            Row after = row(key);
            assertThat(after.body()).isEqualTo(json("{'a': 1}"));
            assertThat(after.owner()).isEqualTo("bob");
            assertThat(after.state()).isEqualTo("live");
            assertThat(after.stateRef()).isNull();
            assertThat(after.expiresAt()).isNull();
            assertThat(after.createdAt()).isAfter(before.createdAt()).isEqualTo(after.modifiedAt());
        }
    }

    @Test
    void expiry_is_set_kept_and_cleared() {
        Call touch = specs("[{'op': 'counter', 'path': ['n'], 'delta': 1}]");
        ok(touch.expiry(100));
        OffsetDateTime expires = row(KEY).expiresAt();
        OffsetDateTime now = db.sql("select now() as t").map((r, m) -> r.get("t", OffsetDateTime.class)).one().block();
        assertThat(Duration.between(now, expires).toSeconds()).isCloseTo(100, within(5L));
        ok(touch);
        assertThat(row(KEY).expiresAt()).isEqualTo(expires);
        ok(touch.expiry(0));
        assertThat(row(KEY).expiresAt()).isNull();
        Outcome out = ok(specs("[{'op': 'upsert', 'path': ['a'], 'values': [1]}]").key("new").semantics("insert").expiry(60));
        assertThat(out.version()).isEqualTo(1);
        assertThat(row("new").expiresAt()).isAfter(now.plusSeconds(50));
        // once it has expired it is gone
        ok(touch.expiry(1));
        db.sql("select pg_sleep(1.2)").then().block();
        assertFails(touch, "DOCUMENT_NOT_FOUND", "");
    }

    @Test
    void every_durability_level_is_accepted_and_sets_synchronous_commit_for_its_transaction() {
        String sessionDefault = synchronousCommit();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("none", "off");
        expected.put("majority", "on");
        expected.put("majority_and_persist_to_active", "on");
        expected.put("persist_to_majority", "remote_apply");
        expected.put(null, sessionDefault);
        long version = 1;
        for (Map.Entry<String, String> level : expected.entrySet()) {
            // current_setting is evaluated after the function ran, inside the same transaction
            List<Object> seen = bind("select v.version, current_setting('synchronous_commit') as sc"
                    + " from vellum_mutate_in($1, $2, $3, $4, $5, $6, $7, $8, $9) v",
                    specs("[{'op': 'counter', 'path': ['n'], 'delta': 1}]").durability(level.getKey()))
                    .map((r, m) -> List.<Object>of(r.get("version", Long.class), r.get("sc", String.class))).one().block();
            assertThat(seen).containsExactly(++version, level.getValue());
            // local to the statement's transaction
            assertThat(synchronousCommit()).isEqualTo(sessionDefault);
        }
        assertThat(body().get("n").asInt()).isEqualTo(5);
    }

    String synchronousCommit() {
        return db.sql("show synchronous_commit").map((r, m) -> r.get(0, String.class)).one().block();
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrent_appends_and_counters_on_one_document_all_apply() {
        List<Long> versions = Flux.range(0, 400)
                .flatMap(i -> mono(i % 2 == 0
                        ? specs("[{'op': 'array_append', 'path': ['purchases', 'complete'], 'values': ['v" + i + "']}]")
                        : specs("[{'op': 'counter', 'path': ['purchases', 'count'], 'delta': 1, 'create_parents': true}]")), 32)
                .map(Outcome::version).collectList().block();
        assertThat(versions).hasSize(400).doesNotHaveDuplicates();
        JsonNode complete = body().at("/purchases/complete");
        assertThat(complete).hasSize(4 + 200);
        Set<String> appended = new HashSet<>();
        for (int i = 4; i < complete.size(); i++) {
            appended.add(complete.get(i).asString());
        }
        Set<String> expected = IntStream.range(0, 400).filter(i -> i % 2 == 0).mapToObj(i -> "v" + i).collect(Collectors.toSet());
        assertThat(appended).isEqualTo(expected);
        assertThat(body().at("/purchases/count").asLong()).isEqualTo(200);
        assertThat(row(KEY).version()).isEqualTo(401);
    }

    @Test
    void two_hundred_concurrent_counters_rise_by_exactly_two_hundred() {
        ok(specs("[{'op': 'upsert', 'path': ['logins'], 'values': [1000]}]"));
        List<JsonNode> values = Flux.range(0, 200)
                .flatMap(i -> mono(specs("[{'op': 'counter', 'path': ['logins'], 'delta': 1}]")), 32)
                .map(o -> o.results().at("/0/value")).collectList().block();
        assertThat(values.stream().map(JsonNode::asLong).collect(Collectors.toSet()))
                .isEqualTo(IntStream.rangeClosed(1001, 1200).mapToObj(Long::valueOf).collect(Collectors.toSet()));
        assertThat(body().get("logins").asLong()).isEqualTo(1200);
    }

    @Test
    void twenty_concurrent_upserts_of_a_missing_document_create_it_once() {
        List<Outcome> outcomes = Flux.range(0, 20)
                .flatMap(i -> mono(specs("[{'op': 'array_append', 'path': ['items'], 'values': [" + i + "], 'create_parents': true}]")
                        .key("racy").semantics("upsert")), 20)
                .collectList().block();
        assertThat(outcomes.stream().map(Outcome::version).sorted().toList())
                .isEqualTo(IntStream.rangeClosed(1, 20).mapToObj(Long::valueOf).toList());
        JsonNode items = row("racy").body().get("items");
        assertThat(items).hasSize(20);
        Set<Integer> seen = new HashSet<>();
        items.forEach(n -> seen.add(n.asInt()));
        assertThat(seen).isEqualTo(IntStream.range(0, 20).boxed().collect(Collectors.toSet()));
        long rows = db.sql("select count(*) as n from documents where project_id = $1 and collection = $2 and key = 'racy'")
                .bind(0, project).bind(1, collection).map((r, m) -> r.get("n", Long.class)).one().block();
        assertThat(rows).isEqualTo(1);
    }
}
