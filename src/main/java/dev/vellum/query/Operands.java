package dev.vellum.query;

import dev.vellum.query.Condition.Compare;
import java.util.Iterator;
import tools.jackson.databind.JsonNode;

/** Checks an operator's operand against the field it applies to before it enters the AST. */
final class Operands {

    /**
     * Each value of a body-field {@code $in} becomes its own indexed test; past a thousand the
     * planning alone takes longer than a request should (10 000 took about a second).
     */
    static final int MAX_LIST = 1000;

    private Operands() {
    }

    static Compare compare(FieldRef field, Op op, JsonNode value, String key) {
        switch (op) {
            case IN, NIN -> {
                if (!value.isArray()) {
                    throw QueryErrors.invalid(key, op.token() + " needs an array");
                }
                if (value.size() > MAX_LIST) {
                    throw QueryErrors.invalid(key, op.token() + " takes at most " + MAX_LIST + " values");
                }
                for (JsonNode element : value) {
                    checkEquality(field, element, key);
                }
            }
            case GT, GTE, LT, LTE -> {
                if (value.isNull() || value.isContainer()) {
                    throw QueryErrors.invalid(key, op.token() + " needs a string, number or boolean bound");
                }
                if (field instanceof SystemField system) {
                    SystemValues.convert(system, value, key);
                }
            }
            case EQ, NE -> checkEquality(field, value, key);
            case CONTAINS, STARTSWITH, ENDSWITH -> checkText(field, op, value, key);
        }
        return new Compare(field, op, value);
    }

    private static void checkText(FieldRef field, Op op, JsonNode value, String key) {
        if (!value.isString()) {
            throw QueryErrors.invalid(key, op.token() + " needs a string");
        }
        if (field instanceof SystemField system && system != SystemField.KEY && system != SystemField.USERKEY) {
            throw QueryErrors.invalid(key, op.token() + " applies to text, not to " + system.publicName());
        }
    }

    private static void checkEquality(FieldRef field, JsonNode value, String key) {
        if (field instanceof SystemField system) {
            if (!(system == SystemField.USERKEY && value.isNull())) {
                SystemValues.convert(system, value, key);
            }
        } else if (value.isObject() && hasOperatorKey(value)) {
            // {"age": {"$gte": 18}} is MongoDB syntax; here it would silently mean exact equality.
            throw QueryErrors.invalid(key, "operators are written as 'field:$op' keys, not nested objects");
        }
    }

    private static boolean hasOperatorKey(JsonNode object) {
        Iterator<String> names = object.propertyNames().iterator();
        while (names.hasNext()) {
            if (names.next().startsWith("$")) {
                return true;
            }
        }
        return false;
    }
}
