package dev.vellum.query;

import dev.vellum.query.Condition.All;
import dev.vellum.query.Condition.Any;
import dev.vellum.query.Condition.Compare;
import dev.vellum.query.Condition.Exists;
import dev.vellum.query.Condition.IsNull;
import dev.vellum.query.Condition.Not;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reference implementation of {@link ConditionRenderer}'s semantics on one document whose
 * system fields sit at top level; tests check the SQL against it.
 */
public final class InMemoryMatcher {

    private InMemoryMatcher() {
    }

    public static boolean matches(Condition condition, ObjectNode document) {
        if (condition instanceof All all) {
            return all.conditions().stream().allMatch(c -> matches(c, document));
        }
        if (condition instanceof Any any) {
            return any.conditions().stream().anyMatch(c -> matches(c, document));
        }
        if (condition instanceof Not not) {
            return !matches(not.condition(), document);
        }
        if (condition instanceof Exists exists) {
            return value(exists.field(), document).isPresent() == exists.exists();
        }
        if (condition instanceof IsNull isNull) {
            Optional<JsonNode> value = value(isNull.field(), document);
            return (value.isEmpty() || value.get().isNull()) == isNull.isNull();
        }
        if (condition instanceof Compare compare) {
            return compare(compare, document);
        }
        throw new IllegalStateException("unknown condition " + condition);
    }

    private static boolean compare(Compare c, ObjectNode document) {
        Optional<JsonNode> actual = value(c.field(), document);
        JsonNode expected = c.value();
        return switch (c.op()) {
            case EQ -> equal(c.field(), document, expected);
            case NE -> !equal(c.field(), document, expected);
            case IN -> in(c.field(), document, expected);
            case NIN -> !in(c.field(), document, expected);
            case GT, GTE, LT, LTE -> actual.isPresent() && range(c.field(), c.op(), actual.get(), expected);
            case CONTAINS, STARTSWITH, ENDSWITH -> actual.isPresent() && text(c.op(), actual.get(), expected.stringValue());
        };
    }

    /** A string tested itself, or an array with some string element passing the element test. */
    private static boolean text(Op op, JsonNode actual, String operand) {
        if (actual.isString()) {
            return TextPattern.test(op, actual.stringValue(), operand, false);
        }
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (element.isString() && TextPattern.test(op, element.stringValue(), operand, true)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The field's value; JSON null counts as missing for {@code _userkey} (a NULL column). */
    private static Optional<JsonNode> value(FieldRef field, ObjectNode document) {
        if (field instanceof SystemField system) {
            return Optional.ofNullable(document.get(system.publicName())).filter(v -> !v.isNull());
        }
        return JsonValues.lookup(document, ((BodyPath) field).segments());
    }

    private static boolean in(FieldRef field, ObjectNode document, JsonNode values) {
        for (JsonNode value : values) {
            if (equal(field, document, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(FieldRef field, ObjectNode document, JsonNode expected) {
        if (field instanceof SystemField system) {
            Optional<JsonNode> actual = value(field, document);
            if (expected.isNull()) {
                return actual.isEmpty();
            }
            return actual.isPresent() && compareSystem(system, actual.get(), expected) == 0;
        }
        List<JsonNode> found = bodyValues((BodyPath) field, document);
        if (expected.isNull() && found.isEmpty()) {
            return true;
        }
        for (JsonNode value : found) {
            if (JsonValues.equal(value, expected) || value.isArray() && JsonValues.arrayHolds(value, expected)) {
                return true;
            }
        }
        return false;
    }

    /** The values equality looks at: MongoDB's fan-out, or the one value a pointer path with an index reaches. */
    private static List<JsonNode> bodyValues(BodyPath path, ObjectNode document) {
        if (path.mayIndexArray()) {
            return JsonValues.lookup(document, path.segments()).stream().toList();
        }
        return JsonValues.fanOut(document, path.segments());
    }

    private static boolean range(FieldRef field, Op op, JsonNode actual, JsonNode bound) {
        int order;
        if (field instanceof SystemField system) {
            order = compareSystem(system, actual, bound);
        } else if (JsonValues.sameJsonType(actual, bound) && !actual.isContainer() && !actual.isNull()) {
            order = JsonValues.compareSameType(actual, bound);
        } else {
            return false;
        }
        return switch (op) {
            case GT -> order > 0;
            case GTE -> order >= 0;
            case LT -> order < 0;
            case LTE -> order <= 0;
            default -> throw new IllegalStateException(op + " is not a range operator");
        };
    }

    /** Compares a document's system value with an operand using the column's type. */
    private static int compareSystem(SystemField field, JsonNode actual, JsonNode operand) {
        Object expected = SystemValues.convert(field, operand, field.publicName());
        Object value = SystemValues.convert(field, actual, field.publicName());
        return switch (field) {
            case KEY, USERKEY -> JsonValues.compareCodePoints((String) value, (String) expected);
            case CREATED_AT, MODIFIED_AT -> ((OffsetDateTime) value).compareTo((OffsetDateTime) expected);
            case VERSION -> Long.compare((Long) value, (Long) expected);
        };
    }

}
