package dev.vellum.subdoc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Shared helpers for sub-document tests: JSON with single quotes, the seed document, error checks. */
final class SubdocFixtures {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** The seed's customer123 document (003_4abad5b41d7e282d.txt), with a pending list added. */
    static final String CUSTOMER_123 = """
            {"name": "Douglas Reynholm", "email": "douglas@reynholmindustries.com",
             "addresses": {
               "billing": {"line1": "123 Any Street", "line2": "Anytown", "country": "United Kingdom"},
               "delivery": {"line1": "123 Any Street", "line2": "Anytown", "country": "United Kingdom"}},
             "purchases": {"complete": [339, 976, 442, 666], "abandoned": [157, 42, 999], "pending": []}}
            """;

    private SubdocFixtures() {
    }

    /** Parses JSON written with single quotes for readability. */
    static JsonNode json(String singleQuoted) {
        return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    static JsonNode customer123() {
        return MAPPER.readTree(CUSTOMER_123);
    }

    static VellumException assertCode(ErrorCode code, Executable call) {
        VellumException e = assertThrows(VellumException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    /** Asserts the error names the spec at fault. */
    static VellumException assertSpecError(ErrorCode code, int specIndex, Executable call) {
        VellumException e = assertCode(code, call);
        assertEquals(specIndex, e.details().get("spec_index"), e.getMessage());
        return e;
    }

    /** Asserts a body-level VALIDATION_ERROR naming the field. */
    static VellumException assertInvalidField(String field, Executable call) {
        VellumException e = assertCode(ErrorCode.VALIDATION_ERROR, call);
        assertEquals(field, e.details().get("field"), e.getMessage());
        return e;
    }
}
