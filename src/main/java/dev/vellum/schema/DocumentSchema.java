package dev.vellum.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.ValidationLimitExceededException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A collection's compiled schema. Thread-safe; one evaluation is bounded in steps and depth, so
 * a recursive schema ({@code {"$ref": "#"}}) cannot loop.
 */
public final class DocumentSchema {

    /** Violations reported per document; more are counted but not listed. */
    static final int MAX_REPORTED = 20;
    static final long MAX_STEPS = 1_000_000;
    static final int MAX_DEPTH = 256;

    private final Schema schema;
    private final String unusable;
    private final String source;

    DocumentSchema(Schema schema, String source) {
        this.schema = schema;
        this.unusable = null;
        this.source = source;
    }

    private DocumentSchema(String unusable, String source) {
        this.schema = null;
        this.unusable = unusable;
        this.source = source;
    }

    /** The setting it was compiled from, or did not compile from (JSON text). */
    String source() {
        return source;
    }

    /** A stored setting that does not compile (written by hand): it fails closed, every write is refused. */
    static DocumentSchema unusable(String why, String source) {
        return new DocumentSchema(why, source);
    }

    /** Where {@code document} fails the schema, in document order; empty when it conforms. CPU work: call off the event loop. */
    public List<SchemaViolation> violations(JsonNode document) {
        if (schema == null) {
            return List.of(new SchemaViolation("", "schema", "the collection's stored schema is not valid, so nothing can be"
                    + " written until it is fixed: " + unusable));
        }
        try {
            List<Error> errors = schema.validate(document, context -> context.executionConfig(config -> config
                    .maxEvaluationSteps(MAX_STEPS).maxEvaluationDepth(MAX_DEPTH)));
            return errors.stream()
                    .map(error -> new SchemaViolation(pointer(error), error.getKeyword(), error.getMessage()))
                    .distinct()
                    .sorted(java.util.Comparator.comparing(SchemaViolation::pointer))
                    .toList();
        } catch (ValidationLimitExceededException e) {
            return List.of(new SchemaViolation("", "limit", "the schema took too long to evaluate on this document ("
                    + e.getLimitKind().name().toLowerCase(java.util.Locale.ROOT) + " limit)"));
        }
    }

    private static String pointer(Error error) {
        String path = error.getInstanceLocation().toString();
        // required, additionalProperties, unevaluatedProperties, propertyNames...: the property
        // itself, which may be missing, is the place to fix
        if (error.getProperty() != null) {
            return path + "/" + escape(error.getProperty());
        }
        return path;
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
