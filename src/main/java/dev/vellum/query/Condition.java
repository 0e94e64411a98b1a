package dev.vellum.query;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** The filter AST both filter syntaxes compile to; every node evaluates to true or false, never unknown. */
public sealed interface Condition {

    /** All conditions hold; an empty list is "true". */
    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }
    }

    /** At least one condition holds; an empty list is "false". */
    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }
    }

    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition, "condition");
        }
    }

    /** {@code field op value}; for IN/NIN the value is a JSON array. A Java null means JSON null. */
    record Compare(FieldRef field, Op op, JsonNode value) implements Condition {
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            value = value == null || value.isMissingNode() ? NullNode.getInstance() : value;
        }
    }

    record Exists(FieldRef field, boolean exists) implements Condition {
        public Exists {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * The field is missing or JSON null ({@code isNull}), or present and not null. Unlike
     * equality with null, an array holding null is not null.
     */
    record IsNull(FieldRef field, boolean isNull) implements Condition {
        public IsNull {
            Objects.requireNonNull(field, "field");
        }
    }

    /** The condition that every document satisfies. */
    static Condition always() {
        return new All(List.of());
    }
}
