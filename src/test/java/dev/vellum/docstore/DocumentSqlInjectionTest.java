package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.query.Condition;
import dev.vellum.query.MatchParser;
import dev.vellum.query.SortParser;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every Datastore statement renders the same SQL text whatever the collection, owner, key, ref,
 * field names and values are: client input only ever travels as parameters.
 */
class DocumentSqlInjectionTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final List<String> HOSTILE = List.of(
            "a'); drop table documents; --", "$1", "\"", "`x`", "body", "x::jsonb", "owner", "1) or (1=1",
            "'; select pg_sleep(10); --", "$$", "$tag$", "E'\\x00'", "\\", "\u0000", "ünï🙂", "a".repeat(1000), "*/", "/*");

    private static final String BENIGN = "benign";

    @Test
    void reads_render_the_same_text_for_hostile_input() {
        for (String h : HOSTILE) {
            String sortName = "p." + h.replace(",", "").replace(" ", "").replace("\t", "");
            check(h, v -> DocumentReadSql.page(scope(v), match(v), SortParser.parse(sort(v, sortName)), 10, 0, null));
            check(h, v -> DocumentReadSql.count(scope(v), match(v)));
            check(h, v -> DocumentReadSql.byKeys(scope(v), new String[] {v, v + "2"}));
            check(h, v -> CollectionSql.exists(1, v));
        }
    }

    @Test
    void writes_render_the_same_text_for_hostile_input() {
        for (String h : HOSTILE) {
            check(h, v -> DocumentWriteSql.insert(scope(v), new String[] {v}, docs(v)));
            check(h, v -> DocumentWriteSql.updateByKeys(scope(v), keyedSets(v)));
            check(h, v -> DocumentWriteSql.updateByMatch(scope(v), match(v), sets(v)));
            for (HiddenState state : HiddenState.values()) {
                check(h, v -> DocumentWriteSql.hide(scope(v), match(v), state, state.newRef() + v));
            }
            check(h, v -> DocumentWriteSql.restore(scope(v), v));
            check(h, v -> CollectionSql.ensure(1, v));
            check(h, v -> DocumentWriteSql.upsertLock("1/" + v + "/" + v));
        }
    }

    @Test
    void a_secret_key_scope_renders_its_null_owner_as_a_parameter_too() {
        Scope service = new Scope(1, "c", null);
        Sql insert = DocumentWriteSql.insert(service, new String[] {"k"}, docs("v"));
        Sql asUser = DocumentWriteSql.insert(new Scope(1, "c", "u"), new String[] {"k"}, docs("v"));
        assertThat(insert.text()).isEqualTo(asUser.text());
    }

    /** Renders with a benign value and with the hostile one: same text, and the hostile one is in the parameters. */
    private static void check(String hostile, Function<String, Sql> render) {
        Sql benign = render.apply(BENIGN);
        Sql attacked = render.apply(hostile);
        assertThat(attacked.text()).as("rendered for %s", hostile).isEqualTo(benign.text());
        assertThat(attacked.params()).as("params for %s", hostile).hasSameSizeAs(benign.params());
        assertThat(attacked.params().stream().anyMatch(p -> mentions(p, hostile))).as("%s in %s", hostile, attacked.params()).isTrue();
    }

    private static Scope scope(String v) {
        return new Scope(1, v, v);
    }

    private static String sort(String v, String hostileName) {
        return (v.equals(BENIGN) ? "p.x" : hostileName) + " desc, _key asc";
    }

    /** Every match form the renderer has: body equality/in/range/exists, system fields, null and object values. */
    private static Condition match(String v) {
        String name = v.equals(BENIGN) ? "p.x" : "p." + v;
        ObjectNode match = JSON.createObjectNode();
        match.put(name, v);
        match.putArray(name + ":$in").add(v).add(1);
        match.putArray(name + ":$nin").add(v);
        match.put(name + ":$ne", v);
        match.put(name + ":$gte", v);
        match.put(name + ":$exists", true);
        match.putObject("q." + (v.equals(BENIGN) ? "y" : v)).put("k", v);
        match.putNull("n." + (v.equals(BENIGN) ? "z" : v));
        match.put("arr.0." + (v.equals(BENIGN) ? "w" : v), v);
        match.put("_key", v);
        match.put("_userkey", v);
        match.putArray("_key:$in").add(v);
        return MatchParser.parse(match);
    }

    private static String docs(String v) {
        ArrayNode docs = JSON.createArrayNode();
        ObjectNode doc = docs.addObject();
        doc.putObject("b").put(v, v);
        doc.set("s", JSON.readTree(sets(v)));
        return JSON.writeValueAsString(docs);
    }

    private static String sets(String v) {
        ArrayNode sets = JSON.createArrayNode();
        ObjectNode set = sets.addObject();
        set.putArray("p").add(v).add(v);
        set.put("v", v);
        sets.addObject().put("now", true).putArray("p").add(v);
        return JSON.writeValueAsString(sets);
    }

    private static String keyedSets(String v) {
        ArrayNode items = JSON.createArrayNode();
        items.addObject().put("k", v).set("s", JSON.readTree(sets(v)));
        return JSON.writeValueAsString(items);
    }

    private static boolean mentions(Object param, String hostile) {
        if (param instanceof String s) {
            return s.contains(hostile);
        }
        if (param instanceof String[] path) {
            return List.of(path).contains(hostile);
        }
        if (param instanceof JsonParam json) {
            return JSON.readTree(json.json()).toString().contains(JSON.writeValueAsString(hostile).replaceAll("^\"|\"$", ""));
        }
        return false;
    }
}
