package dev.vellum.query;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Converts client JSON operands for system fields into the Java types their columns bind as. */
final class SystemValues {

    private SystemValues() {
    }

    /**
     * The typed value for a system-field operand: String for {@code _key}/{@code _userkey},
     * OffsetDateTime (UTC) for the timestamps, Long for {@code _version}. JSON null is not
     * accepted here; callers handle {@code _userkey: null} themselves.
     */
    static Object convert(SystemField field, JsonNode value, String reportAs) {
        return switch (field) {
            case KEY, USERKEY -> {
                if (!value.isString()) {
                    throw QueryErrors.invalid(reportAs, field.publicName() + " needs a string value");
                }
                yield value.stringValue();
            }
            case CREATED_AT, MODIFIED_AT -> {
                Optional<OffsetDateTime> instant = value.isString() ? parseInstant(value.stringValue()) : Optional.empty();
                yield instant.orElseThrow(() -> QueryErrors.invalid(reportAs,
                        field.publicName() + " needs an ISO-8601 timestamp such as 2024-01-01T00:00:00Z"));
            }
            case VERSION -> {
                if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                    throw QueryErrors.invalid(reportAs, "_version needs an integer value");
                }
                yield value.longValue();
            }
        };
    }

    /** An ISO-8601 instant with offset, or a plain date meaning midnight UTC; normalized to UTC. */
    static Optional<OffsetDateTime> parseInstant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return Optional.of(LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
