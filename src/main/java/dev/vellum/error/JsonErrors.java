package dev.vellum.error;

import tools.jackson.core.JacksonException;

/** Short, client-safe descriptions of JSON parse failures (no class names, no source dumps). */
final class JsonErrors {

    private JsonErrors() {
    }

    static String describe(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "cannot parse";
        }
        if (message.startsWith("Trailing token")) {
            // Jackson's text names its own classes and features here
            message = "unexpected content after the JSON value";
        }
        message = message.replaceAll("\\s+", " ");
        // Limit errors name Jackson internals: "(64, from `StreamReadConstraints.getMaxNestingDepth()`)".
        message = message.replaceAll(",? ?from `[^`]*`", "");
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        var location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            return message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return message;
    }
}
