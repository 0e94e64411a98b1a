package dev.vellum.documents;

import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.FieldRef;
import dev.vellum.query.SystemField;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code select=title,author.name}: the body paths SQL projects ({@code vellum_select}) and the
 * system fields kept besides {@code id}. {@link #ALL} keeps everything.
 */
record Selection(List<String> bodyPaths, Set<SystemField> systemFields) {

    static final int MAX_FIELDS = 100;
    static final Selection ALL = new Selection(null, EnumSet.allOf(SystemField.class));

    static Selection of(List<String> fields) {
        if (fields.isEmpty()) {
            return ALL;
        }
        if (fields.size() > MAX_FIELDS) {
            throw VellumException.validation("select names at most " + MAX_FIELDS + " fields", Map.of("field", "select"));
        }
        Set<String> paths = new LinkedHashSet<>();
        Set<SystemField> system = EnumSet.of(SystemField.KEY);
        for (String name : fields) {
            if (name == null || name.isBlank()) {
                throw VellumException.validation("select has an empty field name", Map.of("field", "select"));
            }
            FieldRef field = DocumentFields.parse(name.strip(), "select");
            if (field instanceof SystemField s) {
                system.add(s);
            } else {
                paths.add(((BodyPath) field).publicName());
            }
        }
        return new Selection(List.copyOf(paths), system);
    }

    boolean all() {
        return bodyPaths == null;
    }

    String[] pathArray() {
        return bodyPaths.toArray(String[]::new);
    }

    boolean keeps(SystemField field) {
        return systemFields.contains(field);
    }

    static List<String> split(String commaList) {
        return new ArrayList<>(List.of(commaList.split(",", -1)));
    }
}
