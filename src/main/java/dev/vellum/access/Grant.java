package dev.vellum.access;

import dev.vellum.query.Condition;
import java.util.Optional;

/** One entry of an action's list: whom it grants, narrowed to the documents {@code where} matches when present. */
public record Grant(Who who, Optional<Condition> where) {

    public static Grant owner() {
        return new Grant(new Who.Owner(), Optional.empty());
    }
}
