package dev.vellum.error;

/** Client-facing messages for the sub-document errors the database reports by code. */
final class SubdocMessages {

    private SubdocMessages() {
    }

    static String of(ErrorCode code) {
        return switch (code) {
            case DOCUMENT_NOT_FOUND -> "document not found";
            case DOCUMENT_EXISTS -> "document already exists";
            case CAS_MISMATCH -> "the document changed: cas does not match";
            case PATH_NOT_FOUND -> "path not found";
            case PATH_EXISTS -> "path already exists";
            case PATH_MISMATCH -> "path does not match the document's structure";
            case VALUE_TOO_DEEP -> "the document would nest deeper than 32 levels";
            case VALUE_CANT_INSERT -> "value cannot be inserted there";
            case NUMBER_TOO_BIG -> "the existing number does not fit in 64 bits";
            case DELTA_INVALID -> "invalid counter delta";
            default -> code.name().toLowerCase().replace('_', ' ');
        };
    }
}
