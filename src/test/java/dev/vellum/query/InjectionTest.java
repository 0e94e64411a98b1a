package dev.vellum.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Hostile field names and values only ever reach the parameters, never the SQL text. */
class InjectionTest {

    private static final List<String> HOSTILE = List.of(
            "a'); drop table documents; --", "$1", "\"", "`x`", "body", "x::jsonb", "owner", "1) or (1=1");

    private static final String OPS = ":$eq :$ne :$gt :$in :$nin :$exists";

    @Test
    void hostile_names_and_values_render_the_same_text_as_benign_ones() {
        for (String hostile : HOSTILE) {
            for (String op : ("" + " " + OPS).split(" ")) {
                Sql benign = render("p.x" + op, "v");
                Sql attacked = render("p." + hostile + op, hostile);
                assertEquals(benign.text(), attacked.text());
                assertFalse(attacked.text().contains(";") || attacked.text().contains("--")
                        || attacked.text().contains("`") || attacked.text().contains("\""), attacked.text());
                assertTrue(attacked.params().stream().anyMatch(p -> mentions(p, hostile)), attacked.params().toString());
            }
        }
    }

    private static Sql render(String key, String value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode match = nodes.objectNode();
        if (key.endsWith(":$in") || key.endsWith(":$nin")) {
            match.set(key, nodes.arrayNode().add(value));
        } else if (key.endsWith(":$exists")) {
            match.put(key, true);
        } else {
            match.put(key, value);
        }
        SqlBuilder builder = new SqlBuilder();
        ConditionRenderer.render(MatchParser.parse(match), builder);
        return builder.build();
    }

    private static boolean mentions(Object param, String hostile) {
        if (param instanceof String[] path) {
            return List.of(path).contains(hostile);
        }
        if (param instanceof String jsonPath) {
            return jsonPath.contains(JsonPathText.quoted(hostile));
        }
        return param instanceof JsonParam json && json.json().contains(hostile.replace("\"", "\\\""));
    }

    @Test
    void hostile_sort_fields_bind_as_parameters() {
        for (String hostile : HOSTILE) {
            String name = "p." + hostile.replace(",", "").replace(" ", "");
            SqlBuilder builder = new SqlBuilder();
            SortRenderer.render(SortParser.parse(name + " desc"), builder);
            assertEquals("order by body #> $1::text[] desc, key asc", builder.build().text());
        }
    }

    @Test
    void hostile_sort_fields_render_like_benign_ones_in_multi_key_sorts() {
        for (String hostile : HOSTILE) {
            String name = "p." + hostile.replace(",", "").replace(" ", "");
            Sql benign = sort("p.x asc, _modified_at desc, q.y");
            Sql attacked = sort(name + " asc, _modified_at desc, " + name);
            assertEquals(benign.text(), attacked.text());
            assertTrue(attacked.params().stream().allMatch(p -> p instanceof String[] path && List.of(path).contains(name.substring(2))),
                    attacked.params().toString());
        }
    }

    private static Sql sort(String sort) {
        SqlBuilder builder = new SqlBuilder();
        SortRenderer.render(SortParser.parse(sort), builder);
        return builder.build();
    }

    private static final List<String> SUFFIXES = List.of("", "_eq", "_ne", "_gt", "_gte", "_lt", "_lte", "_in", "_notin",
            "_contains", "_startswith", "_endswith", "_isnull");

    @Test
    void hostile_query_string_keys_and_values_only_reach_parameters() {
        List<String> hostile = new java.util.ArrayList<>(HOSTILE);
        hostile.addAll(List.of("%", "_", "\\", "x' escape '", "'", "]", "[or]"));
        for (String bad : hostile) {
            for (String suffix : SUFFIXES) {
                String value = suffix.equals("_isnull") ? "true" : "v";
                Sql benign = queryString("[or:g]p.x" + suffix, value);
                String badValue = suffix.equals("_isnull") ? "true" : "\"" + bad + "\"";
                Sql attacked = queryString("[or:g" + bad.replace("]", "") + "]p." + bad.replace(".", "") + suffix, badValue);
                assertEquals(benign.text(), attacked.text(), bad + suffix);
                assertFalse(attacked.text().contains(";") || attacked.text().contains("--")
                        || attacked.text().contains("`") || attacked.text().contains("\"")
                        || attacked.text().contains("drop"), attacked.text());
                if (!suffix.equals("_isnull")) {
                    assertTrue(attacked.params().stream().anyMatch(p -> mentions(p, bad) || p instanceof String pattern
                            && pattern.contains(TextPattern.escape(bad))), bad + suffix + " " + attacked.params());
                }
            }
        }
    }

    private static Sql queryString(String key, String value) {
        SqlBuilder builder = new SqlBuilder();
        ConditionRenderer.render(QueryStringParser.parse(java.util.Map.of(key, List.of(value)), java.util.Set.of()), builder);
        return builder.build();
    }

    // Projections are applied to rendered documents in Java (Projection.apply) and never reach SQL.

}
