package dev.vellum.subdoc;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.util.Map;

/** Builds the errors of this package: path errors, spec errors naming the spec, body errors. */
final class SubdocErrors {

    static final String SPEC_INDEX = "spec_index";
    static final String FIELD = "field";

    private SubdocErrors() {
    }

    static VellumException pathInvalid(String path, String why) {
        return new VellumException(ErrorCode.PATH_INVALID, "invalid path '" + path + "': " + why);
    }

    static VellumException pathTooBig(String why) {
        return new VellumException(ErrorCode.PATH_TOO_BIG, "path too big: " + why);
    }

    /** A body-level VALIDATION_ERROR naming the client's field. */
    static VellumException invalid(String field, String message) {
        return VellumException.validation(message, Map.of(FIELD, field));
    }

    /** A VALIDATION_ERROR in one spec: names the spec and its field. */
    static VellumException invalidSpec(int index, String field, String message) {
        return VellumException.validation("specs[" + index + "]: " + message, Map.of(SPEC_INDEX, index, FIELD, field));
    }

    /** A sub-document error (Couchbase's) in one spec. */
    static VellumException atSpec(int index, ErrorCode code, String message) {
        return new VellumException(code, "specs[" + index + "]: " + message, Map.of(SPEC_INDEX, index));
    }

    /** The same error, now naming the spec it came from. */
    static VellumException atSpec(int index, VellumException e) {
        return atSpec(index, e.code(), e.getMessage());
    }
}
