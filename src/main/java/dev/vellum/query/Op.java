package dev.vellum.query;

import java.util.Optional;

/** Comparison operators of the match/filter syntax ({@code field:$op}). */
public enum Op {
    EQ("$eq"), NE("$ne"), GT("$gt"), GTE("$gte"), LT("$lt"), LTE("$lte"), IN("$in"), NIN("$nin"),
    /** Case-insensitive substring of a string; on an array, some string element equal to it ignoring case. */
    CONTAINS("$contains"),
    /** Case-insensitive prefix of a string, or of some string element of an array. */
    STARTSWITH("$startswith"),
    /** Case-insensitive suffix of a string, or of some string element of an array. */
    ENDSWITH("$endswith");

    private final String token;

    Op(String token) {
        this.token = token;
    }

    /** The operator as clients write it, e.g. {@code $gte}. */
    public String token() {
        return token;
    }

    public boolean isRange() {
        return this == GT || this == GTE || this == LT || this == LTE;
    }

    /** The case-insensitive text tests, whose operand is always a string. */
    public boolean isText() {
        return this == CONTAINS || this == STARTSWITH || this == ENDSWITH;
    }

    /** The SQL comparison operator for range operators: our own constant text. */
    String sqlRange() {
        return switch (this) {
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw new IllegalStateException(this + " is not a range operator");
        };
    }

    public static Optional<Op> byToken(String token) {
        for (Op op : values()) {
            if (op.token.equals(token)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
