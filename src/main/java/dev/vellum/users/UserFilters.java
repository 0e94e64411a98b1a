package dev.vellum.users;

import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.Condition.All;
import dev.vellum.query.Condition.Any;
import dev.vellum.query.Condition.Compare;
import dev.vellum.query.Condition.Exists;
import dev.vellum.query.Condition.IsNull;
import dev.vellum.query.Condition.Not;
import dev.vellum.query.FieldRef;
import dev.vellum.query.SortKey;
import dev.vellum.query.SystemField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks the fields a user filter or sort names. Users are filtered like documents over a body of
 * {@code {"email", "roles", "data"}} (see {@link UserQuerySql}): {@code email}, {@code roles}
 * ({@code role} is accepted as the Cocobase alias), {@code data.<field>}, and the system fields
 * {@code id}, {@code created_at}, {@code updated_at}. Anything else is refused rather than
 * silently matching nothing.
 */
public final class UserFilters {

    private UserFilters() {
    }

    /** The condition with {@code role} renamed to {@code roles}; a field users do not have is a VALIDATION_ERROR. */
    public static Condition check(Condition condition) {
        if (condition == null) {
            return Condition.always();
        }
        if (condition instanceof All all) {
            return new All(each(all.conditions()));
        }
        if (condition instanceof Any any) {
            return new Any(each(any.conditions()));
        }
        if (condition instanceof Not not) {
            return new Not(check(not.condition()));
        }
        if (condition instanceof Compare c) {
            return new Compare(field(c.field()), c.op(), c.value());
        }
        if (condition instanceof Exists e) {
            return new Exists(field(e.field()), e.exists());
        }
        IsNull n = (IsNull) condition;
        return new IsNull(field(n.field()), n.isNull());
    }

    /** {@code created_at} (default), {@code updated_at}, {@code email} or {@code id}; ties always by id. */
    public static List<SortKey> sort(String sort, boolean descending) {
        FieldRef field = switch (sort == null || sort.isEmpty() ? "created_at" : sort) {
            case "created_at" -> SystemField.CREATED_AT;
            case "updated_at" -> SystemField.MODIFIED_AT;
            case "id" -> SystemField.KEY;
            case "email" -> BodyPath.of("email");
            default -> throw VellumException.validation("users sort by created_at, updated_at, email or id",
                    Map.of("field", "sort"));
        };
        return List.of(new SortKey(field, descending));
    }

    private static List<Condition> each(List<Condition> conditions) {
        List<Condition> checked = new ArrayList<>(conditions.size());
        conditions.forEach(c -> checked.add(check(c)));
        return checked;
    }

    private static FieldRef field(FieldRef field) {
        if (field instanceof SystemField system) {
            if (system == SystemField.USERKEY) {
                throw unknown(system.publicName());
            }
            return system;
        }
        List<String> segments = ((BodyPath) field).segments();
        String first = segments.get(0);
        if (first.equals("role") && segments.size() == 1) {
            return BodyPath.of("roles");
        }
        boolean known = switch (first) {
            case "email", "roles" -> segments.size() == 1;
            case "data" -> segments.size() > 1;
            default -> false;
        };
        if (!known) {
            throw unknown(field.publicName());
        }
        return field;
    }

    private static VellumException unknown(String name) {
        return VellumException.validation("users can be filtered on email, roles, data.<field>, id, created_at and updated_at, not '"
                + name + "'", Map.of("field", name));
    }
}
