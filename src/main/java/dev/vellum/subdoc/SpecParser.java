package dev.vellum.subdoc;

import dev.vellum.error.VellumException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Parses and validates the HTTP bodies of lookup_in and mutate_in into spec records. */
public final class SpecParser {

    /** Couchbase's limit on specs per request, for lookups and mutations alike. */
    public static final int MAX_SPECS = 16;

    private static final Set<String> LOOKUP_BODY = Set.of("specs");
    private static final Set<String> MUTATE_BODY = Set.of("specs", "cas", "store_semantics", "expiry", "durability");
    private static final Set<String> LOOKUP_SPEC = Set.of("op", "path");
    private static final Set<String> VALUE_FIELDS = Set.of("value", "values", "delta", "create_parents", "create_path");

    private SpecParser() {
    }

    public static List<LookupSpec> lookups(JsonNode body) {
        List<JsonNode> specs = specs(body, LOOKUP_BODY);
        List<LookupSpec> out = new ArrayList<>();
        for (int index = 0; index < specs.size(); index++) {
            final int i = index;
            JsonNode spec = specObject(specs.get(i), i);
            for (String name : spec.propertyNames()) {
                if (VALUE_FIELDS.contains(name)) {
                    throw SubdocErrors.invalidSpec(i, name, "lookups take no '" + name + "'");
                }
            }
            rejectUnknownSpecFields(spec, LOOKUP_SPEC, i);
            String opName = string(spec, "op", i);
            LookupOp op = LookupOp.fromWire(opName)
                    .orElseThrow(() -> SubdocErrors.invalidSpec(i, "op", "unknown lookup op '" + opName + "'"));
            out.add(new LookupSpec(op, path(spec, i)));
        }
        return out;
    }

    public static MutateRequest mutations(JsonNode body) {
        List<JsonNode> specs = specs(body, MUTATE_BODY);
        List<MutationSpec> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            out.add(MutationSpecReader.read(specObject(specs.get(i), i), i));
        }
        Optional<String> cas = option(body, "cas").map(node -> {
            if (!node.isString() || node.stringValue().isEmpty()) {
                throw SubdocErrors.invalid("cas", "'cas' is the opaque string a read returned");
            }
            return node.stringValue();
        });
        StoreSemantics semantics = option(body, "store_semantics")
                .map(node -> named(node, "store_semantics", StoreSemantics.fromWire(text(node))))
                .orElse(StoreSemantics.REPLACE);
        Optional<Integer> expiry = option(body, "expiry").map(node -> {
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
                throw SubdocErrors.invalid("expiry", "'expiry' is a whole number of seconds from 0 to " + Integer.MAX_VALUE);
            }
            return node.intValue();
        });
        Optional<Durability> durability = option(body, "durability")
                .map(node -> named(node, "durability", Durability.fromWire(text(node))));
        return new MutateRequest(out, cas, semantics, expiry, durability);
    }

    /** Checks the body and its {@code specs} array; returns the specs. */
    private static List<JsonNode> specs(JsonNode body, Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw SubdocErrors.invalid("body", "the request body must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                throw SubdocErrors.invalid(name, "unknown field '" + name + "'");
            }
        }
        JsonNode specs = body.get("specs");
        if (specs == null || !specs.isArray() || specs.isEmpty() || specs.size() > MAX_SPECS) {
            throw SubdocErrors.invalid("specs", "'specs' must be an array of 1 to " + MAX_SPECS + " specs");
        }
        List<JsonNode> list = new ArrayList<>();
        specs.values().forEach(list::add);
        return list;
    }

    static JsonNode specObject(JsonNode spec, int index) {
        if (!spec.isObject()) {
            throw VellumException.validation("specs[" + index + "] must be an object", Map.of(SubdocErrors.SPEC_INDEX, index));
        }
        return spec;
    }

    static void rejectUnknownSpecFields(JsonNode spec, Set<String> allowed, int index) {
        for (String name : spec.propertyNames()) {
            if (!allowed.contains(name)) {
                throw SubdocErrors.invalidSpec(index, name, "unknown field '" + name + "'");
            }
        }
    }

    static String string(JsonNode spec, String field, int index) {
        JsonNode node = spec.get(field);
        if (node == null || !node.isString()) {
            throw SubdocErrors.invalidSpec(index, field, "'" + field + "' is required and must be a string");
        }
        return node.stringValue();
    }

    /** The spec's path, parsed; parser errors keep their code and gain the spec index. */
    static SubdocPath path(JsonNode spec, int index) {
        String text = string(spec, "path", index);
        try {
            return SubdocPathParser.parse(text);
        } catch (VellumException e) {
            throw SubdocErrors.atSpec(index, e);
        }
    }

    /** A top-level option; JSON null counts as absent. */
    private static Optional<JsonNode> option(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : null;
    }

    private static <T> T named(JsonNode node, String field, Optional<T> value) {
        return value.orElseThrow(() -> SubdocErrors.invalid(field, "unknown " + field + " " + node));
    }
}
