package dev.vellum.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Shared helpers for query tests: JSON literals with single quotes, rendering, error checks. */
final class QueryFixtures {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private QueryFixtures() {
    }

    /** Parses JSON written with single quotes for readability. */
    static JsonNode json(String singleQuoted) {
        return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    static ObjectNode doc(String singleQuoted) {
        return (ObjectNode) json(singleQuoted);
    }

    static Sql render(String match) {
        SqlBuilder sql = new SqlBuilder();
        ConditionRenderer.render(MatchParser.parse(json(match)), sql);
        return sql.build();
    }

    static JsonParam j(String singleQuoted) {
        return new JsonParam(singleQuoted.replace('\'', '"'));
    }

    /** Parameters with arrays turned into lists, so they compare by value. */
    static List<Object> params(Sql sql) {
        return sql.params().stream()
                .map(p -> p instanceof Object[] array ? (Object) Arrays.asList(array) : p)
                .toList();
    }

    static void assertSql(Sql sql, String text, Object... params) {
        assertEquals(text, sql.text());
        assertEquals(Arrays.asList(params), params(sql));
    }

    static VellumException assertInvalid(String field, Executable call) {
        VellumException e = assertThrows(VellumException.class, call);
        assertEquals(ErrorCode.VALIDATION_ERROR, e.code());
        assertEquals(field, e.details().get("field"), e.getMessage());
        return e;
    }
}
